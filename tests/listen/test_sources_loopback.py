"""Network sources against real HTTP servers on 127.0.0.1 serving recorded payloads: Link-header
and cursor pagination, a 429 with Retry-After, 500s retried, a source that keeps failing
recorded as a gap; nothing leaves the machine."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx
import orjson
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from factories import make_institution
from listen.loopback import Answer, Loopback
from mixroom.models import Post, Source
from mixroom.pipelines.listen.http import Fetcher
from mixroom.pipelines.listen.runner import run_source
from mixroom.schemas.posts import SourceCreate
from mixroom.services.sources import add_source, list_runs

DATA = Path(__file__).resolve().parents[1] / "data" / "listen"
SECRET = "test-secret"
TAG = "/api/v1/timelines/tag/museomix"
JSON = {"Content-Type": "application/json"}
Start = Callable[[], Loopback]


def body(name: str) -> bytes:
    return (DATA / name).read_bytes()


def source(session: Session, platform: str, kind: str, query: str, *bases: str) -> Source:
    data = SourceCreate(
        name=f"{platform}-{kind}", platform=platform, kind=kind, query=query, instances=list(bases)
    )
    return add_source(session, data)


def fetcher(client: httpx.Client) -> Fetcher:
    return Fetcher(client, backoff=0.01)


def serve_mastodon(start: Start) -> tuple[Loopback, Loopback]:
    social, art = start(), start()
    page2 = f"{{BASE}}{TAG}?limit=40&max_id=112600000000000003"
    newer = f"{{BASE}}{TAG}?min_id=112600000000000004"
    social.route(
        TAG,
        Answer(429, b'{"error": "Too many requests"}', {"Retry-After": "1", **JSON}),
        Answer(
            200,
            body("mastodon-social-tag-page1.json"),
            {
                **JSON,
                "Link": f'<{page2}>; rel="next", <{newer}>; rel="prev"',
                "X-RateLimit-Limit": "300",
                "X-RateLimit-Remaining": "298",
            },
        ),
    )
    social.route(
        f"{TAG}?max_id=112600000000000003",
        Answer(200, body("mastodon-social-tag-page2.json"), JSON),
    )
    art.route(
        TAG,
        Answer(500, b"oops"),
        Answer(502, b"bad gateway"),
        Answer(200, body("mastodon-art-tag-page1.json"), JSON),
    )
    return social, art


def test_mastodon_hashtag_on_two_instances(session: Session, loopback: Start) -> None:
    museum = make_institution(
        session,
        social_accounts=[{"platform": "mastodon", "handle": "museedelalaine@mastodon.social"}],
    )
    social, art = serve_mastodon(loopback)
    feed = source(session, "mastodon", "hashtag", "#museomix", social.base, art.base)
    with httpx.Client() as client:
        polite = fetcher(client)
        run = run_source(session, feed, polite, secret=SECRET)
    assert polite.waited[0] == 1.0  # the Retry-After, honoured
    assert social.requests == [
        f"{TAG}?limit=40",
        f"{TAG}?limit=40",
        f"{TAG}?limit=40&max_id=112600000000000003",
    ]
    assert len(art.requests) == 3  # 500, 502, then the page
    assert (run.status, run.items_read, run.added, run.unchanged) == ("ok", 7, 5, 2)
    # the status boosted and seen on both instances is stored once, under its URI
    shared = session.scalars(select(Post).where(Post.text.like("Le #museomix commence%"))).all()
    assert len(shared) == 1
    assert shared[0].external_id.endswith("/statuses/112600000000000001")
    assert "alice" not in shared[0].external_id
    own = session.scalars(select(Post).where(Post.author_institution_id == museum.id)).all()
    assert [p.author for p in own] == ["museedelalaine@mastodon.social"]
    assert shared[0].mentions == ["museedelalaine@mastodon.social"]
    proto = session.scalar(select(Post).where(Post.text.like("Mon équipe%")))
    assert proto is not None and proto.links == ["https://example.org/proto"]
    assert proto.hashtags == ["museomix"]
    stored = orjson.dumps([p.raw for p in session.scalars(select(Post))]).decode()
    for clear in ("Alice Durand", "Bob Leroy", '"bob"', "/@alice", "/@carol", "@alice"):
        assert clear not in stored, clear


def test_mastodon_second_run_adds_nothing_and_stops_early(
    session: Session, loopback: Start
) -> None:
    social, art = serve_mastodon(loopback)
    feed = source(session, "mastodon", "hashtag", "museomix", social.base, art.base)
    with httpx.Client() as client:
        run_source(session, feed, fetcher(client), secret=SECRET)
        social.requests.clear()
        again = run_source(session, feed, fetcher(client), secret=SECRET)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 5)
    host = social.base.removeprefix("http://")
    assert feed.state[host]["newest_id"] == "112600000000000004"
    assert social.requests == [f"{TAG}?limit=40&since_id=112600000000000004"]
    assert session.scalar(select(func.count()).select_from(Post)) == 5


def test_an_instance_that_keeps_failing_is_a_gap(session: Session, loopback: Start) -> None:
    social, broken = serve_mastodon(loopback)
    broken.route(TAG, Answer(500, b"down"))
    feed = source(session, "mastodon", "hashtag", "museomix", social.base, broken.base)
    with httpx.Client() as client:
        run = run_source(session, feed, fetcher(client), secret=SECRET)
    assert (run.status, run.added) == ("partial", 4)
    [recorded] = list_runs(session, feed.id)
    assert [(g.start, g.reason) for g in recorded.gaps] == [
        (None, f"{broken.base}{TAG}: HTTP 500 after 4 tries")
    ]
    assert len(broken.requests) == 4
    assert broken.base.removeprefix("http://") not in feed.state


def test_bluesky_search_follows_the_cursor(session: Session, loopback: Start) -> None:
    server = loopback()
    path = "/xrpc/app.bsky.feed.searchPosts"
    server.route(path, Answer(200, body("bluesky-search-page1.json"), JSON))
    server.route(f"{path}?cursor=page2", Answer(200, body("bluesky-search-page2.json"), JSON))
    feed = source(session, "bluesky", "search", "museomix", server.base)
    with httpx.Client() as client:
        run = run_source(session, feed, fetcher(client), secret=SECRET)
    assert (run.status, run.added) == ("ok", 3)
    assert "cursor=page2" in server.requests[1]
    posts = session.scalars(select(Post).order_by(Post.created_at)).all()
    first, reply, tagged = posts
    assert reply.reply_to == first.external_id == reply.thread_id
    assert tagged.hashtags == ["museomix"]
    assert tagged.links == ["https://museomix.org"]
    assert tagged.mentions[0].startswith("anon-")
    assert all("did:plc" not in p.external_id for p in posts)


def test_rss_feed_with_its_comment_feed(session: Session, loopback: Start) -> None:
    server = loopback()
    server.route("/feed/", Answer(200, body("blog-feed.xml")))
    server.route("/2024/06/retour-museomix/feed/", Answer(200, body("blog-comments.xml")))
    server.route("/2024/05/appel/feed/", Answer(503, b"busy"))
    feed = source(session, "rss", "feed", f"{server.base}/feed/")
    with httpx.Client() as client:
        run = run_source(session, feed, fetcher(client), secret=SECRET)
    assert (run.added, run.status) == (4, "partial")
    assert [g.reason for g in run.gaps] == [
        "comments of https://blog.musee.example/2024/05/appel/: "
        f"{server.base}/2024/05/appel/feed/: HTTP 503 after 4 tries"
    ]
    post = "https://blog.musee.example/2024/06/retour-museomix/"
    replies = session.scalars(select(Post).where(Post.reply_to == post).order_by(Post.id)).all()
    assert [r.text for r in replies] == [
        "Bravo, on revient l’an prochain !",
        "Le prototype sonore était le meilleur.",
    ]
    assert replies[1].created_at is not None
    assert replies[1].created_at.isoformat() == "2024-06-14T08:15:00+00:00"
    assert all(r.author.startswith("anon-") for r in replies)
