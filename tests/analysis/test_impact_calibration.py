"""The calibration fixes: count draws on the right scale, a monotone back-transform, the
annual cycle, and placebos of stock series run on their increments."""

from __future__ import annotations

import numpy as np
import pytest

from mixroom.analysis.impact import batch, counts, engine
from mixroom.analysis.impact.honesty import analyse_honest


def test_the_inverse_anscombe_is_monotone_and_zero_below_a_of_zero() -> None:
    z = np.array([-3.0, -1.0, 0.0, 2.0 * np.sqrt(0.375), 3.0, 5.0])
    assert counts.backward(z).tolist() == pytest.approx([0.0, 0.0, 0.0, 0.0, 1.875, 5.875])
    assert counts.backward(counts.forward(np.array([0.0, 4.0, 17.0]))).tolist() == pytest.approx(
        [0.0, 4.0, 17.0]
    )


def test_drawn_sums_have_the_closed_form_variance() -> None:
    """Draws of the counterfactual path on the model scale, summed over the post-period,
    have the variance the engine computes in closed form (the draws were once scaled by the
    pre-period sd a second time, which made count intervals a quarter too wide)."""
    rng = np.random.default_rng(3)
    days, launch = 200, 150
    y = counts.forward(rng.poisson(6.0, (4, days)).astype(float))
    x = counts.forward(rng.poisson(20.0, (4, days, 1)).astype(float))
    y[:, :] += 3.0 * np.arange(4)[:, None]  # different spreads per series
    pre = np.zeros((4, days), bool)
    pre[:, :launch] = True
    fit = engine.fit(y, x, pre, ~pre, r_grid=np.array([0.05]))
    component = np.zeros((4, 20_000), dtype=int)
    drawn = counts.draw_errors(fit, component, counts.post_columns(fit), np.ones(4), rng)
    dof = fit.dof
    expected = fit.scale2[:, 0] * fit.cumulative_var[:, 0] * dof / (dof - 2)  # Student t
    assert drawn.sum(axis=2).var(axis=1) == pytest.approx(expected, rel=0.05)


def test_the_annual_cycle_enters_daily_series_with_a_year_of_history() -> None:
    weekday = np.arange(500) % 7
    year = np.zeros((2, 500), bool)
    year[:, :365] = True
    short = np.zeros((2, 500), bool)
    short[:, :364] = True
    assert engine.wants_annual(year, weekday)
    assert not engine.wants_annual(short, weekday)
    assert not engine.wants_annual(year, None)  # weekly or yearly data


def test_a_season_the_controls_miss_no_longer_biases_the_counterfactual() -> None:
    """The series' own share of an annual season is rising at the launch: a level alone
    extrapolates it flat and predicts too low; with the annual cycle the misses balance."""
    rng = np.random.default_rng(8)
    n, days, launch = 200, 470, 400
    t = np.arange(days)
    weekday = t % 7
    x = 50 + np.cumsum(rng.normal(0, 1, (n, days)), axis=1)
    season = 8.0 * np.sin(2 * np.pi * (t - 40) / 365.25)
    y = 10 + 0.8 * x + season + rng.normal(0, 3, (n, days))
    pre = np.zeros((n, days), bool)
    pre[:, :launch] = True
    truth = np.zeros(n)
    with_cycle = batch.analyse(y, x[:, :, None], pre, ~pre, weekday=weekday)
    without = batch.analyse(y, x[:, :, None], pre, ~pre, weekday=weekday, annual=False)
    low_with = (with_cycle.cumulative_lower > truth).mean()
    low_without = (without.cumulative_lower > truth).mean()
    assert low_without > 0.25  # the flat level under-predicts a rising season
    assert low_with < 0.08


def test_stock_placebos_run_on_increments() -> None:
    rng = np.random.default_rng(4)
    n, days, launch = 20, 240, 180
    stock = 1000 + np.cumsum(rng.poisson(8.0, (n, days)).astype(float), axis=1)
    pre = np.zeros((n, days), bool)
    pre[:, :launch] = True
    found = analyse_honest(stock, None, pre, ~pre, stock=True)
    # on the running total itself every placebo would see a trend and raise an alarm
    assert found.false_alarms.sum() <= 0.1 * found.runs.sum()
    assert (found.inflation == 1.0).mean() >= 0.8
