"""The issue's "done when", with the commands alone: a Zeeschuimer export, a Mastodon hashtag page
and an RSS comment feed, each imported twice with ``mixroom import posts``, give their posts once,
with language, topics, sentiment and entity links filled in and authors pseudonymised; the second
import enriches nothing, ``--no-enrich`` leaves the posts to ``mixroom enrich``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from factories import make_edition, make_institution, make_prototype
from mixroom import cli
from mixroom.models import Post
from mixroom.settings import Settings

DATA = Path(__file__).resolve().parents[1] / "data" / "listen"
runner = CliRunner()

FILES = [
    ("zeeschuimer", "zeeschuimer-export-mixed.ndjson", 7),
    ("mastodon", "mastodon-social-tag-page1.json", 2),
    ("rss", "blog-comments.xml", 2),
]


def words(output: str) -> str:
    return " ".join(output.split())


@pytest.fixture
def environment(settings: Settings, engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """A store with an institution (accounts), an edition (hashtags) and a prototype to link."""
    monkeypatch.setenv("MIXROOM_HOME", str(settings.home))
    monkeypatch.setenv("MIXROOM_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("MIXROOM_SECRET_KEY", "test-secret")
    with Session(engine) as session:
        make_institution(
            session,
            name="Musée de la Laine",
            website="https://blog.musee.example/",
            social_accounts=[
                {"platform": "instagram", "handle": "museedelalaine"},
                {"platform": "mastodon", "handle": "museedelalaine@mastodon.social"},
            ],
        )
        make_edition(session, name="Museomix 2024", slug="museomix-2024", hashtags=["museomix"])
        make_prototype(session, title="Le prototype sonore", visibility="public")
        session.commit()
    return settings


def posts(engine: Engine) -> list[Post]:
    with Session(engine) as session:
        return list(session.scalars(select(Post).order_by(Post.id)))


def enriched(output: str) -> int:
    found = re.search(r"(\d+) posts enriched", words(output))
    assert found is not None, output
    return int(found.group(1))


@pytest.mark.parametrize(("fmt", "name", "count"), FILES)
def test_imported_twice_once_enriched_and_pseudonymised(
    environment: Settings, engine: Engine, fmt: str, name: str, count: int
) -> None:
    command = ["import", "posts", "--format", fmt, str(DATA / name)]
    first = runner.invoke(cli.app, command)
    assert first.exit_code == 0, first.output
    assert f"{count} added" in words(first.output)
    assert enriched(first.output) == count
    second = runner.invoke(cli.app, command)
    assert second.exit_code == 0, second.output
    assert f"0 added, 0 updated, {count} unchanged" in words(second.output)
    assert enriched(second.output) == 0

    stored = posts(engine)
    assert len(stored) == count
    assert len({(post.platform, post.external_id) for post in stored}) == count
    for post in stored:
        assert post.author.startswith("anon-") or post.author_institution_id is not None
        assert post.enriched_with is not None and post.enriched_with.startswith("e1-")
        assert post.language, post.text
        assert isinstance(post.topics, dict)
        assert isinstance(post.entities, list)
        if post.text.strip():
            assert post.sentiment in {"positive", "neutral", "negative"}


def test_entity_links_and_topics_across_the_three_files(
    environment: Settings, engine: Engine
) -> None:
    for fmt, name, _ in FILES:
        result = runner.invoke(cli.app, ["import", "posts", "--format", fmt, str(DATA / name)])
        assert result.exit_code == 0, result.output
    kinds = {(post.platform, entity["kind"]) for post in posts(engine) for entity in post.entities}
    assert ("instagram", "institution") in kinds  # @museedelalaine
    assert ("mastodon", "edition") in kinds  # #museomix
    assert ("rss", "prototype") in kinds  # "Le prototype sonore était le meilleur."
    assert any(post.topics for post in posts(engine))


def test_no_enrich_leaves_the_posts_to_mixroom_enrich(
    environment: Settings, engine: Engine
) -> None:
    path = str(DATA / "mastodon-social-tag-page1.json")
    command = ["import", "posts", "--format", "mastodon", "--no-enrich", path]
    result = runner.invoke(cli.app, command)
    assert result.exit_code == 0, result.output
    assert "enriched" not in result.output
    assert {post.enriched_with for post in posts(engine)} == {None}
    later = runner.invoke(cli.app, ["enrich", "--workers", "1"])
    assert later.exit_code == 0, later.output
    assert "2 posts enriched, 0 already current" in words(later.output)
    assert None not in {post.enriched_with for post in posts(engine)}


def test_only_the_posts_an_import_added_or_changed_are_enriched(
    environment: Settings, engine: Engine, tmp_path: Path
) -> None:
    first = runner.invoke(
        cli.app,
        ["import", "posts", "--format", "mastodon", "--no-enrich",
         str(DATA / "mastodon-social-tag-page1.json")],
    )  # fmt: skip
    assert first.exit_code == 0, first.output
    other = runner.invoke(
        cli.app,
        ["import", "posts", "--format", "mastodon", str(DATA / "mastodon-art-tag-page1.json")],
    )
    assert other.exit_code == 0, other.output
    assert enriched(other.output) == 2
    stored = posts(engine)
    assert sum(post.enriched_with is None for post in stored) == 2
