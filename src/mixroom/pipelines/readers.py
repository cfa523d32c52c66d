"""Streaming readers: physical lines to CSV rows, one row at a time, with their line numbers.

A damaged row must not take good ones with it. Rows are assembled from physical lines by
counting quotes; a row whose column count is wrong is reported and the lines it swallowed
after its first one are parsed again, so a stray quote costs one row, not the rest of the file.
Undecodable lines are reported on their own and never reach the parser.
"""

from __future__ import annotations

import csv
import zipfile
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from mixroom.errors import ImportFailed

#: a quoted field longer than this many physical lines is taken for a runaway quote
MAX_LINES_PER_ROW = 400


@dataclass
class RawItem:
    """One raw row or item with where it came from; ``error`` is set when it could not be read."""

    file: str
    line: int
    data: dict[str, Any] = field(default_factory=dict)
    error: str | None = None
    kind: str = "row"
    done: int = 0
    total: int = 0


@dataclass
class _Line:
    number: int
    text: str | None
    offset: int


def _lines(stream: IO[bytes], encoding: str) -> Iterator[_Line]:
    offset = 0
    for number, raw in enumerate(stream, start=1):
        offset += len(raw)
        try:
            yield _Line(number, raw.decode(encoding), offset)
        except UnicodeDecodeError:
            yield _Line(number, None, offset)


def _parse(text: str, delimiter: str) -> list[str]:
    return next(csv.reader([text], delimiter=delimiter, strict=True), [])


class _Rows:
    """Rows of one CSV stream as (first line, last line, fields or error)."""

    def __init__(self, lines: Iterator[_Line], delimiter: str) -> None:
        self.source = lines
        self.pending: deque[_Line] = deque()
        self.delimiter = delimiter
        self.offset = 0

    def _next(self) -> _Line | None:
        line = self.pending.popleft() if self.pending else next(self.source, None)
        if line is not None:
            self.offset = max(self.offset, line.offset)
        return line

    def __iter__(self) -> Iterator[tuple[list[_Line], list[str] | None, str]]:
        while (first := self._next()) is not None:
            if first.text is None:
                yield [first], None, "undecodable bytes (not UTF-8)"
                continue
            if not first.text.strip():
                continue
            yield self._assemble(first)

    def _assemble(self, first: _Line) -> tuple[list[_Line], list[str] | None, str]:
        taken, buffer = [first], first.text or ""
        while buffer.count('"') % 2 and len(taken) < MAX_LINES_PER_ROW:
            line = self._next()
            if line is None:
                break
            if line.text is None:  # keep the bad line for its own report
                self.pending.appendleft(line)
                break
            taken.append(line)
            buffer += line.text
        if buffer.count('"') % 2:
            return taken, None, "unterminated quoted field"
        try:
            return taken, _parse(buffer, self.delimiter), ""
        except csv.Error as error:
            return taken, None, f"unreadable CSV: {error}"

    def give_back(self, lines: list[_Line]) -> None:
        """Parse these lines again: they were swallowed by a broken row."""
        self.pending.extendleft(reversed(lines))


def read_csv(
    stream: IO[bytes],
    name: str,
    total: int,
    required: tuple[str, ...] = (),
    delimiter: str = ",",
) -> Iterator[RawItem]:
    """Stream the rows of a CSV file with a header as ``RawItem``s (bad ones carry ``error``)."""
    rows = _Rows(_lines(stream, "utf-8"), delimiter)
    iterator = iter(rows)
    header_row = next(iterator, None)
    if header_row is None or header_row[1] is None:
        raise ImportFailed(f"{name}: no readable header row")
    header = [column.strip().lstrip("\ufeff") for column in header_row[1]]
    missing = [column for column in required if column not in header]
    if missing:
        raise ImportFailed(f"{name}: missing columns {', '.join(missing)}")
    for taken, fields, problem in iterator:
        item = RawItem(file=name, line=taken[0].number, done=rows.offset, total=total)
        if fields is not None and len(fields) != len(header):
            problem = f"expected {len(header)} columns, found {len(fields)}"
            fields = None
        if fields is None:
            rows.give_back(taken[1:])
            item.error = problem
        else:
            item.data = dict(zip(header, fields, strict=True))
        yield item


@contextmanager
def open_input(path: Path) -> Iterator[tuple[IO[bytes], str, int]]:
    """Open a file, or the first CSV inside a zip, as bytes: (stream, display name, size)."""
    if not path.is_file():
        raise ImportFailed(f"{path}: no such file")
    try:
        if path.suffix.lower() != ".zip":
            with path.open("rb") as stream:
                yield stream, path.name, path.stat().st_size
            return
        with zipfile.ZipFile(path) as archive:
            members = [m for m in archive.infolist() if m.filename.lower().endswith(".csv")]
            if not members:
                raise ImportFailed(f"{path}: the zip holds no CSV file")
            with archive.open(members[0]) as stream:
                yield stream, f"{path.name}:{members[0].filename}", members[0].file_size
    except (OSError, zipfile.BadZipFile) as error:
        raise ImportFailed(f"{path}: cannot read ({error})") from error
