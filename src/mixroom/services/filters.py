"""Filter builders: a query parameter's text to an SQL condition, or a clear 422."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import ColumnElement, false, or_
from sqlalchemy.orm import InstrumentedAttribute

from mixroom.errors import InvalidInput

FilterFn = Callable[[str], ColumnElement[bool]]


def equals_int(column: InstrumentedAttribute[Any]) -> FilterFn:
    def make(value: str) -> ColumnElement[bool]:
        try:
            number = int(value)
        except ValueError as error:
            raise InvalidInput(f"{column.key} must be a whole number, not {value!r}") from error
        return column == number

    return make


def equals_text(column: InstrumentedAttribute[Any], choices: tuple[str, ...] = ()) -> FilterFn:
    def make(value: str) -> ColumnElement[bool]:
        if choices and value not in choices:
            raise InvalidInput(f"{column.key} must be one of {', '.join(choices)}")
        return column == value

    return make


def equals_bool(column: InstrumentedAttribute[Any]) -> FilterFn:
    def make(value: str) -> ColumnElement[bool]:
        lowered = value.lower()
        if lowered not in {"true", "false", "1", "0"}:
            raise InvalidInput(f"{column.key} must be true or false")
        return column.is_(lowered in {"true", "1"})

    return make


def contains(*columns: InstrumentedAttribute[Any]) -> FilterFn:
    """Case-insensitive substring search over several text columns (``q=``)."""

    def make(value: str) -> ColumnElement[bool]:
        text = value.strip()
        if not text:
            return ~false()
        pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        return or_(*(column.ilike(pattern, escape="\\") for column in columns))

    return make
