"""Small daily counts: fit on the Anscombe scale, back-transform by joint simulation.

A count y becomes a(y) = 2√(y + 3/8), whose variance is close to 1 for Poisson counts of any
mean; the Gaussian engine fits a(y), and the counterfactual on the count scale is the sum of
back-transformed draws of whole post-period paths, so the interval of a sum respects the
correlation of the days (a shared level error, shared coefficient errors).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from mixroom.analysis.impact import engine

Array = NDArray[np.float64]
DRAWS = 2000


def forward(y: Array) -> Array:
    return np.asarray(2.0 * np.sqrt(np.maximum(y, 0.0) + 0.375))


def backward(z: Array) -> Array:
    return np.asarray(np.maximum((z / 2.0) ** 2 - 0.375, 0.0))


def draw_paths(
    fit: engine.Fit, component: NDArray[np.int_], factor: Array, rng: np.random.Generator
) -> Array:
    """Draws (N, D, T) of the counterfactual minus its mean on the model scale (0 off post).

    ``component`` (N, D) is the grid point of each draw.
    """
    n, draws = component.shape
    t = fit.effect.shape[2]
    used = fit.usable
    rows = np.arange(n)[:, None]
    sigma2 = (
        fit.scale2[rows, component]
        * fit.dof[:, None]
        / rng.chisquare(fit.dof[:, None], size=(n, draws))
    )
    sigma = np.sqrt(sigma2) * factor[:, None]
    state = fit.state_var[rows, component]  # (N, D, T)
    steps = np.sqrt(np.maximum(_increments(state, used), 0.0))
    level = np.cumsum(steps * rng.standard_normal((n, draws, t)), axis=2)
    chol = np.linalg.cholesky(fit.inverse[rows, component])  # (N, D, K, K)
    coef = (chol @ rng.standard_normal((n, draws, chol.shape[-1], 1)))[..., 0]
    loadings = fit.loadings[rows, component]  # (N, D, T, K)
    shared = (loadings @ coef[..., None])[..., 0]
    noise = rng.standard_normal((n, draws, t))
    spread = fit.spread[:, None, None]
    return np.where(used[:, None, :], (level + shared + noise) * sigma[..., None] * spread, 0.0)


def _increments(state: Array, used: NDArray[np.bool_]) -> Array:
    """Variance added between consecutive post days: P at the first, then P's growth."""
    masked = np.where(used[:, None, :], state, np.nan)
    previous = np.fmax.accumulate(np.nan_to_num(masked, nan=-np.inf), axis=2)
    previous = np.concatenate([np.zeros_like(previous[..., :1]), previous[..., :-1]], axis=2)
    previous = np.where(np.isfinite(previous), np.maximum(previous, 0.0), 0.0)
    return np.where(used[:, None, :], state - previous, 0.0)


def summarise(
    y: Array,
    controls: Array | None,
    pre: NDArray[np.bool_],
    post: NDArray[np.bool_],
    weekday: NDArray[np.int_] | None,
    trend: bool,
    level: float,
    factor: Array,
    rng: np.random.Generator,
) -> tuple[Array, ...]:
    """The tuple :func:`mixroom.analysis.impact.batch.analyse` expects, for count series."""
    fit = engine.fit(forward(y), controls, pre, post, weekday=weekday, trend=trend)
    paths = counterfactual_draws(fit, y, factor, rng)
    observed = np.where(fit.usable, y, 0.0).sum(axis=1)
    sums = paths.sum(axis=2)  # (N, D) counterfactual sums
    effects = observed[:, None] - sums
    tail = (1.0 - level) / 2
    low, high = np.quantile(effects, [tail, 1.0 - tail], axis=1)
    below = (effects < 0).mean(axis=1)
    smaller = np.minimum(below, 1.0 - below)
    return (
        fit.usable.sum(axis=1),
        observed,
        effects.mean(axis=1),
        low,
        high,
        np.minimum(2.0 * smaller, 1.0),
        1.0 - smaller,
        fit.pre_r2,
    )


def counterfactual_draws(
    fit: engine.Fit, y: Array, factor: Array, rng: np.random.Generator, draws: int = DRAWS
) -> Array:
    """Draws (N, D, T) of the counterfactual on the count scale (0 off the post-period)."""
    n = y.shape[0]
    rows = np.arange(n)[:, None]
    chunks = []
    for start in range(0, draws, 250):
        size = min(250, draws - start)
        component = np.stack(
            [rng.choice(fit.weights.shape[1], size=size, p=w) for w in fit.weights]
        )
        errors = draw_paths(fit, component, factor, rng)
        mean = forward(np.nan_to_num(y))[:, None, :] - fit.effect[rows, component]
        chunks.append(np.where(fit.usable[:, None, :], backward(mean + errors), 0.0))
    return np.concatenate(chunks, axis=1)
