"""Mixtures of Student t's: the posterior of an effect averaged over the variance-ratio grid.

Every function works on arrays whose last axis is the mixture's components, so a batch of
series (and of days) is handled in one call.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray
from scipy import special

Array = NDArray[np.float64]
#: bisection steps before Newton's: enough to land in the basin of the root
BISECTIONS = 8
NEWTON_STEPS = 5


def cdf(x: Array, weights: Array, loc: Array, scale: Array, dof: Array) -> Array:
    """P(X ≤ x) for a mixture; ``x`` and ``dof`` lack the last (component) axis."""
    z = (x[..., None] - loc) / scale
    return np.asarray((weights * special.stdtr(dof[..., None], z)).sum(axis=-1))


def _cdf_pdf(x: Array, weights: Array, loc: Array, scale: Array, dof: Array) -> tuple[Array, Array]:
    nu = dof[..., None]
    z = (x[..., None] - loc) / scale
    norm = np.exp(
        special.gammaln((nu + 1) / 2) - special.gammaln(nu / 2) - 0.5 * np.log(nu * np.pi)
    )
    density = norm * (1.0 + z * z / nu) ** (-(nu + 1) / 2) / scale
    return (
        np.asarray((weights * special.stdtr(nu, z)).sum(axis=-1)),
        np.asarray((weights * density).sum(axis=-1)),
    )


def quantiles(ps: Sequence[float], weights: Array, loc: Array, scale: Array, dof: Array) -> Array:
    """The ``ps``-quantiles of a mixture, stacked on a new first axis.

    Every component's p-quantile brackets the mixture's; a few bisection steps shrink the
    bracket, then Newton's steps (kept inside it) converge to machine precision.
    """
    p = np.asarray(ps, dtype=float).reshape((-1,) + (1,) * (loc.ndim - 1))
    t = special.stdtrit(dof[None, ..., None], p[..., None])
    ends = loc + scale * t
    low = ends.min(axis=-1) - 1e-9
    high = ends.max(axis=-1) + 1e-9
    for _ in range(BISECTIONS):
        middle = (low + high) / 2
        below = cdf(middle, weights, loc, scale, np.broadcast_to(dof, middle.shape)) < p
        low = np.where(below, middle, low)
        high = np.where(below, high, middle)
    x = (low + high) / 2
    for _ in range(NEWTON_STEPS):
        value, density = _cdf_pdf(x, weights, loc, scale, np.broadcast_to(dof, x.shape))
        step = (value - p) / np.maximum(density, 1e-300)
        x = np.clip(x - step, low, high)
    return np.asarray(x)


def quantile(p: float, weights: Array, loc: Array, scale: Array, dof: Array) -> Array:
    """The p-quantile of a mixture (see :func:`quantiles`)."""
    return np.asarray(quantiles([p], weights, loc, scale, dof)[0])


def mean(weights: Array, loc: Array) -> Array:
    return np.asarray((weights * loc).sum(axis=-1))
