"""Parsing and shaping dated series: literal text in, exact arrays out."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from mixroom.analysis.series import (
    daily_counts,
    infer_frequency,
    parse_csv,
    regularise,
    to_csv,
    weekdays,
    weekly,
)
from mixroom.errors import InvalidInput

CSV = """date,visits,mentions
2024-01-03,12,1
2024-01-01,10,
2024-01-02,11.5,NA
2024-01-05,14,3
"""


def test_parse_csv_sorts_the_dates_and_keeps_missing_values_missing() -> None:
    table = parse_csv(CSV)
    assert [str(d) for d in table.dates] == ["2024-01-01", "2024-01-02", "2024-01-03", "2024-01-05"]
    assert table.columns["visits"].tolist() == [10.0, 11.5, 12.0, 14.0]
    assert np.isnan(table.columns["mentions"][:2]).all()
    assert table.columns["mentions"][2:].tolist() == [1.0, 3.0]
    assert table.frequency == "daily"


def test_regularise_adds_the_missing_day_as_nan() -> None:
    table = regularise(parse_csv(CSV))
    assert [str(d) for d in table.dates][-2:] == ["2024-01-04", "2024-01-05"]
    assert np.isnan(table.columns["visits"][3])
    assert table.columns["visits"][4] == 14.0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("when,a\n2024-01-01,1\n", "line 1: the first column must be 'date'"),
        ("date,a\n2024-01-01,1\n2024-13-01,2\n", "line 3: '2024-13-01' is not a date"),
        ("date,a\n2024-01-01,1\n2024-01-02,abc\n", "line 3, column 'a': 'abc' is not a number"),
        ("date,a,b\n2024-01-01,1\n", "line 2: 2 fields, the header has 3"),
        ("date,a\n2024-01-01,1\n2024-01-01,2\n", "the date 2024-01-01 appears twice"),
        ("date,a\n", "the file has no data lines"),
        ("date,a,a\n2024-01-01,1,2\n", "line 1: need one or more series columns"),
        ("date,a\n2024-01-01,inf\n", "line 2, column 'a': 'inf' is not a finite number"),
    ],
)
def test_parse_csv_names_the_bad_line(text: str, message: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_csv(text)
    assert caught.value.detail.startswith(message)


def test_years_and_quarters_are_recognised() -> None:
    years = parse_csv("year,a\n1970,1\n1971,2\n1972,3\n")
    assert str(years.dates[0]) == "1970-01-01"
    assert years.frequency == "yearly"
    quarters = parse_csv("date,a\n2020-01-01,1\n2020-04-01,2\n2020-07-01,3\n2020-10-01,4\n")
    assert infer_frequency(quarters.dates) == "quarterly"
    assert regularise(quarters) is quarters


def test_daily_counts_count_each_day_and_mark_gaps() -> None:
    days = [date(2024, 3, 1), date(2024, 3, 1), date(2024, 3, 3), date(2024, 2, 1)]
    table = daily_counts(days, date(2024, 3, 1), date(2024, 3, 4), gaps=[date(2024, 3, 4)])
    values = table.columns["count"]
    assert values[:3].tolist() == [2.0, 0.0, 1.0]
    assert np.isnan(values[3])


def test_weekly_sums_full_weeks_only() -> None:
    days = [date(2024, 1, 1)] * 3 + [date(2024, 1, 9)]  # 2024-01-01 is a Monday
    table = weekly(daily_counts(days, date(2024, 1, 1), date(2024, 1, 16)))
    assert [str(d) for d in table.dates] == ["2024-01-01", "2024-01-08", "2024-01-15"]
    values = table.columns["count"]
    assert values[:2].tolist() == [3.0, 1.0]
    assert np.isnan(values[2])  # 2 days of that week only


def test_weekdays_start_on_monday() -> None:
    dates = np.array(["2024-01-01", "2024-01-07"], dtype="datetime64[D]")
    assert weekdays(dates).tolist() == [0, 6]


def test_to_csv_round_trips_with_missing_cells() -> None:
    table = regularise(parse_csv(CSV))
    text = to_csv(table)
    assert text.splitlines()[:2] == ["date,visits,mentions", "2024-01-01,10,"]
    again = parse_csv(text)
    assert np.array_equal(again.columns["visits"], table.columns["visits"], equal_nan=True)
