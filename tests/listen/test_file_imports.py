"""File imports of posts (Zeeschuimer NDJSON, CSV) into both stores: mapping, pseudonymisation,
idempotency, bad input reported with its place, copies, deletion of a source."""

from __future__ import annotations

import hashlib
import hmac
from pathlib import Path

import orjson
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from factories import make_institution
from mixroom.models import CollectionRun, Post
from mixroom.pipelines.importers.posts.registry import get_post_importer
from mixroom.pipelines.listen import writer
from mixroom.pipelines.listen.runner import import_posts_file
from mixroom.services.sources import remove_source

DATA = Path(__file__).resolve().parents[1] / "data" / "listen"
SECRET = "test-secret"


def run_file(session: Session, fmt: str, name: str | Path, **options: str) -> CollectionRun:
    path = name if isinstance(name, Path) else DATA / name
    return import_posts_file(session, get_post_importer(fmt, **options), path, secret=SECRET)


def by_id(session: Session, platform: str, external_id: str) -> Post:
    post = session.scalar(
        select(Post).where(Post.platform == platform, Post.external_id == external_id)
    )
    assert post is not None
    return post


def pseudonym(platform: str, handle: str) -> str:
    message = f"{platform}\x00{handle.lower()}".encode()
    return "anon-" + hmac.new(SECRET.encode(), message, hashlib.sha256).hexdigest()[:16]


def test_zeeschuimer_items_of_every_platform(session: Session) -> None:
    run = run_file(session, "zeeschuimer", "zeeschuimer-export-mixed.ndjson")
    assert (run.status, run.items_read, run.added, run.error_count) == ("ok", 7, 7, 0)
    platforms = session.scalars(select(Post.platform).order_by(Post.id)).all()
    assert platforms == ["instagram", "instagram", "tiktok", "tiktok", "x", "threads", "bluesky"]
    tweet = by_id(session, "x", "1800000000000000001")
    assert tweet.hashtags == ["museomixes"]
    assert tweet.metrics == {"likes": 5, "reposts": 2, "replies": 1, "quotes": 0, "views": 340}
    assert tweet.created_at is not None and tweet.created_at.isoformat() == (
        "2024-06-12T10:00:00+00:00"
    )
    comment = by_id(session, "tiktok", "7380099")
    assert (comment.reply_to, comment.thread_id) == ("7380001", "7380001")
    # the capture's own fields are kept beside the platform's item
    assert tweet.raw["__import_meta"]["source_url"] == "https://x.com/search?q=museomix"
    assert tweet.raw["__import_meta"]["nav_index"] == "1:2:5"


def test_authors_are_pseudonymised_in_columns_text_and_raw(session: Session) -> None:
    run_file(session, "zeeschuimer", "zeeschuimer-export-mixed.ndjson")
    tweet = by_id(session, "x", "1800000000000000001")
    assert tweet.author == pseudonym("x", "xuser_ana")
    assert tweet.mentions == [pseudonym("x", "xuser_bob")]
    assert tweet.text == f"Nuevo prototipo en el museo @{pseudonym('x', 'xuser_bob')} #MuseomixES"
    assert tweet.url == f"https://x.com/{pseudonym('x', 'xuser_ana')}/status/1800000000000000001"
    everything = session.scalars(select(Post)).all()
    stored = orjson.dumps([[p.raw, p.url, p.text, p.external_id] for p in everything]).decode()
    for clear in (
        "xuser_ana",
        "Ana Ruiz",
        "99001",
        "claire.visits",
        "Claire Martin",
        "48211",
        "tiktok_tom",
        "commenter_zoe",
        "threads_lea",
        "marc.bsky.social",
        "did:plc:abcd1234",
        "xuser_bob",
        "99002",  # a mentioned account's id (X user_mentions[].id_str and id)
        "Bob Brown",  # and its display name
    ):
        assert clear not in stored, clear


def test_institution_accounts_keep_their_handle_and_link(session: Session) -> None:
    museum = make_institution(
        session, social_accounts=[{"platform": "instagram", "handle": "@MuseeDeLaLaine"}]
    )
    run_file(session, "zeeschuimer", "zeeschuimer-export-mixed.ndjson")
    own = by_id(session, "instagram", "C9xYzAbC2")
    assert (own.author, own.author_institution_id) == ("museedelalaine", museum.id)
    visitor = by_id(session, "instagram", "C9xYzAbC1")
    assert visitor.author == pseudonym("instagram", "claire.visits")
    assert visitor.author_institution_id is None
    assert visitor.mentions == ["museedelalaine"]
    assert "@museedelalaine" in visitor.text


def test_importing_twice_adds_nothing(session: Session) -> None:
    first = run_file(session, "zeeschuimer", "zeeschuimer-export-mixed.ndjson")
    second = run_file(session, "zeeschuimer", "zeeschuimer-export-mixed.ndjson")
    assert (first.added, second.added, second.updated, second.unchanged) == (7, 0, 0, 7)
    assert session.scalar(select(func.count()).select_from(Post)) == 7


def test_bad_lines_are_reported_with_place_and_the_rest_kept(session: Session) -> None:
    run = run_file(session, "zeeschuimer", "zeeschuimer-bad.ndjson")
    problems = [(e["place"], e["reason"], e["kept"]) for e in run.errors]
    name = "zeeschuimer-bad.ndjson"
    assert problems == [
        (f"{name}:2", "not JSON (unexpected character, expected a string key at column 36)", False),
        (f"{name}:3", "line is not a JSON object", False),
        (f"{name}:4", "missing data (not a Zeeschuimer item)", False),
        (f"{name}:5", "unsupported source_platform 'myspace.com'", False),
        (f"{name}:6", "missing code", False),
        (f"{name}:7", "timestamp 2100-01-01T00:00:00+00:00 is in the future", True),
        (f"{name}:8", f"same id as {name}:1 with different content", False),
    ]
    assert (run.status, run.items_read, run.added, run.error_count) == ("partial", 9, 3, 7)
    future = by_id(session, "instagram", "FUT1")
    assert future.created_at is None
    assert by_id(session, "instagram", "C9xYzAbC1").text.startswith("Week-end au #Museomix")


def test_a_ten_megabyte_line_is_skipped_not_held(session: Session, tmp_path: Path) -> None:
    good = (DATA / "zeeschuimer-export-mixed.ndjson").read_bytes().splitlines()
    huge = b'{"id": 9, "data": {"caption": "' + b"x" * (10 * 1024 * 1024) + b'"}}'
    path = tmp_path / "huge.ndjson"
    path.write_bytes(b"\n".join([good[0], huge, good[2]]) + b"\n")
    run = run_file(session, "zeeschuimer", path)
    assert [(e["place"], e["reason"]) for e in run.errors] == [
        ("huge.ndjson:2", "line of 10,485,794 bytes is longer than the 4,194,304-byte limit")
    ]
    assert run.added == 2


def test_csv_generic_layout_three_time_formats_and_bad_rows(session: Session) -> None:
    run = run_file(session, "csv", "posts-generic.csv")
    assert [(e["place"], e["reason"], e["kept"]) for e in run.errors] == [
        ("posts-generic.csv:4", "missing body (column body)", False),
        ("posts-generic.csv:5", "missing id (column id)", False),
        ("posts-generic.csv:6", "expected 5 columns, found 6", False),
        ("posts-generic.csv:7", "timestamp 2091-01-01T00:00:00+00:00 is in the future", True),
        ("posts-generic.csv:8", "unreadable timestamp 'yesterday-ish'", True),
    ]
    times = [by_id(session, "csv", i).created_at for i in ("c1", "c2", "c3")]
    assert [t.isoformat() if t else None for t in times] == [
        "2024-06-10T10:00:00+00:00",
        "2024-06-10T11:30:00+00:00",
        "2024-06-10T11:46:40+00:00",
    ]
    assert by_id(session, "csv", "c1").thread_id == "t1"
    assert by_id(session, "csv", "c3").author == pseudonym("csv", "Paul Smith")
    assert "Paul Smith" not in orjson.dumps(by_id(session, "csv", "c3").raw).decode()


@pytest.mark.parametrize(
    ("name", "expected", "notes"),
    [
        (
            "posts-latin1.csv",
            "Visite au musée, très réussie",
            ["not UTF-8: read as Latin-1 (cp1252)"],
        ),
        ("posts-bom.csv", "A file saved by Excel with a BOM", []),
    ],
)
def test_csv_encodings(session: Session, name: str, expected: str, notes: list[str]) -> None:
    run = run_file(session, "csv", name)
    assert [e["reason"] for e in run.errors] == notes
    first = session.scalar(select(Post).order_by(Post.id).limit(1))
    assert first is not None and first.text == expected


def test_csv_column_mapping(session: Session) -> None:
    mapping = "id=message_id,author=from,body=message,timestamp=created_time"
    run = run_file(session, "csv", "posts-mapped.csv", mapping=mapping)
    assert (run.added, run.errors) == (1, [])
    post = by_id(session, "csv", "m1")
    assert post.created_at is not None and post.created_at.isoformat() == (
        "2024-06-14T06:00:00+00:00"
    )


def test_copies_point_at_the_first_post(session: Session, tmp_path: Path) -> None:
    path = tmp_path / "copies.csv"
    path.write_text(
        "id,thread_id,author,body,timestamp\n"
        "a,t,one,Le prototype du musée est incroyable https://a.example,2024-06-10\n"
        "b,t,two,RT @one: le prototype du MUSÉE est incroyable!! https://b.example,2024-06-11\n"
        "c,t,three,Something else entirely and long enough,2024-06-11\n"
    )
    run = run_file(session, "csv", path)
    assert run.duplicates == 1
    first, copy = by_id(session, "csv", "a"), by_id(session, "csv", "b")
    assert (first.duplicate_of_id, copy.duplicate_of_id) == (None, first.id)
    assert by_id(session, "csv", "c").duplicate_of_id is None


def test_changed_content_on_a_later_import_updates(session: Session, tmp_path: Path) -> None:
    path = tmp_path / "edit.csv"
    path.write_text("id,thread_id,author,body,timestamp\ne1,t,ann,First words,2024-06-10\n")
    run_file(session, "csv", path)
    path.write_text("id,thread_id,author,body,timestamp\ne1,t,ann,Edited words,2024-06-10\n")
    second = run_file(session, "csv", path)
    assert (second.added, second.updated, second.unchanged) == (0, 1, 0)
    assert by_id(session, "csv", "e1").text == "Edited words"


def test_removing_a_source_removes_its_posts(session: Session) -> None:
    run_file(session, "zeeschuimer", "zeeschuimer-export-mixed.ndjson")
    run_file(session, "csv", "posts-bom.csv")
    assert remove_source(session, "import:zeeschuimer") == 7
    assert session.scalars(select(Post.external_id)).all() == ["b1"]
    assert session.scalar(select(func.count()).select_from(CollectionRun)) == 1


@pytest.mark.parametrize(
    ("fmt", "name", "count"),
    [
        ("zeeschuimer", "zeeschuimer-export-mixed.ndjson", 7),
        ("mastodon", "mastodon-art-tag-page1.json", 2),
        ("bluesky", "bluesky-search-page1.json", 2),
        ("rss", "blog-comments.xml", 2),
        ("rss", "atom-comments.xml", 2),
        ("csv", "posts-generic.csv", 5),
    ],
)
def test_every_format_imported_twice_gives_its_posts_once(
    session: Session, fmt: str, name: str, count: int
) -> None:
    first = run_file(session, fmt, name)
    second = run_file(session, fmt, name)
    assert (first.added, second.added, second.updated) == (count, 0, 0)
    assert session.scalar(select(func.count()).select_from(Post)) == count
    authors = session.scalars(select(Post.author)).all()
    assert all(author.startswith("anon-") for author in authors)


@pytest.mark.parametrize("bad_line", [False, True])
def test_notices_beyond_the_kept_list_leave_a_run_complete(
    session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bad_line: bool
) -> None:
    """Posts kept with a notice (no timestamp) never make a run partial, even past the list of
    problems kept with their place; an item lost past that list does."""
    monkeypatch.setattr(writer, "MAX_KEPT_ERRORS", 2)
    first = orjson.loads((DATA / "zeeschuimer-export-mixed.ndjson").read_bytes().splitlines()[0])
    del first["data"]["taken_at"]
    lines = [orjson.dumps({**first, "data": {**first["data"], "code": f"C{n}"}}) for n in range(4)]
    path = tmp_path / "untimed.ndjson"
    path.write_bytes(b"\n".join([*lines, b"{not json" if bad_line else b""]) + b"\n")
    run = import_posts_file(session, get_post_importer("zeeschuimer"), path, secret=SECRET)
    assert (run.added, run.error_count, len(run.errors)) == (4, 4 + bad_line, 2)
    assert {entry["reason"] for entry in run.errors} == {"no timestamp"}
    assert run.status == ("partial" if bad_line else "ok")
