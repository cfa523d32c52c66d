"""The post importer unit: declarative metadata, ``fetch`` (stream raw items of a file) and
``map_item`` (pure: one raw item to one ``PostItem`` or ``RowError``)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

from mixroom.pipelines.fields import RowError
from mixroom.pipelines.listen.items import PostItem
from mixroom.pipelines.readers import RawItem

__all__ = ["PostImporter", "PostItem", "RawItem", "RowError"]


class PostImporter(ABC):
    """One format of public posts. ``fetch`` streams ``RawItem``s with their file and line
    (items it could not read carry ``error``); ``map_item`` does no I/O."""

    name: ClassVar[str]
    title: ClassVar[str]
    description: ClassVar[str]
    version: ClassVar[str] = "1"
    #: True when a file of this format may be NDJSON whose lines ``map_item`` takes one by one
    #: (``ndjson.parse_line``): big files are then prepared on worker processes
    reads_lines: ClassVar[bool] = False

    @abstractmethod
    def fetch(self, path: Path) -> Iterator[RawItem]:
        """Stream the raw items of ``path``; raise ``ImportFailed`` if it cannot be read."""

    @abstractmethod
    def map_item(self, raw: RawItem) -> PostItem:
        """Map one raw item to a post, or raise ``RowError`` with the reason."""
