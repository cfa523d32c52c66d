"""Other designs on the same data shapes: synthetic control and staggered difference-in-differences.

(The interrupted time series is the structural model with no controls:
``estimate_impact(..., controls=[])``.)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import optimize

from mixroom.errors import InvalidInput

Array = NDArray[np.float64]
SIMPLEX_PENALTY = 1e3


@dataclass(frozen=True)
class SyntheticControl:
    """Cumulative gap (treated minus synthetic) over the post-period, with placebo inference.

    ``p`` is the rank of the treated unit's post/pre RMSPE ratio among all units (Abadie,
    Diamond and Hainmueller 2010); the interval scales the placebos' cumulative gaps, each
    divided by its own pre-period RMSPE, by the treated unit's pre-period RMSPE.
    """

    weights: Array
    gap: Array  # (T,) treated minus synthetic
    cumulative: float
    lower: float
    upper: float
    p: float
    pre_rmspe: float
    placebo_ratios: Array


def simplex_weights(target: Array, donors: Array) -> Array:
    """Non-negative weights summing to one that match demeaned target by demeaned donors."""
    a = np.vstack([donors.T, SIMPLEX_PENALTY * np.ones((1, donors.shape[0]))])
    b = np.concatenate([target, [SIMPLEX_PENALTY]])
    weights, _ = optimize.nnls(a, b, maxiter=50 * donors.shape[0])
    total = weights.sum()
    return np.asarray(
        weights / total if total > 0 else np.full(donors.shape[0], 1.0 / donors.shape[0])
    )


def _gap(target: Array, donors: Array, start: int) -> tuple[Array, Array]:
    """Weights on demeaned series (an intercept, so the levels need not match) and the gap."""
    y_mean = target[:start].mean()
    x_mean = donors[:, :start].mean(axis=1, keepdims=True)
    weights = simplex_weights(target[:start] - y_mean, donors[:, :start] - x_mean)
    synthetic = y_mean + weights @ (donors - x_mean)
    return weights, target - synthetic


def synthetic_control(
    target: Array, donors: Array, start: int, stop: int | None = None, level: float = 0.95
) -> SyntheticControl:
    """Synthetic control of ``target`` (T,) from ``donors`` (D, T); post days are start..stop."""
    stop = target.size if stop is None else stop
    if (
        donors.shape[0] < 2
        or start < 3
        or not (np.isfinite(target[:stop]).all() and np.isfinite(donors[:, :stop]).all())
    ):
        raise InvalidInput("a synthetic control needs 2+ complete donors and 3+ pre periods")
    weights, gap = _gap(target[:stop], donors[:, :stop], start)
    units = np.vstack([target[None, :stop], donors[:, :stop]])
    ratios, sums, rmspes = [], [], []
    for i in range(units.shape[0]):
        others = np.delete(units, i, axis=0)
        _, g = _gap(units[i], others, start) if i else (weights, gap)
        rmspe = float(np.sqrt(np.mean(g[:start] ** 2)))
        post = float(np.sqrt(np.mean(g[start:] ** 2)))
        ratios.append(post / max(rmspe, 1e-12))
        sums.append(float(g[start:].sum()))
        rmspes.append(max(rmspe, 1e-12))
    ratio = np.asarray(ratios)
    scaled = np.asarray(sums[1:]) / np.asarray(rmspes[1:])
    spread = float(np.quantile(np.abs(scaled), level)) * rmspes[0]
    cumulative = float(gap[start:].sum())
    return SyntheticControl(
        weights=weights,
        gap=gap,
        cumulative=cumulative,
        lower=cumulative - spread,
        upper=cumulative + spread,
        p=float((ratio >= ratio[0]).mean()),
        pre_rmspe=rmspes[0],
        placebo_ratios=ratio[1:],
    )


@dataclass(frozen=True)
class Staggered:
    """Average effect on the treated after staggered launches, with a unit bootstrap.

    ``by_cohort`` maps each launch index to its ATT over its post periods; ``pre_trend``
    is the same estimator on the periods before launch (near zero when trends are parallel).
    """

    att: float
    lower: float
    upper: float
    pre_trend: float
    pre_trend_lower: float
    pre_trend_upper: float
    by_cohort: dict[int, float]


def _att(y: Array, launch: NDArray[np.int_], units: NDArray[np.int_]) -> tuple[float, float]:
    """Post and pre ATT for the units picked (duplicates allowed, as in a bootstrap)."""
    sample, starts = y[units], launch[units]
    never = sample[starts < 0]
    if never.shape[0] == 0:
        return np.nan, np.nan
    post_sum = post_n = pre_sum = pre_n = 0.0
    for g in np.unique(starts[starts >= 0]):
        cohort = sample[starts == g]
        base = g - 1
        diff = (cohort - cohort[:, base : base + 1]).mean(axis=0) - (
            never - never[:, base : base + 1]
        ).mean(axis=0)
        size = cohort.shape[0]
        post_sum += size * diff[g:].sum()
        post_n += size * diff[g:].size
        pre_sum += size * diff[:base].sum()
        pre_n += size * diff[:base].size
    return post_sum / max(post_n, 1), pre_sum / max(pre_n, 1)


def staggered_did(
    y: Array, launch: NDArray[np.int_], level: float = 0.95, draws: int = 500, seed: int = 0
) -> Staggered:
    """Difference-in-differences for units (N, T) launched at ``launch`` (-1: never).

    Each cohort is compared with the never-launched units, relative to the period just
    before its launch (Callaway and Sant'Anna's ATT(g, t) with never-treated controls),
    then averaged over cohorts and periods weighted by cohort size; the interval comes
    from resampling units with replacement.
    """
    y = np.asarray(y, dtype=float)
    launch = np.asarray(launch, dtype=int)
    if not np.isfinite(y).all():
        raise InvalidInput("difference-in-differences needs complete series")
    if (launch == 0).any() or (launch >= y.shape[1]).any():
        raise InvalidInput("every launch needs at least one period before and after it")
    if (launch < 0).sum() < 2 or (launch >= 0).sum() < 1:
        raise InvalidInput("need 2+ units never launched and 1+ launched")
    every = np.arange(y.shape[0])
    att, pre = _att(y, launch, every)
    rng = np.random.default_rng(seed)
    treated, never = every[launch >= 0], every[launch < 0]
    boot = np.array(
        [
            _att(
                y,
                launch,
                np.concatenate([rng.choice(treated, treated.size), rng.choice(never, never.size)]),
            )
            for _ in range(draws)
        ]
    )
    tail = (1 - level) / 2
    low, high = np.nanquantile(boot, [tail, 1 - tail], axis=0)
    cohorts = {
        int(g): _att(y, launch, np.flatnonzero((launch == g) | (launch < 0)))[0]
        for g in np.unique(launch[launch >= 0])
    }
    return Staggered(
        att, float(low[0]), float(high[0]), pre, float(low[1]), float(high[1]), cohorts
    )
