"""Mixtures of Student t's: the posterior of an effect averaged over the variance-ratio grid.

Every function works on arrays whose last axis is the mixture's components, so a batch of
series (and of days) is handled in one call.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from scipy import special, stats

Array = NDArray[np.float64]


def cdf(x: Array, weights: Array, loc: Array, scale: Array, dof: Array) -> Array:
    """P(X ≤ x) for a mixture; ``x`` and ``dof`` lack the last (component) axis."""
    z = (x[..., None] - loc) / scale
    return np.asarray((weights * special.stdtr(dof[..., None], z)).sum(axis=-1))


def quantile(
    p: float, weights: Array, loc: Array, scale: Array, dof: Array, iterations: int = 36
) -> Array:
    """The p-quantile of a mixture, by bisection between the components' own quantiles."""
    t = stats.t.ppf(p, dof)[..., None]
    low = (loc + scale * np.minimum(t, -abs(t))).min(axis=-1) - 1e-9
    high = (loc + scale * np.maximum(t, abs(t))).max(axis=-1) + 1e-9
    # every component's p-quantile lies in [low, high], so the mixture's does too
    low = np.minimum(low, (loc + scale * t).min(axis=-1)) - 1e-9
    high = np.maximum(high, (loc + scale * t).max(axis=-1)) + 1e-9
    for _ in range(iterations):
        middle = (low + high) / 2
        below = cdf(middle, weights, loc, scale, dof) < p
        low = np.where(below, middle, low)
        high = np.where(below, high, middle)
    return np.asarray((low + high) / 2)


def mean(weights: Array, loc: Array) -> Array:
    return np.asarray((weights * loc).sum(axis=-1))
