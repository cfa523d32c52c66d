"""Run one importer over one file: stream, map, check, write in batches, report."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy.orm import Session

from mixroom.pipelines.fields import RowError
from mixroom.pipelines.importers.base import Importer
from mixroom.pipelines.readers import RawItem
from mixroom.pipelines.records import Key, MappedItem
from mixroom.pipelines.report import BadRow, ImportReport
from mixroom.pipelines.writer import StoreWriter

#: called with (done, total) in the importer's unit (bytes for files, items for JSON)
Progress = Callable[[int, int], None]


def run_import(
    session: Session,
    importer: Importer,
    path: Path,
    *,
    batch_size: int = 500,
    progress: Progress | None = None,
) -> ImportReport:
    """Import ``path`` with ``importer`` into the session's store and say what happened.

    The session is flushed, never committed: the caller commits once at the end, so an
    interrupted import leaves the store as it was after a rollback.
    """
    report = ImportReport(kind=importer.name, path=str(path))
    writer = StoreWriter(session, report)
    primaries: dict[Key, tuple[str, int]] = {}
    batch: list[MappedItem] = []
    for raw in importer.fetch(path):
        report.rows_read += 1
        mapped = _map(importer, raw, primaries, report)
        if mapped is not None:
            batch.append(mapped)
        if len(batch) >= batch_size:
            writer.write(batch)
            batch = []
        if progress is not None:
            progress(raw.done, raw.total)
    writer.write(batch)
    writer.finish()
    return report


def _map(
    importer: Importer,
    raw: RawItem,
    primaries: dict[Key, tuple[str, int]],
    report: ImportReport,
) -> MappedItem | None:
    """The mapped item, or None after recording why the row is bad."""
    if raw.error is not None:
        report.bad_rows.append(BadRow(raw.file, raw.line, raw.error))
        return None
    try:
        mapped = importer.map_item(raw)
    except RowError as error:
        report.bad_rows.append(BadRow(raw.file, raw.line, str(error)))
        return None
    key = mapped.primary
    if key is not None:
        first = primaries.setdefault(key, (raw.file, raw.line))
        if first != (raw.file, raw.line):
            reason = f"duplicate {key.describe()}, first seen on line {first[1]} of {first[0]}"
            report.bad_rows.append(BadRow(raw.file, raw.line, reason))
            return None
    return mapped
