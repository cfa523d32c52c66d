"""Pure parts of listening on literal inputs: the polite fetcher (httpx.MockTransport), the
mappers of recorded API payloads and feeds, timestamps, fingerprints, the schema document."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import httpx
import orjson
import pytest

from mixroom.errors import ImportFailed
from mixroom.pipelines.fields import RowError
from mixroom.pipelines.importers.posts.bluesky import map_post_view
from mixroom.pipelines.importers.posts.mastodon import INSTANCE_KEY, map_status
from mixroom.pipelines.importers.posts.rss import RssImporter
from mixroom.pipelines.listen.http import Fetcher
from mixroom.pipelines.listen.items import PostItem, fingerprint, parse_time
from mixroom.pipelines.listen.privacy import Pseudonymiser
from mixroom.schemas.posts import PostOut

DATA = Path(__file__).resolve().parents[1] / "data" / "listen"
DOCS = Path(__file__).resolve().parents[2] / "docs"
NOW = datetime(2024, 6, 12, 10, 0, tzinfo=UTC)


def polite(*answers: httpx.Response) -> tuple[Fetcher, list[float]]:
    queue = list(answers)
    slept: list[float] = []

    def handler(request: httpx.Request) -> httpx.Response:
        return queue.pop(0)

    client = httpx.Client(transport=httpx.MockTransport(handler))
    return Fetcher(client, sleep=slept.append, now=lambda: NOW), slept


def test_retry_after_in_seconds_and_as_a_date() -> None:
    fetcher, slept = polite(
        httpx.Response(429, headers={"Retry-After": "7"}),
        httpx.Response(429, headers={"Retry-After": "Wed, 12 Jun 2024 10:00:30 GMT"}),
        httpx.Response(200, json=[]),
    )
    assert fetcher.get("https://m.example/api").status_code == 200
    assert slept == [7.0, 30.0]


def test_rate_limit_headers_make_the_next_request_wait() -> None:
    reset = {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "2024-06-12T10:05:00.000Z"}
    fetcher, slept = polite(httpx.Response(200, headers=reset), httpx.Response(200))
    fetcher.get("https://m.example/a")
    assert slept == []
    fetcher.get("https://m.example/b")
    assert slept == [300.0]


def test_bluesky_reset_is_epoch_seconds() -> None:
    epoch = str(int(NOW.timestamp()) + 12)
    fetcher, slept = polite(
        httpx.Response(429, headers={"RateLimit-Remaining": "0", "RateLimit-Reset": epoch}),
        httpx.Response(200),
    )
    fetcher.get("https://bsky.example/xrpc/x")
    assert slept == [12.0]


def test_server_errors_back_off_then_fail() -> None:
    fetcher, slept = polite(*(httpx.Response(503) for _ in range(4)))
    with pytest.raises(ImportFailed, match=r"HTTP 503 after 4 tries"):
        fetcher.get("https://m.example/a")
    assert slept == [1.0, 2.0, 4.0]


def test_a_wait_too_long_is_refused() -> None:
    fetcher, slept = polite(httpx.Response(429, headers={"Retry-After": "3600"}))
    with pytest.raises(ImportFailed, match="asked to wait 3600 s, more than 300"):
        fetcher.get("https://m.example/a")
    assert slept == []


def test_client_errors_are_not_retried() -> None:
    fetcher, slept = polite(httpx.Response(404))
    with pytest.raises(ImportFailed, match="HTTP 404"):
        fetcher.get("https://m.example/a")
    assert (slept, fetcher.requests) == ([], 1)


def test_mastodon_status_and_boost() -> None:
    statuses = json.loads((DATA / "mastodon-art-tag-page1.json").read_text())
    boost = map_status({**statuses[0], INSTANCE_KEY: "mastodon.art"})
    original = map_status({**statuses[2], INSTANCE_KEY: "mastodon.art"})
    assert boost.external_id == original.external_id
    assert boost.external_id == "https://mastodon.social/users/alice/statuses/112600000000000001"
    assert original.author_handles == ["alice", "alice@mastodon.social"]
    assert original.mentions == ["museedelalaine@mastodon.social"]
    assert original.text.startswith("Le #museomix commence demain au musée, venez nombreux")
    assert original.metrics == {"replies": 1, "reposts": 2, "likes": 3}


def test_bluesky_post_view_reply_and_facets() -> None:
    page = json.loads((DATA / "bluesky-search-page1.json").read_text())
    tagged, reply = (map_post_view(view) for view in page["posts"])
    assert tagged.mentions == ["musee.bsky.social"]
    assert tagged.mention_keys == {"musee.bsky.social": "did:plc:museeaaaa"}
    assert (tagged.hashtags, tagged.links) == (["museomix"], ["https://museomix.org"])
    assert reply.reply_to == reply.thread_id == "at://did:plc:lucie111/app.bsky.feed.post/3kb0"
    with pytest.raises(RowError, match="missing uri"):
        map_post_view({"author": {}, "record": {}})


def test_atom_comment_feed() -> None:
    importer = RssImporter()
    post, comment = (importer.map_item(raw) for raw in importer.fetch(DATA / "atom-comments.xml"))
    assert post.external_id == "https://lab.example/notes/sound/"
    assert post.text == "Lab notes: the sound prototype\n\nHow we built the #soundwalk prototype"
    assert post.hashtags == ["prototypes", "soundwalk"]
    assert comment.reply_to == post.external_id
    assert comment.created_at == datetime(2024, 6, 15, 8, 0, tzinfo=UTC)


def test_an_unreadable_feed_fails_the_import(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_text("<html><body>not a feed</body></html>")
    with pytest.raises(ImportFailed, match=r"neither RSS 2.0 nor Atom \(root <html>\)"):
        list(RssImporter().fetch(path))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1718186400, "2024-06-12T10:00:00+00:00"),
        ("1718186400000", "2024-06-12T10:00:00+00:00"),
        ("2024-06-12T12:00:00+02:00", "2024-06-12T10:00:00+00:00"),
        ("2024-06-12 10:00:00", "2024-06-12T10:00:00+00:00"),
        ("Wed, 12 Jun 2024 10:00:00 GMT", "2024-06-12T10:00:00+00:00"),
        ("Wed Jun 12 10:00:00 +0000 2024", "2024-06-12T10:00:00+00:00"),
        ("12/06/2024 10:00", "2024-06-12T10:00:00+00:00"),
    ],
)
def test_timestamps(value: object, expected: str) -> None:
    assert parse_time(value, now=NOW).isoformat() == expected


def test_future_and_unreadable_timestamps() -> None:
    with pytest.raises(RowError, match="in the future"):
        parse_time("2024-06-14T10:00:00Z", now=NOW)
    with pytest.raises(RowError, match="unreadable timestamp 'soon'"):
        parse_time("soon", now=NOW)


def test_fingerprints_see_through_reposts_but_not_short_texts() -> None:
    first = fingerprint("Le prototype du musée est incroyable https://a.example")
    assert first is not None
    assert fingerprint("RT @someone: le prototype du MUSÉE est incroyable!!") == first
    assert fingerprint("Le prototype du musée est incroyable, vraiment") != first
    assert fingerprint("Bravo !") is None


def test_pseudonyms_are_keyed_and_stable() -> None:
    one, other = Pseudonymiser("secret-one", {}), Pseudonymiser("secret-two", {})
    assert one.pseudonym("x", "@Alice") == one.pseudonym("x", "alice")
    assert one.pseudonym("x", "alice") != other.pseudonym("x", "alice")
    assert one.pseudonym("x", "alice") != one.pseudonym("mastodon", "alice")
    linked = Pseudonymiser("s", {("twitter", "@MuseeX"): 4})
    assert (linked.institution("x", ["museex"]), linked.public_name("x", "MuseeX")) == (4, "museex")


def test_display_names_in_free_text_are_pseudonymised_as_whole_words() -> None:
    item = PostItem(
        platform="instagram",
        external_id="C1",
        text="Claire Martin et Bob Brown au musée ; Claire Martinez aussi, et @bob_b",
        author_handles=["claire.visits"],
        author_names=["Claire Martin"],
        mentions=["bob_b"],
        mention_names={"bob_b": ["Bob Brown"]},
        raw={"caption": "Claire Martin et Bob Brown", "user": {"full_name": "Claire Martin"}},
        author_paths=[("user",)],
    )
    protected = Pseudonymiser("s", {}).protect(item)
    author, bob = protected.author, protected.mentions[0]
    assert protected.text == f"{author} et {bob} au musée ; Claire Martinez aussi, et @{bob}"
    assert "Claire Martin" not in protected.raw_json and "Bob Brown" not in protected.raw_json


def test_the_raw_item_stays_valid_json_around_identities() -> None:
    item = PostItem(
        platform="instagram",
        external_id="C2",
        text="cc:claire.visits",
        author_handles=["claire.visits"],
        author_ids=["48211"],
        raw={"pk": 48211, "caption": "cc:claire.visits id:48211 48211", "n": [48211]},
    )
    raw = orjson.loads(Pseudonymiser("s", {}).protect(item).raw_json)
    alias = raw["pk"]
    assert alias.startswith("anon-") and raw["n"] == [alias]
    assert raw["caption"] == f"cc:{alias} id:{alias} 48211"


def test_the_json_schema_document_matches_the_code() -> None:
    document = json.loads((DOCS / "post.schema.json").read_text())
    generated = orjson.loads(orjson.dumps(PostOut.model_json_schema()))
    assert {k: v for k, v in document.items() if not k.startswith("$")} == generated
