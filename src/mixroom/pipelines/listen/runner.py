"""One collection run: stream raw items (a file, or pages fetched from a network source), map,
pseudonymise, write in batches, mark copies, and record the run with its counts, errors and gaps.

A large NDJSON file is prepared on a pool of worker processes (``workers``) while this process
writes; everything else runs here. The session is flushed, never committed: the edge commits
once at the end.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.orm import Session

from mixroom.errors import ImportFailed
from mixroom.models.posts import CollectionGap, CollectionRun, Source
from mixroom.pipelines.importers.posts.base import PostImporter
from mixroom.pipelines.importers.posts.bluesky import BlueskyImporter, BlueskySource
from mixroom.pipelines.importers.posts.mastodon import MastodonImporter, MastodonSource
from mixroom.pipelines.importers.posts.ndjson import BLOCK_BYTES, is_ndjson
from mixroom.pipelines.importers.posts.rss import RssImporter, RssSource
from mixroom.pipelines.listen.collect import DEFAULT_MAX_PAGES, Gap
from mixroom.pipelines.listen.http import Fetcher
from mixroom.pipelines.listen.prepare import Mapper, PreparedBatch, prepare_batch
from mixroom.pipelines.listen.privacy import Pseudonymiser
from mixroom.pipelines.listen.workers import prepared_batches
from mixroom.pipelines.listen.writer import PostWriter, RunLog, mark_copies
from mixroom.pipelines.readers import RawItem
from mixroom.services.posts import get_institution_accounts
from mixroom.services.sources import ensure_import_source

#: called with (done, total) in the source's unit (bytes for files, items for network sources)
Progress = Callable[[int, int], None]
#: smaller files are imported in this process: starting workers costs about a second
PARALLEL_MIN_BYTES = 16 * 2**20


class _Recording:
    """The run being recorded: its log, its writer, what its batches brought."""

    def __init__(self, session: Session, source: Source, label: str) -> None:
        self.session = session
        self.source = source
        self.run = CollectionRun(source_id=source.id, label=label[:1000], errors=[])
        session.add(self.run)
        session.flush()
        self.log = RunLog(self.run)
        self.writer = PostWriter(session, self.run, self.log)

    def add(self, batch: PreparedBatch) -> None:
        self.run.items_read += batch.read
        self.log.problems(batch.problems)
        self.writer.write(batch.posts)

    def gap(self, gap: Gap) -> None:
        self.run.gaps.append(
            CollectionGap(
                source_id=self.run.source_id, start=gap.start, end=gap.end, reason=gap.reason[:500]
            )
        )
        self.session.flush()

    def finish(self) -> CollectionRun:
        run, log = self.run, self.log
        self.writer.restore_indexes()
        run.duplicates = mark_copies(self.session)
        run.errors = log.entries
        run.finished_at = datetime.now(UTC)
        # notices on kept posts (a timestamp in the future) leave a run complete
        run.status = "ok" if not run.gaps and not log.dropped else "partial"
        self.source.state = {**self.source.state, "last_run": run.finished_at.isoformat()}
        self.session.flush()
        return run


@contextmanager
def _collector_paused() -> Iterator[None]:
    """An import's objects die by reference counting; the cyclic collector would only walk
    every live object again and again (about a sixth of a big import's time)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def run_collection(
    session: Session,
    source: Source,
    items: Iterable[RawItem | Gap],
    map_item: Mapper,
    *,
    secret: str,
    label: str = "",
    batch_size: int = 1000,
    progress: Progress | None = None,
) -> CollectionRun:
    """Store what ``items`` bring for ``source`` and return the recorded run."""
    recording = _Recording(session, source, label)
    pseudonymiser = Pseudonymiser(secret, get_institution_accounts(session))
    sqlite = recording.writer.sqlite
    raws: list[RawItem] = []
    with _collector_paused():
        for entry in items:
            if isinstance(entry, Gap):
                recording.gap(entry)
                continue
            raws.append(entry)
            if len(raws) >= batch_size:
                recording.add(prepare_batch(raws, map_item, pseudonymiser, sqlite=sqlite))
                raws = []
            if progress is not None:
                progress(entry.done, entry.total)
        recording.add(prepare_batch(raws, map_item, pseudonymiser, sqlite=sqlite))
        return recording.finish()


def import_posts_file(
    session: Session,
    importer: PostImporter,
    path: Path,
    *,
    secret: str,
    batch_size: int = 1000,
    progress: Progress | None = None,
    workers: int | None = None,
    parallel_min_bytes: int = PARALLEL_MIN_BYTES,
    block_bytes: int = BLOCK_BYTES,
) -> CollectionRun:
    """Import a file of posts; its run is recorded under the format's import source.

    A line-by-line NDJSON file of ``parallel_min_bytes`` or more is prepared on ``workers``
    processes (one per core by default), ``block_bytes`` at a time; the posts and the run are
    the same either way."""
    source = ensure_import_source(session, importer.name)
    workers = (os.cpu_count() or 1) if workers is None else workers
    parallel = workers > 1 and importer.reads_lines and path.is_file()
    if not (parallel and path.stat().st_size >= parallel_min_bytes and is_ndjson(path)):
        return run_collection(
            session,
            source,
            importer.fetch(path),
            importer.map_item,
            secret=secret,
            label=str(path),
            batch_size=batch_size,
            progress=progress,
        )
    recording = _Recording(session, source, str(path))
    recording.writer.defer_copy_index(path.stat().st_size)
    batches = prepared_batches(
        path,
        importer.name,
        secret=secret,
        accounts=get_institution_accounts(session),
        sqlite=recording.writer.sqlite,
        workers=workers,
        block_bytes=block_bytes,
    )
    with _collector_paused():
        for batch, done, total in batches:
            recording.add(batch)
            if progress is not None:
                progress(done, total)
        return recording.finish()


def run_source(
    session: Session,
    source: Source,
    fetcher: Fetcher,
    *,
    secret: str,
    batch_size: int = 1000,
    progress: Progress | None = None,
) -> CollectionRun:
    """Collect one network source (Mastodon, Bluesky, RSS) and record the run; the source's
    state moves on so that the next run stops where this one started."""
    max_pages = int(source.options.get("max_pages", DEFAULT_MAX_PAGES))
    collector: MastodonSource | BlueskySource | RssSource
    mapper: Mapper
    if source.platform == "mastodon":
        collector = MastodonSource(
            fetcher, source.kind, source.query, source.instances, source.state, max_pages
        )
        mapper = MastodonImporter().map_item
    elif source.platform == "bluesky":
        collector = BlueskySource(
            fetcher, source.kind, source.query, source.instances, source.state, max_pages
        )
        mapper = BlueskyImporter().map_item
    elif source.platform == "rss":
        collector = RssSource(fetcher, source.query, source.state)
        mapper = RssImporter().map_item
    else:
        raise ImportFailed(f"source {source.name!r} is a {source.platform} import, not a feed")
    label = f"{source.platform} {source.kind} {source.query}"
    run = run_collection(
        session,
        source,
        collector.items(),
        mapper,
        secret=secret,
        label=label,
        batch_size=batch_size,
        progress=progress,
    )
    source.state = {**collector.state, "last_run": source.state.get("last_run")}
    session.flush()
    return run
