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
BLOCK = 250


def forward(y: Array) -> Array:
    return np.asarray(2.0 * np.sqrt(np.maximum(y, 0.0) + 0.375))


def backward(z: Array) -> Array:
    """The algebraic inverse, made monotone: every draw below a(0) is a zero count (squaring
    a negative draw would turn the far lower tail into large counts)."""
    positive = np.maximum(z, 0.0)
    return np.asarray(np.maximum((positive / 2.0) ** 2 - 0.375, 0.0))


def scale_controls(controls: Array | None) -> Array | None:
    """Controls that are counts too go on the same Anscombe scale as the target."""
    if controls is None:
        return None
    finite = controls[np.isfinite(controls)]
    if finite.size and (finite >= 0).all() and (finite == np.round(finite)).all():
        return forward(controls)
    return controls


def post_columns(fit: engine.Fit) -> NDArray[np.int_]:
    """The days that are a post day of at least one series: the only ones drawn."""
    return np.flatnonzero(fit.usable.any(axis=0))


def draw_errors(
    fit: engine.Fit,
    component: NDArray[np.int_],
    columns: NDArray[np.int_],
    factor: Array,
    rng: np.random.Generator,
) -> Array:
    """Draws (N, D, C) of the counterfactual minus its mean on the model scale, on ``columns``.

    ``component`` (N, D) is the grid point of each draw. The level's errors are a random walk
    from the last fitted day (increments of P between post days), the coefficients' errors
    are shared by all days of a draw, and the noise is independent.
    """
    n, draws = component.shape
    used = fit.usable[:, columns]
    rows = np.arange(n)[:, None]
    sigma2 = (
        fit.scale2[rows, component]
        * fit.dof[:, None]
        / rng.chisquare(fit.dof[:, None], size=(n, draws))
    )
    sigma = np.sqrt(sigma2) * factor[:, None]
    state = fit.state_var[:, :, columns][rows, component]  # (N, D, C)
    steps = np.sqrt(np.maximum(_increments(state, used), 0.0))
    level = np.cumsum(steps * rng.standard_normal(state.shape), axis=2)
    chol = np.linalg.cholesky(fit.inverse[rows, component])  # (N, D, K, K)
    coef = (chol @ rng.standard_normal((n, draws, chol.shape[-1], 1)))[..., 0]
    loadings = fit.loadings[:, :, columns][rows, component]  # (N, D, C, K)
    shared = (loadings @ coef[..., None])[..., 0]
    noise = rng.standard_normal(state.shape)
    errors = (level + shared + noise) * sigma[..., None]  # scale2 is in the series' units
    return np.asarray(np.where(used[:, None, :], errors, 0.0))


def _increments(state: Array, used: NDArray[np.bool_]) -> Array:
    """Variance added between consecutive post days: P at the first, then P's growth."""
    masked = np.where(used[:, None, :], state, -np.inf)
    previous = np.maximum.accumulate(masked, axis=2)
    previous = np.concatenate([np.full_like(previous[..., :1], -np.inf), previous[..., :-1]], 2)
    previous = np.where(np.isfinite(previous), np.maximum(previous, 0.0), 0.0)
    return np.asarray(np.where(used[:, None, :], state - previous, 0.0))


def counterfactual_draws(
    fit: engine.Fit, y: Array, factor: Array, rng: np.random.Generator, draws: int = DRAWS
) -> tuple[NDArray[np.int_], Array]:
    """The post columns and draws (N, D, C) of the counterfactual on the count scale there."""
    columns = post_columns(fit)
    rows = np.arange(y.shape[0])[:, None]
    used = fit.usable[:, None, columns]
    model_y = forward(np.nan_to_num(y[:, columns]))[:, None, :]
    blocks = []
    for start in range(0, draws, BLOCK):
        size = min(BLOCK, draws - start)
        component = np.stack(
            [rng.choice(fit.weights.shape[1], size=size, p=w) for w in fit.weights]
        )
        errors = draw_errors(fit, component, columns, factor, rng)
        mean = model_y - fit.effect[:, :, columns][rows, component]
        blocks.append(np.where(used, backward(mean + errors), 0.0))
    return columns, np.concatenate(blocks, axis=1)


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
    annual: bool | None = None,
) -> tuple[Array, ...]:
    """The tuple :func:`mixroom.analysis.impact.batch.analyse` expects, for count series."""
    fit = engine.fit(
        forward(y),
        scale_controls(controls),
        pre,
        post,
        weekday=weekday,
        trend=trend,
        annual=annual,
    )
    _, paths = counterfactual_draws(fit, y, factor, rng)
    observed = np.where(fit.usable, y, 0.0).sum(axis=1)
    effects = observed[:, None] - paths.sum(axis=2)  # (N, D)
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
