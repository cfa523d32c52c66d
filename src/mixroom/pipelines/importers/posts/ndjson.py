"""Streaming NDJSON (and JSON array) reading, one item at a time, with its line number.

A line that is not JSON, not an object, or longer than ``MAX_LINE_BYTES`` is reported with its
line and reason and the next line is read: one bad line never costs the rest of the file, and a
huge line is skipped in chunks, never held in memory whole.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, NamedTuple

import orjson

from mixroom.errors import ImportFailed
from mixroom.pipelines.readers import RawItem

#: a longer line is reported and skipped (a Zeeschuimer item is a few kB to a few hundred kB)
MAX_LINE_BYTES = 4 * 1024 * 1024


def read_ndjson(path: Path, max_line_bytes: int = MAX_LINE_BYTES) -> Iterator[RawItem]:
    """Stream the objects of an NDJSON file; a file that starts with ``[`` is read as one JSON
    array of objects (the shape of API responses saved to disk)."""
    if not path.is_file():
        raise ImportFailed(f"{path}: no such file")
    total = path.stat().st_size
    with path.open("rb") as stream:
        first = stream.readline(max_line_bytes + 1).lstrip(b"\xef\xbb\xbf \t\r\n")
        stream.seek(0)
        if _opens_document(first) and _is_document(path):
            yield from _read_document(path, total)
            return
        yield from _read_lines(stream, path.name, total, max_line_bytes)


def _opens_document(first: bytes) -> bool:
    """True when the first line starts a JSON array, or an object that goes on over more
    lines (an indented API response), rather than the first item of NDJSON."""
    if first.startswith(b"["):
        return True
    if not first.startswith(b"{"):
        return False
    try:
        orjson.loads(first)
    except orjson.JSONDecodeError:
        return True
    return b'"posts"' in first[:20] or b'"feed"' in first[:20]


def _is_document(path: Path) -> bool:
    """True when the whole file is one JSON value (an array or an API response)."""
    try:
        orjson.loads(path.read_bytes())
    except orjson.JSONDecodeError:
        return False
    return True


def _read_document(path: Path, total: int) -> Iterator[RawItem]:
    document = orjson.loads(path.read_bytes())
    if isinstance(document, dict):
        found: Any = next((document[k] for k in ("data", "posts", "feed") if k in document), [])
        items = found if isinstance(found, list) else [found]
    else:
        items = document
    for position, item in enumerate(items, start=1):
        raw = RawItem(file=path.name, line=position, kind="item", done=total, total=total)
        if isinstance(item, dict):
            raw.data = item
        else:
            raw.error = "item is not a JSON object"
        yield raw


class Line(NamedTuple):
    """One line of an NDJSON file as bytes (a byte order mark taken off), or why it was not
    read; ``done`` is the bytes read so far."""

    number: int
    data: bytes
    error: str | None
    done: int


def is_ndjson(path: Path, max_line_bytes: int = MAX_LINE_BYTES) -> bool:
    """True when ``path`` is read line by line (not one JSON document)."""
    with path.open("rb") as stream:
        first = stream.readline(max_line_bytes + 1).lstrip(b"\xef\xbb\xbf \t\r\n")
    return not (_opens_document(first) and _is_document(path))


def read_lines(stream: IO[bytes], limit: int = MAX_LINE_BYTES) -> Iterator[Line]:
    """The non-blank lines of ``stream``; a line longer than ``limit`` is skipped in chunks
    and comes with its error."""
    done = 0
    number = 0
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        number += 1
        done += len(line)
        if len(line) > limit and not line.endswith(b"\n"):
            rest, ending = _skip_rest(stream)
            size = len(line) + rest
            done += rest + ending
            yield Line(number, b"", _too_long(size, limit), done)
            continue
        if number == 1:
            line = line.removeprefix(b"\xef\xbb\xbf")
        if line[:1] == b"{" or line.strip():
            yield Line(number, line, None, done)


class Block(NamedTuple):
    """Whole lines of an NDJSON file read at once (the last may lack its newline at the end of
    the file), the number of the first, and the bytes read up to the block's end; or, with
    ``error``, the one line that was too long to read."""

    first: int
    data: bytes
    done: int
    error: str | None = None


#: the bytes a block reads at a time
BLOCK_BYTES = 2**20


def read_blocks(
    stream: IO[bytes], limit: int = MAX_LINE_BYTES, size: int = BLOCK_BYTES
) -> Iterator[Block]:
    """``stream`` in blocks of whole lines, for ``block_lines`` to split elsewhere: a C-speed
    read and a newline count per block instead of Python work per line. A line that grows
    past ``limit`` before its end is skipped in chunks (memory stays within ``limit + size``)."""
    number = 1
    done = 0
    carry = b""
    while True:
        chunk = stream.read(size)
        if not chunk:
            if carry:
                yield Block(number, carry, done + len(carry))
            return
        buffer = carry + chunk if carry else chunk
        cut = buffer.rfind(b"\n") + 1
        if cut == 0:
            carry = buffer
            if len(carry) > limit:
                rest, ending = _skip_rest(stream)
                done += len(carry) + rest + ending
                yield Block(number, b"", done, _too_long(len(carry) + rest, limit))
                number += 1
                carry = b""
            continue
        done += cut
        yield Block(number, buffer[:cut], done)
        number += buffer.count(b"\n", 0, cut)
        carry = buffer[cut:]


def block_lines(block: Block, limit: int = MAX_LINE_BYTES) -> Iterator[Line]:
    """The lines of a block, as ``read_lines`` gives them."""
    if block.error is not None:
        yield Line(block.first, b"", block.error, block.done)
        return
    for number, line in enumerate(block.data.split(b"\n"), start=block.first):
        if number == 1:
            line = line.removeprefix(b"\xef\xbb\xbf")
        if len(line) > limit:
            yield Line(number, b"", _too_long(len(line), limit), block.done)
        elif line[:1] == b"{" or line.strip():
            yield Line(number, line, None, block.done)


def _too_long(size: int, limit: int) -> str:
    return f"line of {size:,} bytes is longer than the {limit:,}-byte limit"


def parse_line(name: str, line: Line, total: int) -> RawItem:
    """The raw item of one line: its JSON object, or why it is not one."""
    item = RawItem(file=name, line=line.number, kind="line", done=line.done, total=total)
    if line.error is not None:
        item.error = line.error
        return item
    try:
        data = orjson.loads(line.data)
    except orjson.JSONDecodeError as error:
        item.error = f"not JSON ({error.msg} at column {error.colno})"
        return item
    if isinstance(data, dict):
        item.data = data
    else:
        item.error = "line is not a JSON object"
    return item


def _read_lines(stream: IO[bytes], name: str, total: int, limit: int) -> Iterator[RawItem]:
    for line in read_lines(stream, limit):
        yield parse_line(name, line, total)


def _skip_rest(stream: IO[bytes]) -> tuple[int, int]:
    """Read past the rest of a line: (its bytes without the line ending, the ending's)."""
    skipped = 0
    while True:
        chunk = stream.readline(1024 * 1024)
        if chunk.endswith(b"\n"):
            return skipped + len(chunk) - 1, 1
        skipped += len(chunk)
        if not chunk:
            return skipped, 0
