"""CSV of posts: the generic layout (``id, thread_id, author, body, timestamp``, as in 4CAT's
custom upload), or any CSV with a column mapping (``body=message,timestamp=created_time``).

The encoding is read from the file: UTF-8 with or without a byte-order mark, else Latin-1
(cp1252), said in a notice on line 1; the delimiter is sniffed among ``,`` ``;`` and tab.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from mixroom.errors import ImportFailed
from mixroom.pipelines.importers.posts.base import PostImporter, RawItem, RowError
from mixroom.pipelines.listen.items import (
    PostItem,
    as_int,
    hashtags_in,
    links_in,
    mentions_in,
    require_text,
    timestamp_or_note,
)

#: the post fields a column can fill; the first five are the generic layout
FIELDS = ("id", "thread_id", "author", "body", "timestamp", "url", "reply_to", "likes", "shares")
REQUIRED = ("id", "body")
PRESETS: dict[str, dict[str, str]] = {
    "generic": {name: name for name in FIELDS},
    # YouTube Data Tools comment lists
    "youtube-comments": {
        "id": "id",
        "reply_to": "isReplyTo",
        "author": "authorName",
        "body": "text",
        "timestamp": "publishedAt",
        "likes": "likeCount",
    },
}
SNIFF_BYTES = 64 * 1024


def parse_mapping(text: str) -> dict[str, str]:
    """``body=message,timestamp=created_time`` as {field: column}; unknown fields refused."""
    mapping: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, _, column = part.partition("=")
        if name.strip() not in FIELDS or not column.strip():
            raise ImportFailed(f"bad mapping {part!r}: use FIELD=COLUMN with FIELD in {FIELDS}")
        mapping[name.strip()] = column.strip()
    return mapping


class PostsCsvImporter(PostImporter):
    name = "csv"
    title = "CSV of posts"
    description = "id, thread_id, author, body, timestamp (or any layout with --map)."

    def __init__(self, preset: str = "generic", mapping: dict[str, str] | None = None) -> None:
        if preset not in PRESETS:
            raise ImportFailed(f"unknown CSV preset {preset!r}; presets: {', '.join(PRESETS)}")
        self.columns = {**PRESETS[preset], **(mapping or {})}
        self.platform = "csv"

    def fetch(self, path: Path) -> Iterator[RawItem]:
        if not path.is_file():
            raise ImportFailed(f"{path}: no such file")
        total = path.stat().st_size
        with path.open("rb") as binary:
            sample = binary.read(SNIFF_BYTES)
            encoding = _encoding(sample)
            binary.seek(0)
            text = io.TextIOWrapper(binary, encoding=encoding, errors="replace", newline="")
            header_line = text.readline()
            delimiter = _delimiter(header_line)
            header = [c.strip() for c in next(csv.reader([header_line], delimiter=delimiter), [])]
            missing = [self.columns[f] for f in REQUIRED if self.columns[f] not in header]
            if missing:
                raise ImportFailed(f"{path.name}: missing columns {', '.join(missing)}")
            if encoding == "cp1252":
                yield RawItem(
                    file=path.name, line=1, error="not UTF-8: read as Latin-1 (cp1252)", kind="note"
                )
            yield from self._rows(text, header, delimiter, path.name, total)

    def _rows(
        self, text: io.TextIOWrapper, header: list[str], delimiter: str, name: str, total: int
    ) -> Iterator[RawItem]:
        csv.field_size_limit(16 * 1024 * 1024)
        reader = csv.reader(text, delimiter=delimiter)
        line = 1
        while True:
            try:
                fields = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                yield RawItem(file=name, line=reader.line_num, error=f"unreadable CSV: {error}")
                continue
            start, line = line + 1, reader.line_num
            if not any(field.strip() for field in fields):
                continue
            item = RawItem(
                file=name, line=start, done=min(total, binary_position(text)), total=total
            )
            if len(fields) != len(header):
                item.error = f"expected {len(header)} columns, found {len(fields)}"
            else:
                item.data = dict(zip(header, fields, strict=True))
            yield item

    def map_item(self, raw: RawItem) -> PostItem:
        row = raw.data
        value = {f: row.get(column, "").strip() for f, column in self.columns.items()}
        external_id = require_text(value.get("id"), f"id (column {self.columns['id']})")
        body = value.get("body", "")
        if not body:
            raise RowError(f"missing body (column {self.columns['body']})")
        item = PostItem(
            platform=self.platform,
            external_id=external_id,
            text=body,
            url=value.get("url") or None,
            author_handles=[value["author"]] if value.get("author") else [],
            reply_to=value.get("reply_to") or None,
            thread_id=value.get("thread_id") or None,
            hashtags=hashtags_in(body),
            mentions=mentions_in(body),
            links=links_in(body),
            metrics={
                name: number
                for name in ("likes", "shares")
                if (number := as_int(value.get(name))) is not None
            },
            raw=dict(row),
        )
        timestamp_or_note(item, value.get("timestamp"))
        return item


def _encoding(sample: bytes) -> str:
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(sample) - 4:  # not just a character cut at the sample's end
            return "cp1252"
    return "utf-8"


def binary_position(text: io.TextIOWrapper) -> int:
    """How far into the file the reader is, in bytes (for the progress bar)."""
    buffer: Any = text.buffer
    return int(buffer.tell())


def _delimiter(header: str) -> str:
    return max((",", ";", "\t"), key=header.count)
