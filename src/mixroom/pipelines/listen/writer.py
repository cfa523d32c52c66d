"""Write protected posts in batches: new ones in one multi-row insert, changed ones updated,
the same id with other content in one run reported, copies marked after the run.

New posts go through the driver's ``executemany`` with JSON already serialised by orjson: the
raw item is serialised once (it had to be, to be pseudonymised) and never parsed again. This is
what makes an import of a million posts run at the rate BENCHMARKS.md reports.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, cast

import orjson
from sqlalchemy import Connection, Index, Table, and_, func, select, update
from sqlalchemy.orm import Session, aliased

from mixroom.models.posts import POST_SCHEMA_VERSION, CollectionRun, Post
from mixroom.pipelines.listen.items import fingerprint
from mixroom.pipelines.listen.prepare import (
    POST_COLUMNS,
    Prepared,
    Problem,
)

_PLATFORM, _EXTERNAL_ID = POST_COLUMNS.index("platform"), POST_COLUMNS.index("external_id")

#: the most errors a run keeps with their place; ``error_count`` counts them all
MAX_KEPT_ERRORS = 1000
#: the fewest bytes an item of a big file is counted for, when guessing how many posts it brings
BYTES_PER_POST = 4096
_LOOKUP_CHUNK = 500
SQLITE_CACHE_KIB = 64 * 1024
SQLITE_SORT_CACHE_KIB = 4 * 1024


@dataclass
class _Stored:
    id: int
    text: str
    metrics: dict[str, Any]
    run_id: int | None


@dataclass
class RunLog:
    """Problems of one run with their place: a bounded list, a full count (``error_count``,
    notices on kept posts included) and how many items they cost (``dropped``)."""

    run: CollectionRun
    entries: list[dict[str, Any]] = field(default_factory=list)
    dropped: int = 0

    def error(self, place: str, reason: str, *, kept: bool = False) -> None:
        self.run.error_count += 1
        if not kept:
            self.dropped += 1
        if len(self.entries) < MAX_KEPT_ERRORS:
            self.entries.append({"place": place, "reason": reason, "kept": kept})

    def problems(self, problems: list[Problem]) -> None:
        for problem in problems:
            self.error(problem.place, problem.reason, kept=problem.kept)


class PostWriter:
    """Stores the posts of one collection run."""

    def __init__(self, session: Session, run: CollectionRun, log: RunLog) -> None:
        self.session = session
        self.run = run
        self.log = log
        connection = session.connection()
        self.sqlite = connection.dialect.name == "sqlite"
        if self.sqlite:
            # the unique and fingerprint indexes take inserts in random order: a bigger page
            # cache (bounded, so memory stays flat) saves re-reading their pages
            connection.exec_driver_sql(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
        self._marker = "?" if connection.dialect.paramstyle == "qmark" else "%s"
        self._deferred: Index | None = None
        # what is the same for every post of the run is written in the statement (integers
        # from the store, and empty enrichment), so that a row is the prepared values as they are
        constants = {
            "schema_version": str(int(POST_SCHEMA_VERSION)),
            "source_id": str(int(run.source_id)),
            "run_id": str(int(run.id)),
            "topics": "'{}'",
            "entities": "'[]'",
        }
        columns = (*constants, *POST_COLUMNS)
        values = (*constants.values(), *(self._marker for _ in POST_COLUMNS))
        self._insert_sql = (
            f"INSERT INTO posts ({', '.join(columns)}) VALUES ({', '.join(values)}) "
            "ON CONFLICT (platform, external_id) DO NOTHING"
        )

    def defer_copy_index(self, file_bytes: int) -> bool:
        """Drop the index of copy fingerprints until ``restore_indexes`` when a file of
        ``file_bytes`` brings about as many posts as the store holds, on SQLite; returns
        whether it did.

        Fingerprints are random: each insert touches an index page anywhere, and past the page
        cache a million of them cost more than building the index once, sorted, at the end
        (about 4 µs a post, BENCHMARKS.md). A store much bigger than the file would pay for
        rebuilding its whole index instead, and PostgreSQL would lock the table meanwhile.
        Inside the import's transaction: an import that fails or is killed keeps its index."""
        connection = self.session.connection()
        if not self.sqlite or self._deferred is not None or not _in_transaction(connection):
            return False
        stored = connection.exec_driver_sql("SELECT max(id) FROM posts").scalar()
        if (stored or 0) > file_bytes // BYTES_PER_POST:
            return False
        index = _copy_index()
        index.drop(connection)
        self._deferred = index
        return True

    def restore_indexes(self) -> None:
        if self._deferred is None:
            return
        connection = self.session.connection()
        # SQLite sorts the index in a buffer as big as the page cache, then in temporary
        # files: a smaller cache meanwhile keeps the import's memory where the writes had it
        connection.exec_driver_sql(f"PRAGMA cache_size = -{SQLITE_SORT_CACHE_KIB}")
        self._deferred.create(connection)
        connection.exec_driver_sql(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
        self._deferred = None

    def write(self, batch: list[Prepared]) -> None:
        """Insert the batch's posts that are new; compare the others with what is stored.

        The insert comes first and skips the ids already stored (``ON CONFLICT DO NOTHING``):
        when it inserted every post, as in most batches of a big import, nothing needs to be
        looked up. Otherwise the batch is looked up, and a post stored with an id above the
        largest before the insert is one this insert added."""
        if not batch:
            return
        firsts: dict[tuple[str, str], Prepared] = {}
        for post in batch:
            values = post.values  # by position: a property per post costs a call
            first = firsts.setdefault((values[_PLATFORM], values[_EXTERNAL_ID]), post)
            if first is not post:
                self._repeat(post, first)
        posts = list(firsts.values())
        connection = self.session.connection()
        before = connection.exec_driver_sql("SELECT max(id) FROM posts").scalar() or 0
        rows = [post.values for post in posts]
        inserted = connection.exec_driver_sql(self._insert_sql, rows).rowcount
        if inserted == len(posts):
            self.run.added += inserted
            return
        stored = self._stored(posts)
        for post in posts:
            found = stored[(post.platform, post.external_id)]
            if found.id > before:
                self.run.added += 1
            else:
                self._update(post, found)

    def _repeat(self, post: Prepared, first: Prepared) -> None:
        if post.text == first.text:
            self.run.unchanged += 1
        else:
            self.log.error(post.place, f"same id as {first.place} with different content")

    def _update(self, post: Prepared, stored: _Stored) -> None:
        if stored.run_id == self.run.id and stored.text != post.text:
            reason = "same id as an earlier item of this run with different content"
            self.log.error(post.place, reason)
            return
        metrics = post.metrics
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

    def _stored(self, batch: list[Prepared]) -> dict[tuple[str, str], _Stored]:
        """The posts of ``batch`` already in the store, by (platform, external id).

        Plain SQL through the driver: building and compiling an ``IN`` of 500 bound values
        with SQLAlchemy cost more than the query itself, for every batch of a big import."""
        wanted: dict[str, set[str]] = {}
        for post in batch:
            wanted.setdefault(post.platform, set()).add(post.external_id)
        found: dict[tuple[str, str], _Stored] = {}
        connection = self.session.connection()
        for platform, ids in wanted.items():
            ordered = sorted(ids)
            for start in range(0, len(ordered), _LOOKUP_CHUNK):
                chunk = ordered[start : start + _LOOKUP_CHUNK]
                markers = ", ".join(self._marker for _ in chunk)
                query = (
                    "SELECT id, external_id, text, metrics, run_id FROM posts "
                    f"WHERE platform = {self._marker} AND external_id IN ({markers})"
                )
                for row in connection.exec_driver_sql(query, (platform, *chunk)):
                    metrics = row[3] if isinstance(row[3], dict) else orjson.loads(row[3])
                    found[(platform, row[1])] = _Stored(row[0], row[2], metrics, row[4])
        return found


def _in_transaction(connection: Connection) -> bool:
    """True when the SQLite driver has a transaction open (it opens one at the first write,
    not before a schema change, which it would commit at once)."""
    return bool(getattr(connection.connection.dbapi_connection, "in_transaction", False))


def _copy_index() -> Index:
    """The index of ``Post.text_hash`` (copy fingerprints), as the model declares it."""
    table = cast(Table, Post.__table__)
    return next(index for index in table.indexes if list(index.columns.keys()) == ["text_hash"])


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
