"""Mapped records: what an importer's ``map_item`` returns, before anything touches the store.

A row becomes a ``MappedItem``: a list of ``Upsert`` (one record each, identified by a ``Key``)
in parent-first order, plus ``Link`` rows of many-to-many tables. Foreign keys are written as
the parent's ``Key``; the writer turns them into ids. Keeping this pure lets ``map_item`` be
tested without a database and lets the writer batch look-ups.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import String, Table

from mixroom.models import Base


@dataclass(frozen=True)
class Key:
    """The identity of a record: its model and the values of its natural key columns."""

    model: type[Base]
    fields: tuple[tuple[str, Hashable], ...]

    @classmethod
    def of(cls, model: type[Base], **fields: Hashable) -> Key:
        return cls(model, tuple(fields.items()))

    def describe(self) -> str:
        inner = ", ".join(
            f"{name}={value}" for name, value in self.fields if not isinstance(value, Key)
        )
        return f"{self.model.__tablename__}({inner})"


@dataclass
class Upsert:
    """Create the record named by ``key`` or bring it to ``values``.

    ``create_only`` fields are set when the record is created and never changed afterwards
    (slugs, handles, names people may have edited). ``weak`` fields come from a poorer source
    (an excerpt rather than the full text): they never replace a longer value already stored.
    ``primary`` marks the record the row is about; a second row with the same primary key in
    one run is a bad row rather than a silent overwrite.
    """

    key: Key
    values: dict[str, Any] = field(default_factory=dict)
    create_only: frozenset[str] = frozenset()
    weak: frozenset[str] = frozenset()
    primary: bool = False


@dataclass(frozen=True)
class Link:
    """A row of a many-to-many table between two keyed records."""

    table: Table
    left: tuple[str, Key]
    right: tuple[str, Key]


@dataclass
class MappedItem:
    upserts: list[Upsert] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)

    @property
    def primary(self) -> Key | None:
        return next((u.key for u in self.upserts if u.primary), None)


def fit(model: type[Base], values: dict[str, Any]) -> dict[str, Any]:
    """Clip text to its column's length, as PostgreSQL refuses what SQLite would store."""
    columns = model.__table__.columns
    fitted: dict[str, Any] = {}
    for name, value in values.items():
        column_type = columns[name].type
        if isinstance(value, str) and isinstance(column_type, String) and column_type.length:
            limit = column_type.length
            if len(value) > limit:
                value = value[: limit - 1].rstrip() + "…"
        fitted[name] = value
    return fitted
