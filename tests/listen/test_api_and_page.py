"""``GET /api/v1/posts`` with its filters, the conversation summary and the explorer page, on
both stores. Enrichment columns are set as ``mixroom enrich`` leaves them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from factories import make_institution, make_site
from mixroom.models import CollectionGap, CollectionRun, Post
from mixroom.pipelines.importers.posts.registry import get_post_importer
from mixroom.pipelines.listen.runner import import_posts_file
from mixroom.settings import Settings
from mixroom.web.app import create_app

DATA = Path(__file__).resolve().parents[1] / "data" / "listen"


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as client:
        yield client


@pytest.fixture
def world(session: Session) -> dict[str, int]:
    museum = make_institution(
        session, social_accounts=[{"platform": "instagram", "handle": "museedelalaine"}]
    )
    site = make_site(session, name="Grenoble")
    run = import_posts_file(
        session,
        get_post_importer("zeeschuimer"),
        DATA / "zeeschuimer-export-mixed.ndjson",
        secret="test-secret",
    )
    enrich = {
        "C9xYzAbC1": ("fr", "positive", {"OM": 0.8}, [("site", site.id, "Grenoble", "name")]),
        "C9xYzAbC2": ("fr", "positive", {"OM": 0.3, "TLC": 0.6}, []),
        "7380001": ("en", "neutral", {"TLC": 0.9}, []),
        "1800000000000000001": ("es", "negative", {}, [("institution", museum.id, "x", "url")]),
    }
    for post in session.scalars(select(Post)):
        if post.external_id in enrich:
            language, sentiment, topics, links = enrich[post.external_id]
            post.language, post.sentiment, post.topics = language, sentiment, topics
            post.entities = [{"kind": k, "id": i, "text": t, "how": h} for k, i, t, h in links]
            post.enriched_with = "test"
    stored = session.get(CollectionRun, run.id)
    assert stored is not None
    session.add(
        CollectionGap(
            run_id=run.id,
            source_id=stored.source_id,
            start=datetime(2024, 6, 10, 12, tzinfo=UTC),
            end=datetime(2024, 6, 11, 0, tzinfo=UTC),
            reason="mastodon.social: HTTP 500 after 4 tries",
        )
    )
    session.commit()
    return {"museum": museum.id, "site": site.id}


def ids(client: TestClient, **params: str | int) -> list[str]:
    response = client.get("/api/v1/posts", params=params)
    assert response.status_code == 200, response.text
    return [item["external_id"] for item in response.json()["items"]]


def test_posts_list_with_enrichment(client: TestClient, world: dict[str, int]) -> None:
    body = client.get("/api/v1/posts", params={"limit": 2}).json()
    assert (body["total"], body["limit"], len(body["items"])) == (7, 2, 2)
    first = body["items"][0]
    assert first["external_id"] == "1800000000000000001"  # newest first
    assert first["author"].startswith("anon-")
    assert (first["language"], first["sentiment"], first["topics"]) == ("es", "negative", {})
    assert first["entities"] == [
        {"kind": "institution", "id": world["museum"], "text": "x", "how": "url"}
    ]
    assert "raw" not in first


def test_posts_filters(client: TestClient, world: dict[str, int]) -> None:
    assert ids(client, language="fr") == ["C9xYzAbC2", "C9xYzAbC1"]
    assert ids(client, sentiment="neutral") == ["7380001"]
    assert ids(client, topic="TLC") == ["7380001", "C9xYzAbC2"]
    assert ids(client, topic="OM") == ["C9xYzAbC1"]
    assert ids(client, site=world["site"]) == ["C9xYzAbC1"]
    # the museum's own post and the post linked to it
    assert ids(client, institution=world["museum"]) == ["1800000000000000001", "C9xYzAbC2"]
    assert ids(client, hashtag="#Glam") == ["7380001"]
    assert ids(client, since="2024-06-10", until="2024-06-10") == [
        "at://anon-" + ids(client, platform="bluesky")[0].split("anon-")[1]
    ]
    assert ids(client, q="coulisses") == ["C9thr1"]
    assert client.get("/api/v1/posts", params={"sentiment": "angry"}).status_code == 422


def test_conversation_summary(client: TestClient, world: dict[str, int]) -> None:
    body = client.get("/api/v1/posts/conversation").json()
    assert body["total"] == 7
    assert body["days"] == [
        {"day": "2024-06-09", "posts": 5},
        {"day": "2024-06-10", "posts": 1},
        {"day": "2024-06-12", "posts": 1},
    ]
    assert body["hashtags"][:2] == [
        {"value": "museomix", "count": 3},
        {"value": "glam", "count": 1},
    ]
    mentions = [(m["value"][:5], m["count"]) for m in body["mentions"]]
    assert mentions == [("anon-", 1), ("musee", 1)]  # xuser_bob, pseudonymised
    assert body["gaps"][0]["reason"] == "mastodon.social: HTTP 500 after 4 tries"
    runs = client.get("/api/v1/sources/import:zeeschuimer/runs").json()
    assert [(r["status"], r["added"], len(r["gaps"])) for r in runs] == [("ok", 7, 1)]
    assert client.get("/api/v1/sources/nope/runs").status_code == 404


def test_explorer_page(client: TestClient, world: dict[str, int]) -> None:
    page = client.get("/conversation")
    assert page.status_code == 200
    html = page.text
    assert html.count('class="bar"') == 4  # 9, 10, 11 (empty) and 12 June
    gap = re.search(r'<rect class="gap" x="([\d.]+)" y="0" width="([\d.]+)"', html)
    assert gap is not None and (gap.group(1), gap.group(2)) == ("270.0", "90.0")
    assert "mastodon.social: HTTP 500 after 4 tries" in html
    assert "claire.visits" not in html and "Claire Martin" not in html
    assert "museedelalaine" in html  # the institution's own account, in clear
    filtered = client.get("/conversation", params={"language": "es", "sentiment": ""}).text
    assert filtered.count('class="bar"') == 1
    assert "Nuevo prototipo" in filtered and "Hackathon" not in filtered
    odd = client.get("/conversation", params={"sentiment": "angry"})
    assert odd.status_code == 200 and "were not understood" in odd.text
