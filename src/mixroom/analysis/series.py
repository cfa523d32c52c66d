"""Dated series: parsed from CSV text, put on a regular calendar, counted, resampled.

A missing day stays missing (NaN), never a zero: a day nobody collected is not a day nobody
spoke. Everything here is pure: text and arrays in, arrays out.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import numpy as np
from numpy.typing import NDArray

from mixroom.errors import InvalidInput

Array = NDArray[np.float64]
Dates = NDArray[np.datetime64]
DATE_HEADERS = ("date", "day", "time", "month", "year")
MISSING = {"", "na", "nan", "null", "none", "-"}
#: median spacing in days -> frequency name; anything else is "irregular"
FREQUENCIES = ((1, "daily"), (7, "weekly"), (28, "monthly"), (31, "monthly"), (89, "quarterly"))


@dataclass(frozen=True)
class Table:
    """Dates (sorted, unique) and one column of floats per series, NaN where missing."""

    dates: Dates
    columns: dict[str, Array]

    @property
    def frequency(self) -> str:
        return infer_frequency(self.dates)


def parse_date(text: str) -> np.datetime64:
    """YYYY-MM-DD, or YYYY-MM and YYYY (the first day of the month or year)."""
    text = text.strip()
    parts = text.split("-")
    if not 1 <= len(parts) <= 3 or not all(part.isdigit() for part in parts):
        raise ValueError(text)
    numbers = [int(part) for part in parts] + [1] * (3 - len(parts))
    return np.datetime64(date(numbers[0], numbers[1], numbers[2]), "D")


def parse_csv(text: str) -> Table:
    """A table from CSV text whose first column is the date; errors name the line."""
    rows = csv.reader(io.StringIO(text))
    header = next(rows, None)
    if not header or header[0].strip().lower() not in DATE_HEADERS:
        raise InvalidInput("line 1: the first column must be 'date' (YYYY-MM-DD)")
    names = [name.strip() for name in header[1:]]
    if not names or len(set(names)) != len(names) or "" in names:
        raise InvalidInput("line 1: need one or more series columns with distinct names")
    dates: list[np.datetime64] = []
    values: list[list[float]] = []
    for line, row in enumerate(rows, start=2):
        if not row or all(not cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise InvalidInput(f"line {line}: {len(row)} fields, the header has {len(header)}")
        try:
            dates.append(parse_date(row[0]))
        except ValueError:
            raise InvalidInput(f"line {line}: '{row[0]}' is not a date (YYYY-MM-DD)") from None
        values.append(
            [_number(cell, line, name) for cell, name in zip(row[1:], names, strict=True)]
        )
    if not dates:
        raise InvalidInput("the file has no data lines")
    stamps = np.array(dates)
    order = np.argsort(stamps, kind="stable")
    stamps = stamps[order]
    repeated = np.flatnonzero(stamps[1:] == stamps[:-1])
    if repeated.size:
        raise InvalidInput(f"the date {stamps[repeated[0]]} appears twice")
    matrix = np.array(values, dtype=float)[order]
    return Table(stamps, {name: matrix[:, i] for i, name in enumerate(names)})


def _number(cell: str, line: int, name: str) -> float:
    if cell.strip().lower() in MISSING:
        return math.nan
    try:
        value = float(cell)
    except ValueError:
        raise InvalidInput(f"line {line}, column '{name}': '{cell}' is not a number") from None
    if not math.isfinite(value):
        raise InvalidInput(f"line {line}, column '{name}': '{cell}' is not a finite number")
    return value


def infer_frequency(dates: Dates) -> str:
    if dates.size < 2:
        return "irregular"
    spacing = float(np.median(np.diff(dates).astype(int)))
    for days, name in FREQUENCIES:
        if spacing == days:
            return name
    if 365 <= spacing <= 366:
        return "yearly"
    if 90 <= spacing <= 92:
        return "quarterly"
    if 29 <= spacing <= 30:
        return "monthly"
    return "irregular"


def regularise(table: Table) -> Table:
    """Daily and weekly tables get every step of their calendar; the added steps are NaN."""
    step = {"daily": 1, "weekly": 7}.get(table.frequency)
    if step is None:
        return table
    offsets = (table.dates - table.dates[0]).astype(int)
    if (offsets % step).any():
        raise InvalidInput(f"the {table.frequency} dates do not fall on one regular calendar")
    full = table.dates[0] + np.arange(0, offsets[-1] + 1, step).astype("timedelta64[D]")
    if full.size == table.dates.size:
        return table
    columns = {}
    for name, values in table.columns.items():
        filled = np.full(full.size, np.nan)
        filled[offsets // step] = values
        columns[name] = filled
    return Table(full, columns)


def daily_counts(days: Iterable[date], start: date, end: date, gaps: Iterable[date] = ()) -> Table:
    """How many events fall on each day from start to end; days in ``gaps`` are NaN."""
    first = np.datetime64(start, "D")
    size = (np.datetime64(end, "D") - first).astype(int) + 1
    if size < 1:
        raise InvalidInput("the end comes before the start")
    offsets = np.array([(np.datetime64(day, "D") - first).astype(int) for day in days], dtype=int)
    offsets = offsets[(offsets >= 0) & (offsets < size)]
    counts = np.bincount(offsets, minlength=size).astype(float)
    for gap in gaps:
        offset = int((np.datetime64(gap, "D") - first).astype(int))
        if 0 <= offset < size:
            counts[offset] = np.nan
    return Table(first + np.arange(size).astype("timedelta64[D]"), {"count": counts})


def weekly(table: Table) -> Table:
    """Sums over weeks starting on Monday; a week with a missing day is missing."""
    if table.frequency != "daily":
        raise InvalidInput("only a daily table can be summed by week")
    weekday = (table.dates.astype(int) + 3) % 7  # 1970-01-01 was a Thursday
    start = table.dates[0] - weekday[0].astype("timedelta64[D]")
    index = ((table.dates - start).astype(int)) // 7
    weeks = start + (np.arange(index[-1] + 1) * 7).astype("timedelta64[D]")
    columns = {}
    for name, values in table.columns.items():
        sums = np.bincount(index, weights=np.nan_to_num(values), minlength=weeks.size)
        gaps = np.bincount(index, weights=np.isnan(values), minlength=weeks.size)
        days = np.bincount(index, minlength=weeks.size)
        columns[name] = np.where((gaps > 0) | (days < 7), np.nan, sums)
    return Table(weeks, columns)


def weekdays(dates: Dates) -> NDArray[np.int_]:
    """Monday = 0 ... Sunday = 6."""
    return np.asarray((dates.astype("datetime64[D]").astype(int) + 3) % 7)


def table_from_columns(dates: list[date], columns: dict[str, list[float | None]]) -> Table:
    """A table from dates and same-length columns (None is missing), as JSON gives them."""
    if not columns:
        raise InvalidInput("give at least one series")
    for name, values in columns.items():
        if len(values) != len(dates):
            raise InvalidInput(f"series '{name}' has {len(values)} values for {len(dates)} dates")
    stamps = np.array([np.datetime64(day, "D") for day in dates])
    order = np.argsort(stamps, kind="stable")
    stamps = stamps[order]
    repeated = np.flatnonzero(stamps[1:] == stamps[:-1])
    if repeated.size:
        raise InvalidInput(f"the date {stamps[repeated[0]]} appears twice")
    arrays = {}
    for name, values in columns.items():
        array = np.array([np.nan if v is None else v for v in values], dtype=float)[order]
        if np.isinf(array).any():
            raise InvalidInput(f"series '{name}' has an infinite value")
        arrays[name] = array
    return Table(stamps, arrays)


def to_csv(table: Table) -> str:
    """The table as CSV text with a ``date`` column; missing values are empty cells."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    names = list(table.columns)
    writer.writerow(["date", *names])
    for i, day in enumerate(table.dates):
        values = (table.columns[name][i] for name in names)
        writer.writerow([str(day), *("" if math.isnan(v) else f"{v:g}" for v in values)])
    return out.getvalue()
