"""Enrichment of stored posts: only what changed is reprocessed; ``mixroom enrich``."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from factories import make_edition, make_institution, make_prototype
from mixroom import cli
from mixroom.db import make_engine, make_session_factory
from mixroom.models.posts import Post, Source
from mixroom.pipelines.enrichers.sentiment import SentimentModel
from mixroom.pipelines.enrichers.store import enrich_posts, load_context, load_gazetteer
from mixroom.services.topics import seed_default_topics
from mixroom.settings import Settings

TEXTS = [
    "Merci @mba_lyon pour l'atelier de réalité virtuelle, génial ! #Museomix2024",
    "The app kept crashing during the whole visit, so disappointing",
    "Die Ausstellung öffnet am Samstag um 10 Uhr",
]


def add_posts(session: Session, texts: list[str], prefix: str = "p", **extra: Any) -> list[Post]:
    source = Source(name=f"test-{prefix}", platform="csv", kind="file")
    session.add(source)
    session.flush()
    posts = [
        Post(
            source_id=source.id,
            platform="csv",
            external_id=f"{prefix}{number}",
            author="anon:x",
            text=text,
            **extra,
        )
        for number, text in enumerate(texts)
    ]
    session.add_all(posts)
    session.flush()
    return posts


def registry(session: Session) -> dict[str, int]:
    museum = make_institution(
        session,
        name="Musée des Beaux-Arts de Lyon",
        website="https://www.mba-lyon.fr",
        social_accounts=[{"platform": "x", "handle": "@mba_lyon"}],
    )
    edition = make_edition(session, name="Museomix 2024", slug="museomix-2024", hashtags=["mx24"])
    prototype = make_prototype(session, title="Le Souffle des Statues")
    return {"institution": museum.id, "edition": edition.id, "prototype": prototype.id}


def test_gazetteer_from_the_store(session: Session) -> None:
    ids = registry(session)
    gazetteer = load_gazetteer(session)
    links = gazetteer.link("@mba_lyon #mx24 Le souffle des statues https://mba-lyon.fr/expo")
    assert sorted((link["kind"], link["id"], link["how"]) for link in links) == [
        ("edition", ids["edition"], "hashtag"),
        ("institution", ids["institution"], "mention"),
        ("institution", ids["institution"], "url"),
        ("prototype", ids["prototype"], "name"),
    ]


def test_stored_topics_make_the_context(session: Session) -> None:
    seed_default_topics(session)
    context = load_context(session)
    assert [spec.code for spec in context.topics] == ["MC", "IC", "OM", "MFC", "MH", "ER", "TLC"]


def test_enrich_posts_then_only_what_changed(session: Session) -> None:
    ids = registry(session)
    posts = add_posts(session, TEXTS, links=["https://www.mba-lyon.fr/agenda"])
    context = load_context(session)
    calls: list[tuple[int, int]] = []
    report = enrich_posts(
        session, context, batch_size=2, workers=2, progress=lambda *p: calls.append(p)
    )
    assert (report.enriched, report.already_current) == (3, 0)
    assert calls == [(2, 3), (3, 3)]
    session.expire_all()
    first, second, third = (session.get(Post, post.id) for post in posts)
    assert first is not None and second is not None and third is not None
    assert (first.language, first.sentiment, next(iter(first.topics))) == ("fr", "positive", "ER")
    assert {(link["kind"], link["id"], link["how"]) for link in first.entities} == {
        ("edition", ids["edition"], "hashtag"),
        ("institution", ids["institution"], "mention"),
        ("institution", ids["institution"], "url"),
    }
    assert (second.language, second.sentiment) == ("en", "negative")
    assert (third.language, third.sentiment) == ("de", "neutral")
    assert {post.enriched_with for post in (first, second, third)} == {context.fingerprint}

    again = enrich_posts(session, context)
    assert (again.enriched, again.already_current) == (0, 3)
    add_posts(session, ["Un post de plus"], prefix="q")
    assert enrich_posts(session, context).enriched == 1

    retrained = replace(context, sentiment=SentimentModel(weights=context.sentiment.weights * 1.5))
    after = enrich_posts(session, retrained)
    assert (after.enriched, after.already_current) == (4, 0)
    assert enrich_posts(session, retrained, everything=True).enriched == 4


@pytest.fixture
def environment(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("MIXROOM_HOME", str(settings.home))
    monkeypatch.setenv("MIXROOM_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("MIXROOM_SECRET_KEY", "test-secret")
    return settings


def test_mixroom_enrich(environment: Settings) -> None:
    engine = make_engine(environment)
    with make_session_factory(engine)() as session:
        add_posts(session, TEXTS)
        session.commit()
    runner = CliRunner()
    first = runner.invoke(cli.app, ["enrich", "--workers", "1"])
    assert first.exit_code == 0, first.output
    assert "3 posts enriched, 0 already current" in first.output
    second = runner.invoke(cli.app, ["enrich", "--workers", "1"])
    assert "0 posts enriched, 3 already current" in second.output
    everything = runner.invoke(cli.app, ["enrich", "--all", "--workers", "1"])
    assert "3 posts enriched, 0 already current" in everything.output
    with make_session_factory(engine)() as session:
        languages = session.scalars(select(Post.language).order_by(Post.id)).all()
    engine.dispose()
    assert languages == ["fr", "en", "de"]
