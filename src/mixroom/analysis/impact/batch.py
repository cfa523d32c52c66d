"""Cumulative, average and relative effects with intervals for many series at once."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import special

from mixroom.analysis.impact import counts, engine, mixture

Array = NDArray[np.float64]


@dataclass(frozen=True)
class Effects:
    """One row per series; intervals are central with probability ``level``.

    ``p`` is two-sided (2 × the smaller posterior tail of the cumulative effect at 0), so
    ``p < 1 - level`` exactly when the interval excludes zero; ``probability`` is the
    posterior probability that the effect has the sign of its estimate (CausalImpact's
    "posterior probability of a causal effect").
    """

    days: NDArray[np.int_]
    observed: Array
    cumulative: Array
    cumulative_lower: Array
    cumulative_upper: Array
    relative: Array
    relative_lower: Array
    relative_upper: Array
    p: Array
    probability: Array
    pre_r2: Array

    @property
    def counterfactual(self) -> Array:
        return self.observed - self.cumulative


def relative_bounds(
    observed: Array, cumulative: Array, lower: Array, upper: Array
) -> tuple[Array, Array, Array]:
    """Relative effect Σy/Σŷ - 1 and its bounds, mapped through the counterfactual sum.

    The map from the counterfactual sum C to O/C - 1 is monotone where C > 0, so its bounds
    come from C's; a bound is NaN where the interval of C reaches zero or below.
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        point = cumulative / (observed - cumulative)
        low = lower / (observed - lower)
        high = np.where(observed - upper > 0, upper / (observed - upper), np.nan)
        low = np.where(observed - lower > 0, low, np.nan)
        point = np.where(observed - cumulative > 0, point, np.nan)
    return point, low, high


def analyse(
    y: Array,
    controls: Array | None,
    pre: NDArray[np.bool_],
    post: NDArray[np.bool_],
    *,
    weekday: NDArray[np.int_] | None = None,
    trend: bool = False,
    count: bool = False,
    stock: bool = False,
    level: float = 0.95,
    inflation: Array | None = None,
    seed: int = 0,
    annual: bool | None = None,
) -> Effects:
    """Effects for N series, fitted in chunks that keep memory flat in N.

    ``inflation`` (N,) multiplies each series' predictive scale (the honesty layer's
    widening); ``count`` fits on the Anscombe scale and back-transforms by simulation;
    ``stock`` (a running total such as followers) models the daily increments with a drift
    (an audience's gains grow or shrink steadily, which controls' noisy gains cannot tell
    the model), and the effect on the total after h post days is the sum of the first h
    increments' effects.
    ``annual`` None decides once for the whole batch (:func:`engine.wants_annual`).
    """
    y = np.asarray(y, dtype=float)
    n, t = y.shape
    width = 1 + (0 if controls is None else controls.shape[2]) + 6 * (weekday is not None)
    factor = np.ones(n) if inflation is None else np.asarray(inflation, dtype=float)
    rng = np.random.default_rng(seed)
    if annual is None:
        annual = engine.wants_annual(pre, weekday)
    step = engine.chunk_size(t, width + int(trend or stock) + 2 * int(annual))
    parts: list[tuple[Array, ...]] = []
    for i in range(0, n, step):
        rows = slice(i, i + step)
        x = None if controls is None else controls[rows]
        if count:
            parts.append(
                counts.summarise(
                    y[rows],
                    x,
                    pre[rows],
                    post[rows],
                    weekday,
                    trend,
                    level,
                    factor[rows],
                    rng,
                    annual=annual,
                )
            )
            continue
        if stock:
            parts.append(
                _stock(y[rows], x, pre[rows], post[rows], weekday, level, factor[rows], annual)
            )
            continue
        fit = engine.fit(
            y[rows], x, pre[rows], post[rows], weekday=weekday, trend=trend, annual=annual
        )
        observed = np.where(fit.usable, y[rows], 0.0).sum(axis=1)
        parts.append(_summarise(fit, observed, level, factor[rows]))
    days, observed, cum, low, high, p, prob, r2 = (
        np.concatenate([part[k] for part in parts]) for k in range(8)
    )
    relative, rel_low, rel_high = relative_bounds(observed, cum, low, high)
    return Effects(
        days=days.astype(int),
        observed=observed,
        cumulative=cum,
        cumulative_lower=low,
        cumulative_upper=high,
        relative=relative,
        relative_lower=rel_low,
        relative_upper=rel_high,
        p=p,
        probability=prob,
        pre_r2=r2,
    )


def _stock(
    y: Array,
    x: Array | None,
    pre: NDArray[np.bool_],
    post: NDArray[np.bool_],
    weekday: NDArray[np.int_] | None,
    level: float,
    factor: Array,
    annual: bool,
) -> tuple[Array, ...]:
    increments = np.diff(y, axis=1, prepend=np.nan)
    x_increments = None if x is None else np.diff(x, axis=1, prepend=np.nan)
    days_left = np.cumsum(post[:, ::-1], axis=1)[:, ::-1] * post
    fit = engine.fit(
        increments,
        x_increments,
        pre,
        post,
        weekday=weekday,
        weights=days_left.astype(float),
        annual=annual,
        trend=True,
    )
    observed = np.where(post & np.isfinite(y), y, 0.0).sum(axis=1)
    _, *rest = _summarise(fit, observed, level, factor)
    return ((post & np.isfinite(y)).sum(axis=1), *rest)


def _summarise(fit: engine.Fit, observed: Array, level: float, factor: Array) -> tuple[Array, ...]:
    loc = fit.cumulative
    scale = np.sqrt(fit.scale2 * fit.cumulative_var) * factor[:, None]
    tail = (1.0 - level) / 2
    low, high = mixture.quantiles([tail, 1.0 - tail], fit.weights, loc, scale, fit.dof)
    below = mixture.cdf(np.zeros(loc.shape[0]), fit.weights, loc, scale, fit.dof)
    smaller = np.minimum(below, 1.0 - below)
    return (
        fit.usable.sum(axis=1),
        observed,
        mixture.mean(fit.weights, loc),
        low,
        high,
        np.minimum(2.0 * smaller, 1.0),
        1.0 - smaller,
        fit.pre_r2,
    )


def student_scale(level: float, dof: Array) -> Array:
    """The central-interval multiplier of a Student t (used for z-scores of placebos)."""
    return np.asarray(special.stdtrit(dof, 0.5 + level / 2))
