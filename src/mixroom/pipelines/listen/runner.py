"""One collection run: stream raw items (a file, or pages fetched from a network source), map,
pseudonymise, write in batches, mark copies, and record the run with its counts, errors and gaps.

The session is flushed, never committed: the edge commits once at the end.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.orm import Session

from mixroom.errors import ImportFailed
from mixroom.models.posts import CollectionGap, CollectionRun, Source
from mixroom.pipelines.fields import RowError
from mixroom.pipelines.importers.posts.base import PostImporter
from mixroom.pipelines.importers.posts.bluesky import BlueskyImporter, BlueskySource
from mixroom.pipelines.importers.posts.mastodon import MastodonImporter, MastodonSource
from mixroom.pipelines.importers.posts.rss import RssImporter, RssSource
from mixroom.pipelines.listen.collect import DEFAULT_MAX_PAGES, Gap
from mixroom.pipelines.listen.http import Fetcher
from mixroom.pipelines.listen.items import PostItem
from mixroom.pipelines.listen.privacy import Pseudonymiser
from mixroom.pipelines.listen.writer import Placed, PostWriter, RunLog, mark_copies
from mixroom.pipelines.readers import RawItem
from mixroom.services.posts import get_institution_accounts
from mixroom.services.sources import ensure_import_source

#: called with (done, total) in the source's unit (bytes for files, items for network sources)
Progress = Callable[[int, int], None]
Mapper = Callable[[RawItem], PostItem]


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
    run = CollectionRun(source_id=source.id, label=label[:1000], errors=[])
    session.add(run)
    session.flush()
    log = RunLog(run)
    writer = PostWriter(session, run, log)
    pseudonymiser = Pseudonymiser(secret, get_institution_accounts(session))
    batch: list[Placed] = []
    for entry in items:
        if isinstance(entry, Gap):
            _record_gap(session, run, entry)
            continue
        placed = _prepare(entry, map_item, pseudonymiser, log)
        if placed is not None:
            batch.append(placed)
        if len(batch) >= batch_size:
            writer.write(batch)
            batch = []
        if progress is not None:
            progress(entry.done, entry.total)
    writer.write(batch)
    run.duplicates = mark_copies(session)
    run.errors = log.entries
    run.finished_at = datetime.now(UTC)
    has_gaps = bool(run.gaps)
    run.status = "ok" if not has_gaps and not _has_bad_items(log) else "partial"
    source.state = {**source.state, "last_run": run.finished_at.isoformat()}
    session.flush()
    return run


def _prepare(
    raw: RawItem, map_item: Mapper, pseudonymiser: Pseudonymiser, log: RunLog
) -> Placed | None:
    place = f"{raw.file}:{raw.line}"
    if raw.kind == "note":
        log.error(place, raw.error or "", kept=True)
        return None
    log.run.items_read += 1
    if raw.error is not None:
        log.error(place, raw.error)
        return None
    try:
        item = map_item(raw)
    except RowError as error:
        log.error(place, str(error))
        return None
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as error:
        # a platform changed its layout: say where and what, keep going
        log.error(place, f"unexpected item layout ({type(error).__name__}: {error})")
        return None
    for note in item.notes:
        log.error(place, note, kept=True)
    return Placed(place, pseudonymiser.protect(item))


def _has_bad_items(log: RunLog) -> bool:
    return any(not entry["kept"] for entry in log.entries) or log.run.error_count > len(log.entries)


def _record_gap(session: Session, run: CollectionRun, gap: Gap) -> None:
    run.gaps.append(
        CollectionGap(
            source_id=run.source_id, start=gap.start, end=gap.end, reason=gap.reason[:500]
        )
    )
    session.flush()


def import_posts_file(
    session: Session,
    importer: PostImporter,
    path: Path,
    *,
    secret: str,
    batch_size: int = 1000,
    progress: Progress | None = None,
) -> CollectionRun:
    """Import a file of posts; its run is recorded under the format's import source."""
    source = ensure_import_source(session, importer.name)
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
