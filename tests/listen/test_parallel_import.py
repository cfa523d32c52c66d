"""A big NDJSON file is prepared on worker processes: the posts, the counts and the problems
with their places are the same as when it is read in one process."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from mixroom.models import CollectionRun, Post
from mixroom.pipelines.demo import demo_posts
from mixroom.pipelines.importers.posts.ndjson import MAX_LINE_BYTES
from mixroom.pipelines.importers.posts.registry import get_post_importer
from mixroom.pipelines.listen.runner import import_posts_file
from mixroom.pipelines.listen.writer import BYTES_PER_POST, PostWriter, RunLog
from mixroom.services.sources import ensure_import_source, remove_source
from mixroom.settings import Settings

DATA = Path(__file__).resolve().parents[1] / "data" / "listen"
SECRET = "test-secret"
_KEPT = (
    "platform",
    "external_id",
    "url",
    "author",
    "text",
    "created_at",
    "reply_to",
    "thread_id",
    "mentions",
    "hashtags",
    "links",
    "metrics",
    "raw",
    "text_hash",
)


def _mixed_file(tmp_path: Path) -> Path:
    """Good items, the bad file's lines (not JSON, missing fields...), a line longer than the
    limit, an item repeated as is and one repeated with other words, a blank line and a BOM."""
    good = (DATA / "zeeschuimer-export-mixed.ndjson").read_bytes().splitlines()
    bad = (DATA / "zeeschuimer-bad.ndjson").read_bytes().splitlines()
    changed = good[0].replace(b"prototype incroyable", b"prototype magnifique", 1)
    assert changed != good[0]
    huge = b'{"id": 99, "data": {"text": "' + b"x" * (MAX_LINE_BYTES + 10) + b'"}}'
    lines = [b"\xef\xbb\xbf" + good[0], *good[1:], b"", *bad, huge, good[2], changed, *good]
    path = tmp_path / "mixed.ndjson"
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def _snapshot(session: Session, run: CollectionRun) -> dict[str, Any]:
    posts = session.scalars(select(Post).order_by(Post.platform, Post.external_id)).all()
    return {
        "posts": [{name: getattr(post, name) for name in _KEPT} for post in posts],
        "copies": sorted((post.external_id, post.duplicate_of_id is not None) for post in posts),
        "counts": (run.status, run.items_read, run.added, run.unchanged, run.error_count),
        # a repeat of an id with other words is reported in either way, its reason's wording
        # depends on whether the first one was in the same batch
        "problems": sorted(
            (problem["place"], problem["kept"], _reason(problem["reason"]))
            for problem in run.errors
        ),
    }


def _reason(reason: str) -> str:
    return "same id, other content" if reason.startswith("same id as") else reason


def _import(
    session: Session, path: Path, file_format: str = "zeeschuimer", **options: Any
) -> CollectionRun:
    importer = get_post_importer(file_format)
    return import_posts_file(session, importer, path, secret=SECRET, **options)


def test_workers_store_what_one_process_stores(session: Session, tmp_path: Path) -> None:
    path = _mixed_file(tmp_path)
    alone = _snapshot(session, _import(session, path, workers=1, batch_size=3))
    assert alone["counts"][1] > 10, "the file has good and bad lines"
    reasons = " ".join(problem[2] for problem in alone["problems"])
    assert "longer than the" in reasons and "same id, other content" in reasons
    remove_source(session, "import:zeeschuimer")
    seen: list[tuple[int, int]] = []
    run = _import(
        session,
        path,
        workers=2,
        parallel_min_bytes=0,
        block_bytes=2000,  # many blocks, so order across workers matters
        progress=lambda done, total: seen.append((done, total)),
    )
    assert _snapshot(session, run) == alone
    assert seen == sorted(seen) and seen[-1] == (path.stat().st_size, path.stat().st_size)


def test_a_second_parallel_import_adds_nothing(session: Session, tmp_path: Path) -> None:
    path = _mixed_file(tmp_path)
    first = _import(session, path, workers=2, parallel_min_bytes=0, block_bytes=3000)
    again = _import(session, path, workers=2, parallel_min_bytes=0, block_bytes=3000)
    assert first.added > 0
    assert again.added == 0 and again.unchanged > 0
    assert len(session.scalars(select(Post.id)).all()) == first.added


def test_mastodon_ndjson_on_workers_gives_the_same_posts(session: Session) -> None:
    """The demo's Mastodon statuses (NDJSON), in one process and on workers."""
    [(_, path)] = demo_posts()
    alone = _snapshot(session, _import(session, path, "mastodon", workers=1, batch_size=20))
    assert alone["counts"][2] > 200
    remove_source(session, "import:mastodon")
    run = _import(session, path, "mastodon", workers=2, parallel_min_bytes=0, block_bytes=8000)
    assert _snapshot(session, run) == alone


def _indexes(session: Session) -> set[str]:
    return {str(index["name"]) for index in inspect(session.connection()).get_indexes("posts")}


def _writer(session: Session) -> PostWriter:
    source = ensure_import_source(session, "zeeschuimer")
    run = CollectionRun(source_id=source.id, label="test", errors=[])
    session.add(run)
    session.flush()
    return PostWriter(session, run, RunLog(run))


def test_the_copy_index_waits_for_the_end_of_a_big_import_on_sqlite(
    settings: Settings, session: Session
) -> None:
    writer = _writer(session)
    deferred = writer.defer_copy_index(file_bytes=10 * BYTES_PER_POST)
    assert deferred is settings.resolved_database_url().startswith("sqlite")
    assert ("ix_posts_text_hash" in _indexes(session)) is not deferred
    writer.restore_indexes()
    assert "ix_posts_text_hash" in _indexes(session)


def test_a_store_bigger_than_the_file_keeps_its_copy_index(session: Session) -> None:
    first = _import(session, DATA / "zeeschuimer-export-mixed.ndjson")
    assert first.added == 7
    assert _writer(session).defer_copy_index(file_bytes=5 * BYTES_PER_POST) is False
    assert "ix_posts_text_hash" in _indexes(session)


def test_an_interrupted_import_keeps_the_copy_index(session: Session, tmp_path: Path) -> None:
    path = _mixed_file(tmp_path)

    def interrupt(done: int, total: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        _import(
            session, path, workers=2, parallel_min_bytes=0, block_bytes=2000, progress=interrupt
        )
    session.rollback()
    assert "ix_posts_text_hash" in _indexes(session)
    assert session.scalars(select(Post.id)).all() == []
