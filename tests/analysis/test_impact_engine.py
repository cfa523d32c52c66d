"""The engine against dense linear algebra, on literal series.

For one value of the drift ratio q the model is a GLS regression with covariance
σ²(I + q·Ω), Ω_ts = min(t, s) - 1 (the level starts at the intercept): the Kalman filter must
give the same predictions, residual sum of squares and variance of a post-period sum.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from mixroom.analysis.impact import batch, engine, mixture

Y = np.array([10.0, 11.2, 10.4, 12.1, 12.9, 12.2, 13.5, 13.1, 14.2, 13.8, 16.9, 17.4, 16.8])
X = np.array([4.0, 4.5, 4.1, 5.0, 5.3, 5.0, 5.6, 5.4, 5.9, 5.7, 6.0, 6.3, 6.1])
PRE = 10


def dense(q: float) -> dict[str, float]:
    n = Y.size
    t = np.arange(1, n + 1)
    omega = np.minimum.outer(t, t) - 1.0
    v = np.eye(n) + q * omega
    xs = (X - X[:PRE].mean()) / X[:PRE].std(ddof=1)
    design = np.column_stack([np.ones(n), xs])
    o, p = slice(0, PRE), slice(PRE, n)
    inv_oo = np.linalg.inv(v[o, o])
    s = design[o].T @ inv_oo @ design[o] + np.diag([1e-9, engine.BETA_PRECISION + 1e-9])
    b = np.linalg.solve(s, design[o].T @ inv_oo @ Y[o])
    resid = Y[o] - design[o] @ b
    ssr = resid @ inv_oo @ resid + engine.BETA_PRECISION * b[1] ** 2  # the prior's share
    gain = v[p, o] @ inv_oo
    predicted = design[p] @ b + gain @ resid
    g = (design[p] - gain @ design[o]).sum(axis=0)
    ones = np.ones(n - PRE)
    var_sum = ones @ (v[p, p] - gain @ v[o, p]) @ ones + g @ np.linalg.solve(s, g)
    return {
        "effect": float((Y[p] - predicted).sum()),
        "ssr": float(ssr),
        "var": float(var_sum),
        "logdet": float(np.linalg.slogdet(v[o, o])[1]),
    }


def fit_one(r: float) -> engine.Fit:
    pre = np.zeros((1, Y.size), bool)
    pre[0, :PRE] = True
    return engine.fit(Y[None], X[None, :, None], pre, ~pre, r_grid=np.array([r]))


@pytest.mark.parametrize("r", [0.0, 0.3, 2.0])
def test_filter_matches_dense_gls(r: float) -> None:
    expected = dense(r**2)
    fit = fit_one(r)
    dof = PRE - 1  # the intercept has a flat prior
    assert fit.dof[0] == dof
    assert fit.cumulative[0, 0] == pytest.approx(expected["effect"], rel=1e-6)
    assert fit.scale2[0, 0] * dof == pytest.approx(expected["ssr"], rel=1e-6)
    assert fit.cumulative_var[0, 0] == pytest.approx(expected["var"], rel=1e-6)
    assert np.log(fit.state_var[0, 0, :PRE] + 1).sum() == pytest.approx(expected["logdet"])


def test_the_posterior_over_the_grid_sums_to_one_and_prefers_the_data() -> None:
    pre = np.zeros((2, 200), bool)
    pre[:, :150] = True
    rng = np.random.default_rng(7)
    noise = rng.normal(0, 1, (2, 200))
    walk = np.cumsum(rng.normal(0, 1, 200))
    y = np.stack([noise[0], walk + 0.1 * noise[1]])
    fit = engine.fit(y, None, pre, ~pre)
    assert fit.weights.sum(axis=1) == pytest.approx([1.0, 1.0])
    r_mean = fit.weights @ engine.R_GRID
    assert r_mean[0] < 0.1  # white noise: almost no drift
    assert r_mean[1] > 3.0  # a random walk: drift dominates


def test_mixture_of_one_t_is_that_t() -> None:
    weights = np.array([[1.0]])
    loc, scale, dof = np.array([[2.0]]), np.array([[3.0]]), np.array([7.0])
    expected = 2.0 + 3.0 * stats.t.ppf(0.975, 7)
    assert mixture.quantile(0.975, weights, loc, scale, dof)[0] == pytest.approx(expected)
    assert mixture.cdf(np.array([2.0]), weights, loc, scale, dof)[0] == pytest.approx(0.5)


def test_symmetric_mixture_has_median_zero_and_wider_tails() -> None:
    weights = np.array([[0.5, 0.5]])
    loc, scale, dof = np.array([[-1.0, 1.0]]), np.array([[1.0, 1.0]]), np.array([30.0])
    assert mixture.quantile(0.5, weights, loc, scale, dof)[0] == pytest.approx(0.0, abs=1e-9)
    upper = mixture.quantile(0.975, weights, loc, scale, dof)[0]
    assert 1.0 + stats.t.ppf(0.95, 30) < upper < 1.0 + stats.t.ppf(0.975, 30)


def test_relative_bounds_map_through_the_counterfactual() -> None:
    observed = np.array([120.0, 50.0])
    point, low, high = batch.relative_bounds(
        observed, np.array([20.0, 10.0]), np.array([10.0, -5.0]), np.array([30.0, 60.0])
    )
    assert point.tolist() == pytest.approx([0.2, 0.25])
    assert low.tolist() == pytest.approx([10 / 110, -5 / 55])
    assert high[0] == pytest.approx(30 / 90)
    assert np.isnan(high[1])  # the counterfactual's interval reaches below zero


def test_missing_days_are_skipped_not_zeroed() -> None:
    pre = np.zeros((2, Y.size), bool)
    pre[:, :PRE] = True
    y = np.stack([Y, Y])
    y[1, 3] = np.nan
    x = np.stack([X, X])[:, :, None]
    full = engine.fit(y, x, pre, ~pre, r_grid=np.array([0.3]))
    assert full.observed.sum(axis=1).tolist() == [PRE, PRE - 1]
    assert full.dof.tolist() == [PRE - 1, PRE - 2]
    # a zero in place of the gap would pull the level down and change the prediction
    zeroed = y.copy()
    zeroed[1, 3] = 0.0
    other = engine.fit(zeroed, x, pre, ~pre, r_grid=np.array([0.3]))
    assert abs(other.cumulative[1, 0] - full.cumulative[1, 0]) > 0.5


def test_batch_recovers_a_known_step_with_weekday_effects() -> None:
    rng = np.random.default_rng(11)
    days = 280
    weekday = np.arange(days) % 7
    pattern = np.array([0.0, -2.0, 0.5, 0.5, 1.0, 3.0, 2.0])
    x = np.cumsum(rng.normal(0, 0.5, (40, days)), axis=1) + 20
    y0 = 5 + 0.8 * x + pattern[weekday] + rng.normal(0, 1, (40, days))
    y = y0.copy()
    y[:, 224:] += 4.0
    pre = np.zeros((40, days), bool)
    pre[:, :224] = True
    effects = batch.analyse(y, x[:, :, None], pre, ~pre, weekday=weekday)
    truth = (y - y0)[:, 224:].sum(axis=1)
    covered = (effects.cumulative_lower <= truth) & (truth <= effects.cumulative_upper)
    assert covered.mean() >= 0.9
    assert np.median(np.abs(effects.cumulative - truth)) < 15  # truth is 224
    assert (effects.p < 0.05).all()
    assert effects.days.tolist() == [56] * 40


def test_a_stock_series_is_modelled_by_its_increments() -> None:
    rng = np.random.default_rng(5)
    days, launch = 200, 150
    increments = rng.poisson(8.0, (30, days)).astype(float)
    extra = np.zeros((30, days))
    extra[:, launch:] = 2.0  # two more followers a day after the launch
    stock = 1000 + np.cumsum(increments + extra, axis=1)
    pre = np.zeros((30, days), bool)
    pre[:, :launch] = True
    effects = batch.analyse(stock, None, pre, ~pre, stock=True)
    truth = np.cumsum(extra[:, launch:], axis=1).sum(axis=1)  # 2 + 4 + ... + 100
    assert truth[0] == 2550.0
    covered = (effects.cumulative_lower <= truth) & (truth <= effects.cumulative_upper)
    assert covered.mean() >= 0.85
    assert effects.days.tolist() == [50] * 30
    assert effects.observed[0] == pytest.approx(stock[0, launch:].sum())
