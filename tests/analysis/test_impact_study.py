"""One study end to end: placebos, warnings, paths, plain words and charts."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from mixroom.analysis.impact import charts, words
from mixroom.analysis.impact.honesty import placebo_windows
from mixroom.analysis.impact.study import estimate_impact
from mixroom.analysis.series import Table
from mixroom.errors import InvalidInput

DAYS = 300
LAUNCH = 240  # 2024-08-28


def table(seed: int = 5, step: float = 6.0, touched: float = 0.0) -> Table:
    rng = np.random.default_rng(seed)
    dates = np.datetime64("2024-01-01") + np.arange(DAYS)
    a = 30 + np.cumsum(rng.normal(0, 0.4, DAYS))
    b = 20 + 0.5 * np.cumsum(rng.normal(0, 0.4, DAYS)) + rng.normal(0, 1, DAYS)
    y = 8 + 0.9 * a + 0.3 * b + rng.normal(0, 1.0, DAYS)
    y[LAUNCH:] += step
    a = a.copy()
    a[LAUNCH:] += touched
    return Table(dates, {"visits": y, "a": a, "b": b})


def test_a_step_is_found_with_its_interval_and_paths() -> None:
    result = estimate_impact(table(), "visits", date(2024, 8, 28))
    assert result.design == "structural"
    assert result.controls == ["a", "b"]
    assert (result.pre_periods, result.post_periods) == (240, 60)
    assert result.cumulative.lower < 360 < result.cumulative.upper
    assert result.p < 0.001
    assert result.observed == pytest.approx(
        result.counterfactual.estimate + result.cumulative.estimate
    )
    path = result.path
    assert len(path.dates) == DAYS
    assert path.cumulative[LAUNCH - 1] is None
    assert path.cumulative[-1] == pytest.approx(result.cumulative.estimate, rel=1e-6)
    assert path.counterfactual_lower[-1] < path.counterfactual[-1] < path.counterfactual_upper[-1]
    assert result.placebos.runs == 20
    assert result.placebos.rate is not None and result.placebos.rate <= 0.15
    assert [notice.code for notice in result.notices] == []


def test_no_controls_is_an_interrupted_time_series_with_a_notice() -> None:
    result = estimate_impact(table(), "visits", date(2024, 8, 28), controls=[])
    assert result.design == "interrupted"
    assert "no_controls" in [notice.code for notice in result.notices]


def test_a_control_moved_by_the_intervention_is_flagged() -> None:
    result = estimate_impact(table(touched=8.0), "visits", date(2024, 8, 28))
    assert [n.values for n in result.notices if n.code == "control_touched"] == [{"control": "a"}]


def test_short_pre_period_and_missing_data_are_flagged() -> None:
    data = table()
    data.columns["visits"][5:40] = np.nan
    result = estimate_impact(data, "visits", date(2024, 2, 20), end=date(2024, 4, 30))
    codes = [notice.code for notice in result.notices]
    assert "short_pre_period" in codes
    assert "missing_data" in codes


def test_count_series_are_modelled_on_the_count_scale() -> None:
    rng = np.random.default_rng(2)
    dates = np.datetime64("2024-01-01") + np.arange(DAYS)
    rate = np.full(DAYS, 3.0)
    rate[LAUNCH:] *= 1.5
    y = rng.poisson(rate).astype(float)
    result = estimate_impact(Table(dates, {"mentions": y}), "mentions", date(2024, 8, 28))
    assert result.count_model
    expected = 0.5 * 3.0 * 60
    assert result.cumulative.lower < expected < result.cumulative.upper
    assert result.counterfactual.lower >= 0


def followers(extra: float = 12.0) -> Table:
    """Followers of a museum and of two others: running totals of daily gains that share a
    season; the museum gains ``extra`` more a day from the launch."""
    rng = np.random.default_rng(9)
    dates = np.datetime64("2024-01-01") + np.arange(DAYS)
    rate = 12 + 4 * np.sin(2 * np.pi * np.arange(DAYS) / 90)
    gains = rng.poisson(np.stack([rate, 2 * rate, 1.5 * rate])).astype(float)
    gains[0, LAUNCH:] += extra
    totals = 5000 + np.cumsum(gains, axis=1)
    return Table(dates, {"followers": totals[0], "c1": totals[1], "c2": totals[2]})


def test_a_stock_is_analysed_by_its_gains() -> None:
    result = estimate_impact(followers(), "followers", date(2024, 8, 28), stock=True)
    data = followers().columns["followers"]
    assert result.observed == pytest.approx(data[-1] - data[LAUNCH - 1])  # the gain
    assert result.cumulative.lower < 12.0 * 60 < result.cumulative.upper
    assert result.p < 0.05
    assert [n.values for n in result.notices if n.code == "stock"] == [{"target": "followers"}]
    assert "analysed as a running total" in words.summarise(result, "en")
    assert "analysé comme un total cumulé" in words.summarise(result, "fr")


def test_a_running_total_analysed_as_a_level_gets_a_notice() -> None:
    result = estimate_impact(followers(), "followers", date(2024, 8, 28))
    codes = [notice.code for notice in result.notices]
    assert "looks_cumulative" in codes
    assert "stock" not in codes
    assert "--stock" in words.summarise(result, "en")
    plain = estimate_impact(table(), "visits", date(2024, 8, 28))
    assert "looks_cumulative" not in [notice.code for notice in plain.notices]


@pytest.mark.parametrize(
    ("target", "controls", "start", "message"),
    [
        ("nope", None, date(2024, 8, 28), "no column named 'nope'"),
        ("visits", ["visits"], date(2024, 8, 28), "'visits' cannot be its own control"),
        ("visits", None, date(2023, 1, 1), "the intervention date must come after"),
        ("visits", None, date(2025, 1, 1), "no data between the intervention date and the end"),
    ],
)
def test_bad_requests_are_refused(
    target: str, controls: list[str] | None, start: date, message: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        estimate_impact(table(), target, start, controls=controls)
    assert caught.value.detail.startswith(message)


def test_placebo_windows_stay_inside_the_pre_period() -> None:
    assert placebo_windows(100, 10, 4) == [(33, 43), (52, 62), (71, 81), (90, 100)]
    assert placebo_windows(10, 60, 20) == [(8, 10)]
    assert placebo_windows(100, 10, 0) == []


def test_plain_words_in_english_and_french() -> None:
    result = estimate_impact(table(), "visits", date(2024, 8, 28))
    english = words.summarise(result, "en")
    french = words.summarise(result, "fr")
    assert english.startswith("From 2024-08-28 to 2024-10-26 (60 days), visits totalled ")
    assert "95 % interval" in english
    assert french.startswith("Du 2024-08-28 au 2024-10-26 (60 jours), visits a totalisé ")
    assert "intervalle à 95 %" in french
    assert words.number(2140.4, "en") == "2,140"
    assert words.number(2140.4, "fr") == "2\u202f140"
    assert words.number(-3.14159, "fr", signed=True) == "-3,14"
    assert words.percent(0.3312, "en", signed=True) == "+33.1 %"


def test_charts_are_vega_lite_with_inline_data() -> None:
    result = estimate_impact(table(), "visits", date(2024, 8, 28))
    specs = charts.charts(result)
    assert sorted(specs) == ["cumulative", "observed", "pointwise"]
    for spec in specs.values():
        assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/")
    assert len(specs["cumulative"]["data"]["values"]) == 60
    assert len(specs["observed"]["layer"][2]["data"]["values"]) == DAYS
