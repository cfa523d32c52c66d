"""CSV files in and out: any CSV a museum already has gets language, sentiment and topic columns.

Spreadsheets come in UTF-8, UTF-8 with a byte-order mark (Excel) or Latin-1 / Windows-1252; the
encoding is found by decoding the file once before reading it, so a stray byte on line 90,000
does not leave a half-written output. The output is UTF-8 with the input's columns first.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, BinaryIO

from mixroom.errors import ImportFailed, InvalidInput
from mixroom.pipelines.enrichers.base import Enrichment
from mixroom.pipelines.enrichers.pipeline import EnrichmentContext
from mixroom.pipelines.enrichers.runners import EnrichmentPool, plan_workers

#: called with (bytes read, file size)
Progress = Callable[[int, int], None]
ADDED_COLUMNS = (
    "language",
    "language_score",
    "sentiment",
    "sentiment_score",
    "topics",
    "topic_scores",
)
_CHUNK = 1 << 20

#: a post may be long (a 10 MB line is a case the issue names); the csv default is 128 KiB
FIELD_LIMIT = 1 << 30


def detect_encoding(path: Path) -> str:
    """``utf-8-sig`` (with or without a BOM), else ``cp1252``, else ``latin-1`` (never fails)."""
    for encoding in ("utf-8-sig", "cp1252"):
        decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
        try:
            with path.open("rb") as handle:
                while chunk := handle.read(_CHUNK):
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    return "latin-1"


def open_csv(path: Path) -> tuple[IO[str], BinaryIO]:
    """A text stream over ``path`` in its own encoding, and the binary file under it.

    The binary file's position says how far the reader got, for a progress bar.
    """
    if not path.is_file():
        raise ImportFailed(f"no such file: {path}")
    encoding = detect_encoding(path)
    if csv.field_size_limit() < FIELD_LIMIT:
        csv.field_size_limit(FIELD_LIMIT)
    binary = path.open("rb")
    return io.TextIOWrapper(binary, encoding=encoding, newline=""), binary


def read_labelled(path: Path, *columns: str) -> list[dict[str, str]]:
    """Rows of a labelled CSV that must have ``columns`` (extra columns are kept)."""
    stream, _ = open_csv(path)
    try:
        reader = csv.DictReader(stream)
        missing = [column for column in columns if column not in (reader.fieldnames or [])]
        if missing:
            raise InvalidInput(f"{path.name}: missing column(s) {', '.join(missing)}")
        return [dict(row) for row in reader]
    finally:
        stream.close()


def enrichment_columns(result: Enrichment) -> dict[str, str]:
    return {
        "language": result.language or "",
        "language_score": "" if result.language_score is None else f"{result.language_score:.4f}",
        "sentiment": result.sentiment or "",
        "sentiment_score": ""
        if result.sentiment_score is None
        else f"{result.sentiment_score:.4f}",
        "topics": ";".join(result.topics),
        "topic_scores": json.dumps(result.topics) if result.topics else "",
    }


def _batches(reader: csv.DictReader[str], size: int) -> Iterator[list[dict[str, str]]]:
    batch: list[dict[str, str]] = []
    for row in reader:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


#: bytes of a typical CSV row, to guess the number of rows from the file's size
ROW_BYTES = 100


def enrich_csv(
    source: Path,
    target: Path,
    text_column: str,
    context: EnrichmentContext,
    *,
    workers: int | None = 1,
    batch_size: int = 500,
    progress: Progress | None = None,
) -> int:
    """Write ``source`` to ``target`` with the enrichment columns added; the rows written.

    ``workers=None`` starts one process per core when the file looks longer than one batch
    (rows guessed at ``ROW_BYTES`` each: a short comment with a few columns).
    """
    stream, binary = open_csv(source)
    total = source.stat().st_size
    processes = plan_workers(total // ROW_BYTES, batch_size, workers)
    written = 0
    try:
        reader = csv.DictReader(stream)
        fields = list(reader.fieldnames or [])
        if text_column not in fields:
            known = ", ".join(fields) or "none"
            raise InvalidInput(f"{source.name}: no column {text_column!r} (columns: {known})")
        output = [*fields, *(column for column in ADDED_COLUMNS if column not in fields)]
        rows = _batches(reader, batch_size)
        staged: list[list[dict[str, str]]] = []

        def texts() -> Iterator[list[str]]:
            for batch in rows:
                staged.append(batch)
                yield [row.get(text_column) or "" for row in batch]

        with (
            target.open("w", encoding="utf-8", newline="") as handle,
            EnrichmentPool(context, processes) as pool,
        ):
            writer = csv.DictWriter(handle, fieldnames=output, extrasaction="ignore")
            writer.writeheader()
            for results in pool.map(texts()):
                batch = staged.pop(0)
                for row, result in zip(batch, results, strict=True):
                    writer.writerow({**row, **enrichment_columns(result)})
                written += len(batch)
                if progress is not None:
                    progress(binary.tell(), total)
    finally:
        stream.close()
    return written
