"""The demo's synthetic conversation: what the shipped file holds, and ``mixroom demo`` importing
and enriching it once (a second run adds and enriches nothing)."""

from __future__ import annotations

import json
import re
import statistics
from collections import Counter
from datetime import date

import pytest
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from mixroom import cli
from mixroom.models import Edition, Post
from mixroom.pipelines import demo
from mixroom.settings import Settings

runner = CliRunner()
[(FORMAT, PATH)] = demo.demo_posts()


def words(output: str) -> str:
    return " ".join(output.split())


def test_the_shipped_conversation_is_synthetic_multilingual_and_jumps_at_the_event() -> None:
    statuses = [json.loads(line) for line in PATH.read_text(encoding="utf-8").splitlines()]
    assert FORMAT == "mastodon" and 200 <= len(statuses) <= 500
    assert {status["account"]["url"].split("/")[2] for status in statuses} == {"social.example"}
    assert len({status["language"] for status in statuses}) >= 6
    days = Counter(date.fromisoformat(status["created_at"][:10]) for status in statuses)
    assert (max(days) - min(days)).days >= 42
    busiest = max(days, key=lambda day: days[day])
    assert date(2022, 11, 3) <= busiest <= date(2022, 11, 7)  # GLAMhack 2022
    assert days[busiest] >= 5 * statistics.median(days.values())
    assert sum(status["in_reply_to_id"] is not None for status in statuses) >= 10


@pytest.fixture
def environment(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("MIXROOM_HOME", str(settings.home))
    monkeypatch.setenv("MIXROOM_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("MIXROOM_SECRET_KEY", "test-secret")
    # the registry part of the demo is tested elsewhere: GLAMhack 2022 is enough to link to
    datasets = (("dribdat", "opendata-ch-hackdays/2022-glamhack-datapackage.json"),)
    monkeypatch.setattr(demo, "DEMO_DATASETS", datasets)
    return settings


def test_demo_imports_and_enriches_the_conversation_once(environment: Settings) -> None:
    first = runner.invoke(cli.app, ["demo", "--no-serve"])
    assert first.exit_code == 0, first.output
    count = len(PATH.read_text(encoding="utf-8").splitlines())
    assert f"{count} read, {count} added" in words(first.output)
    assert f"{count} posts enriched" in words(first.output)
    assert re.search(rf"\b{count} posts\b", words(first.output).split("enriched")[-1])
    second = runner.invoke(cli.app, ["demo", "--no-serve"])
    assert second.exit_code == 0, second.output
    assert f"0 added, 0 updated, {count} unchanged" in words(second.output)
    assert "0 posts enriched" in words(second.output)

    engine = create_engine(environment.resolved_database_url())
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(Post)) == count
        assert session.scalar(select(func.count()).where(Post.enriched_with.is_(None))) == 0
        assert session.scalar(select(func.count()).where(Post.author.not_like("anon-%"))) == 0
        edition = session.scalar(select(Edition.id).where(Edition.slug == "glamhack-2022"))
        linked = [
            post_entities
            for post_entities in session.scalars(select(Post.entities))
            if any(e["kind"] == "edition" and e["id"] == edition for e in post_entities)
        ]
        assert len(linked) >= 20
        languages = set(session.scalars(select(Post.language)))
        assert {"en", "fr", "de", "it", "es", "ca"} <= languages
        replies = session.scalars(select(Post.reply_to).where(Post.reply_to.is_not(None))).all()
        external = set(session.scalars(select(Post.external_id)))
        assert replies and set(replies) <= external  # every reply joined to its parent
    engine.dispose()
