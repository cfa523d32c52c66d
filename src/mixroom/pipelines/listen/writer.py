"""Write protected posts in batches: new ones in one multi-row insert, changed ones updated,
the same id with other content in one run reported, copies marked after the run.

New posts go through the driver's ``executemany`` with JSON already serialised by orjson: the
raw item is serialised once (it had to be, to be pseudonymised) and never parsed again. This is
what makes an import of a million posts run at the rate BENCHMARKS.md reports.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import orjson
from sqlalchemy import and_, func, select, update
from sqlalchemy.orm import Session, aliased

from mixroom.models.posts import POST_SCHEMA_VERSION, CollectionRun, Post
from mixroom.pipelines.listen.items import fingerprint
from mixroom.pipelines.listen.privacy import ProtectedPost

#: the most errors a run keeps with their place; ``error_count`` counts them all
MAX_KEPT_ERRORS = 1000
_LOOKUP_CHUNK = 500
SQLITE_CACHE_KIB = 64 * 1024

_COLUMNS = (
    "schema_version",
    "source_id",
    "run_id",
    "platform",
    "external_id",
    "url",
    "author",
    "author_institution_id",
    "text",
    "created_at",
    "collected_at",
    "reply_to",
    "thread_id",
    "mentions",
    "hashtags",
    "links",
    "metrics",
    "raw",
    "text_hash",
    "topics",
    "entities",
)


@dataclass
class Placed:
    """A protected post and where it was read (``file:line`` or ``instance page``)."""

    place: str
    post: ProtectedPost


@dataclass
class _Stored:
    id: int
    text: str
    metrics: dict[str, Any]
    run_id: int | None


@dataclass
class RunLog:
    """Errors of one run with their place; a bounded list plus a full count."""

    run: CollectionRun
    entries: list[dict[str, Any]] = field(default_factory=list)

    def error(self, place: str, reason: str, *, kept: bool = False) -> None:
        self.run.error_count += 1
        if len(self.entries) < MAX_KEPT_ERRORS:
            self.entries.append({"place": place, "reason": reason, "kept": kept})


class PostWriter:
    """Stores the posts of one collection run."""

    def __init__(self, session: Session, run: CollectionRun, log: RunLog) -> None:
        self.session = session
        self.run = run
        self.log = log
        connection = session.connection()
        self._sqlite = connection.dialect.name == "sqlite"
        if self._sqlite:
            # the unique and fingerprint indexes take inserts in random order: a bigger page
            # cache (bounded, so memory stays flat) saves re-reading their pages
            connection.exec_driver_sql(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
        marker = "?" if connection.dialect.paramstyle == "qmark" else "%s"
        self._insert_sql = (
            f"INSERT INTO posts ({', '.join(_COLUMNS)}) "
            f"VALUES ({', '.join(marker for _ in _COLUMNS)})"
        )

    def write(self, batch: list[Placed]) -> None:
        if not batch:
            return
        stored = self._stored(batch)
        fresh: dict[tuple[str, str], Placed] = {}
        seen: dict[tuple[str, str], Placed] = {}
        for placed in batch:
            post = placed.post
            key = (post.item.platform, post.external_id)
            first = seen.setdefault(key, placed)
            if first is not placed:
                self._repeat(placed, first.place, first.post.text)
            elif key in stored:
                self._update(placed, stored[key])
            else:
                fresh[key] = placed
        if fresh:
            now = self._moment(datetime.now(UTC))
            rows = [self._row(placed.post, now) for placed in fresh.values()]
            self.session.connection().exec_driver_sql(self._insert_sql, rows)
            self.run.added += len(rows)

    def _repeat(self, placed: Placed, first_place: str, first_text: str) -> None:
        if placed.post.text == first_text:
            self.run.unchanged += 1
        else:
            self.log.error(placed.place, f"same id as {first_place} with different content")

    def _update(self, placed: Placed, stored: _Stored) -> None:
        post = placed.post
        metrics = post.item.metrics
        if stored.run_id == self.run.id and stored.text != post.text:
            reason = "same id as an earlier item of this run with different content"
            self.log.error(placed.place, reason)
            return
        if stored.text == post.text and stored.metrics == metrics:
            self.run.unchanged += 1
            return
        self.session.execute(
            update(Post)
            .where(Post.id == stored.id)
            .values(
                text=post.text,
                metrics=metrics,
                raw=orjson.loads(post.raw_json),
                run_id=self.run.id,
                text_hash=fingerprint(post.text),
                # the text changed: its enrichment must be made again
                enriched_with=None if stored.text != post.text else Post.enriched_with,
            )
        )
        self.run.updated += 1

    def _stored(self, batch: list[Placed]) -> dict[tuple[str, str], _Stored]:
        wanted: dict[str, set[str]] = {}
        for placed in batch:
            wanted.setdefault(placed.post.item.platform, set()).add(placed.post.external_id)
        found: dict[tuple[str, str], _Stored] = {}
        for platform, ids in wanted.items():
            ordered = sorted(ids)
            for start in range(0, len(ordered), _LOOKUP_CHUNK):
                chunk = ordered[start : start + _LOOKUP_CHUNK]
                query = select(Post.id, Post.external_id, Post.text, Post.metrics, Post.run_id)
                query = query.where(Post.platform == platform, Post.external_id.in_(chunk))
                for row in self.session.execute(query):
                    found[(platform, row.external_id)] = _Stored(
                        row.id, row.text, row.metrics, row.run_id
                    )
        return found

    def _row(self, post: ProtectedPost, now: Any) -> tuple[Any, ...]:
        item = post.item
        dumps = orjson.dumps
        return (
            POST_SCHEMA_VERSION,
            self.run.source_id,
            self.run.id,
            item.platform,
            post.external_id[:500],
            post.url[:1000] if post.url else None,
            post.author,
            post.author_institution_id,
            post.text,
            self._moment(item.created_at),
            now,
            post.reply_to[:500] if post.reply_to else None,
            post.thread_id[:500] if post.thread_id else None,
            dumps(post.mentions).decode(),
            dumps(item.hashtags).decode(),
            dumps(item.links).decode(),
            dumps(item.metrics).decode(),
            post.raw_json,
            fingerprint(post.text),
            "{}",
            "[]",
        )

    def _moment(self, moment: datetime | None) -> Any:
        if moment is None or not self._sqlite:
            return moment
        # SQLAlchemy's SQLite DATETIME layout, so that comparisons on the column hold
        return moment.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


def mark_copies(session: Session) -> int:
    """Point every post whose normalised text was stored before at the first post with it
    (reposts, cross-posts, copies); returns how many were newly marked."""
    first = aliased(Post)
    earliest = select(func.min(first.id)).where(first.text_hash == Post.text_hash).scalar_subquery()
    repeated = (
        select(Post.text_hash)
        .where(Post.text_hash.is_not(None))
        .group_by(Post.text_hash)
        .having(func.count() > 1)
    )
    statement = (
        update(Post)
        .where(
            and_(
                Post.text_hash.in_(repeated),
                Post.duplicate_of_id.is_(None),
                Post.id > earliest,
            )
        )
        .values(duplicate_of_id=earliest)
        .execution_options(synchronize_session=False)
    )
    result = session.execute(statement)
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
