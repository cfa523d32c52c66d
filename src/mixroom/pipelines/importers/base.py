"""The importer unit: declarative metadata, ``fetch`` (stream raw items) and ``map_item`` (pure)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

from mixroom.pipelines.fields import RowError
from mixroom.pipelines.readers import RawItem
from mixroom.pipelines.records import MappedItem

__all__ = ["Importer", "MappedItem", "RawItem", "RowError"]


class Importer(ABC):
    """One input format. Subclasses set the metadata and implement the two methods.

    ``fetch`` streams ``RawItem``s with their file and line (never the whole file in a list);
    items it could not read carry ``error``. ``map_item`` turns one item into records or raises
    ``RowError`` with the reason; it does no I/O, so it is tested on literal rows.
    """

    name: ClassVar[str]
    title: ClassVar[str]
    description: ClassVar[str]
    version: ClassVar[str] = "1"

    @abstractmethod
    def fetch(self, path: Path) -> Iterator[RawItem]:
        """Stream the raw items of ``path``; raise ``ImportFailed`` if it cannot be read at all."""

    @abstractmethod
    def map_item(self, raw: RawItem) -> MappedItem:
        """Map one raw item to records, or raise ``RowError``."""
