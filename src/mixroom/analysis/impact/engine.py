"""The batched structural time-series engine behind every impact design.

Model, per series, on the pre-period (standardised with pre-period mean and sd)::

    y_t = c + x_t'β + s_dow(t) + s_year(t) + δ·t + μ_t + ε_t,     ε_t ~ N(0, σ²)
    μ_{t+1} = μ_t + η_t,  μ_1 = 0,                                 η_t ~ N(0, q·σ²)

(local level; δ·t is the optional trend, i.e. a random walk with drift; s_dow are day-of-week
effects coded to sum to zero; s_year = a·sin(2πt/365.25) + b·cos(2πt/365.25), the annual
cycle, enters daily series whose pre-period has a year of observed days: without it the
series' own share of the season, which controls carry only partly, ends up in the level, and
a level extrapolates flat while the season goes on). The intercept, the calendar terms and
the drift get flat priors, the control weights β a weak normal prior N(0, σ²/λ), σ² the
reference prior 1/σ². σ² and all the coefficients are integrated analytically; q is averaged
over a fixed grid of r = √q = σ_level/σ with a half-Cauchy(0, 0.1) prior on r (weakly
informative: flat up to a daily level step of about a tenth of the noise, then decaying).

For a given q the Kalman gains depend only on q and on which days are observed, so one scalar
recursion filters the response and every regressor column at once (the augmented filter of
de Jong 1991). Days that are not in the pre-period are filtered as missing, so the innovations
of the post-period are exactly the prediction errors of the counterfactual and the variance of
any weighted sum of them has a closed form. Given q, every quantity is a Student t; over the
grid, a mixture of t's, whose quantiles :mod:`mixroom.analysis.impact.mixture` finds.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from mixroom.analysis.impact import recursion
from mixroom.errors import InvalidInput

Array = NDArray[np.float64]
BETA_PRECISION = 0.01
#: r = σ_level / σ; 0 (a constant level) plus a log grid up to level-dominated series
R_GRID: Array = np.concatenate([[0.0], np.logspace(-2.0, 1.5, 15)])
#: bytes of innovations held at once; callers split bigger batches (see :func:`chunk_size`)
CHUNK_BYTES = 48_000_000


def chunk_size(days: int, columns: int, grid: int = R_GRID.size) -> int:
    """How many series to fit at once so that one chunk stays near ``CHUNK_BYTES``."""
    return max(1, CHUNK_BYTES // (grid * days * (columns + 4) * 8))


#: batches of more series than this filter the shared calendar columns once
SHARED_FROM = 4
#: scale of the half-Cauchy prior on r
R_SCALE = 0.1
#: pre-period days from which daily series get the annual cycle
ANNUAL_FROM = 365
YEAR = 365.25


def grid_prior(r: Array, scale: float | None = None) -> Array:
    """Half-Cauchy(0, scale) on r, times the width each grid point stands for (log weights)."""
    scale = R_SCALE if scale is None else scale
    edges = np.concatenate([[r[0]], (r[1:] + r[:-1]) / 2, [r[-1]]])
    widths = np.diff(edges)
    widths[0] = max(widths[0], 1e-4)
    weights = widths / (1.0 + (r / scale) ** 2)
    return np.asarray(np.log(weights / weights.sum()), dtype=float)


@dataclass(frozen=True)
class Fit:
    """What the engine returns for a batch of N series over T days.

    Effects are on the model's scale (the variance-stabilised scale for counts) but in the
    series' own units (un-standardised). ``weights`` is the posterior over the q grid.
    """

    weights: Array  # (N, Q) posterior over the grid
    dof: Array  # (N,) degrees of freedom of the Student t's
    scale2: Array  # (N, Q) posterior mean of σ² per grid point, in squared units of y
    effect: Array  # (N, Q, T) y - counterfactual mean (prediction error), model scale
    state_var: Array  # (N, Q, T) P_t, the level's prediction variance factor
    loadings: Array  # (N, Q, T, K) regressor innovations g_t (for joint simulation)
    inverse: Array  # (N, Q, K, K) S⁻¹, the coefficients' posterior covariance factor
    cumulative: Array  # (N, Q) Σ_post (y - counterfactual mean)
    cumulative_var: Array  # (N, Q) its predictive variance factor (× scale2)
    observed: NDArray[np.bool_]  # (N, T) days used to fit
    usable: NDArray[np.bool_]  # (N, T) post days that enter the effect (y and x known)
    centre: Array  # (N,) pre-period mean on the model scale
    spread: Array  # (N,) pre-period sd on the model scale
    pre_r2: Array  # (N,) one-step-ahead R² in the pre-period (posterior weighted)
    coefficients: Array  # (N, J) posterior mean of the control weights (standardised)


def window(
    effect: Array, state_var: Array, loadings: Array, inverse: Array, used: Array
) -> tuple[Array, Array]:
    """Sums of prediction errors over M windows of post days, and their variance factors.

    ``effect`` and ``state_var`` are (N, Q, T), ``loadings`` (N, Q, T, K), ``inverse``
    (N, Q, K, K), ``used`` (N, M, T) weights (0 or 1 for plain sums); returns two (N, M, Q)
    arrays. After the last fitted day
    the level's errors are a random walk, so Cov(e_t, e_s) = P_min(t, s) and the variance of
    a weighted sum is Σ_t w_t·P_t·(w_t + 2·Σ_{s>t} w_s) plus the noise and the coefficients'
    share.
    """
    weights = used.astype(float)
    later = np.cumsum(weights[..., ::-1], axis=2)[..., ::-1] - weights
    total_g = np.einsum("nmt,nqtk->nmqk", weights, loadings)
    cum = np.einsum("nmt,nqt->nmq", weights, effect)
    level = np.einsum("nmt,nqt->nmq", weights * (weights + 2.0 * later), state_var)
    coefficients = np.einsum("nmqk,nqkl,nmql->nmq", total_g, inverse, total_g)
    return cum, level + (weights**2).sum(axis=2)[..., None] + coefficients


def point_variance(fit: Fit) -> Array:
    """Pointwise predictive variance factors (N, Q, T): F_t + g_t'S⁻¹g_t (× scale2)."""
    spread = (fit.loadings @ fit.inverse) * fit.loadings
    return np.asarray(fit.state_var + 1.0 + spread.sum(axis=3))


def weekday_columns(weekday: NDArray[np.int_]) -> Array:
    """Six sum-to-zero day-of-week columns (Sunday is minus the others)."""
    columns = np.zeros((weekday.shape[0], 6))
    for day in range(6):
        columns[weekday == day, day] = 1.0
    columns[weekday == 6, :] = -1.0
    return columns


def _standardise(values: Array, pre: NDArray[np.bool_]) -> tuple[Array, Array, Array]:
    """Centre and scale along axis 1 with the pre-period's finite values."""
    mask = pre & np.isfinite(values)
    count = np.maximum(mask.sum(axis=1), 1)
    filled = np.where(mask, values, 0.0)
    mean = filled.sum(axis=1) / count
    var = (np.where(mask, values - mean[:, None, ...], 0.0) ** 2).sum(axis=1) / np.maximum(
        count - 1, 1
    )
    sd = np.sqrt(var)
    sd = np.where(sd > 1e-12 * np.maximum(np.abs(mean), 1.0), sd, 1.0)
    return (values - mean[:, None, ...]) / sd[:, None, ...], mean, sd


def _design(
    controls: Array,
    pre: NDArray[np.bool_],
    weekday: NDArray[np.int_] | None,
    trend: bool,
    annual: bool = False,
) -> tuple[Array, Array, Array, int]:
    """Each series' own regressors (N, T, J), the calendar's (T, C) shared by all (intercept,
    weekdays, trend, annual cycle), the prior precision of every coefficient in that order,
    and k_flat."""
    t = pre.shape[1]
    own = np.zeros(controls.shape)
    if controls.shape[2]:
        scaled, _, _ = _standardise(controls, pre[:, :, None] & np.ones_like(controls, bool))
        own = np.nan_to_num(scaled)
    shared = [np.ones((t, 1))]
    if weekday is not None:
        shared.append(weekday_columns(weekday))
    if trend:
        shared.append((np.arange(t, dtype=float) / max(t, 1))[:, None])
    if annual:
        angle = 2.0 * np.pi * np.arange(t) / YEAR
        shared.append(np.stack([np.sin(angle), np.cos(angle)], axis=1))
    calendar = np.concatenate(shared, axis=1)
    precision = [BETA_PRECISION] * controls.shape[2] + [0.0] * calendar.shape[1]
    return own, calendar, np.asarray(precision) + 1e-9, calendar.shape[1]


def wants_annual(pre: NDArray[np.bool_], weekday: NDArray[np.int_] | None) -> bool:
    """Daily series whose every pre-period (N, T) lasts a year (missing days included)."""
    if weekday is None or not pre.shape[0]:
        return False
    return int(pre.sum(axis=1).min()) >= ANNUAL_FROM


def fit(
    y: Array,
    controls: Array | None,
    pre: NDArray[np.bool_],
    post: NDArray[np.bool_],
    *,
    weekday: NDArray[np.int_] | None = None,
    trend: bool = False,
    r_grid: Array = R_GRID,
    weights: Array | None = None,
    annual: bool | None = None,
) -> Fit:
    """Fit the model to N series of T days at once.

    ``y`` is (N, T) with NaN for missing days; ``controls`` (N, T, J) or None; ``pre`` and
    ``post`` (N, T) masks (every pre day must come before every post day of a series);
    ``weekday`` (T,) with Monday = 0 to add day-of-week effects. ``weights`` (N, T) weighs
    the post days in the cumulative effect (1 by default; a stock series modelled by its
    increments weighs each increment by the post days it is part of). ``annual`` None adds
    the annual cycle when :func:`wants_annual` says so.
    """
    y = np.asarray(y, dtype=float)
    n, t = y.shape
    x = np.zeros((n, t, 0)) if controls is None else np.asarray(controls, dtype=float)
    if x.shape[:2] != (n, t) or pre.shape != (n, t) or post.shape != (n, t):
        raise InvalidInput("the series, controls and periods do not have the same shape")
    known_x = np.isfinite(x).all(axis=2)
    observed = pre & np.isfinite(y) & known_x
    usable = post & np.isfinite(y) & known_x
    if annual is None:
        annual = wants_annual(pre, weekday)
    own, calendar, precision, k_flat = _design(x, pre, weekday, trend, annual)
    z, centre, spread = _standardise(y, observed)
    dof = observed.sum(axis=1) - k_flat
    if (dof < 3).any():
        raise InvalidInput("the pre-period has too few observed days for this model")
    q = np.asarray(r_grid, dtype=float) ** 2
    log_post, scale2, effect, state_var, cum, cum_var, r2, beta, g, inv = _fit_chunk(
        np.concatenate([np.nan_to_num(z)[:, :, None], own], axis=2),
        calendar,
        observed,
        np.where(usable, 1.0 if weights is None else weights, 0.0),
        q,
        precision,
        dof,
    )
    log_post = log_post + grid_prior(np.asarray(r_grid, dtype=float))[None, :]
    log_post -= log_post.max(axis=1, keepdims=True)
    weights = np.exp(log_post)
    weights /= weights.sum(axis=1, keepdims=True)
    return Fit(
        weights=weights,
        dof=dof.astype(float),
        scale2=scale2 * spread[:, None] ** 2,
        effect=effect * spread[:, None, None],
        state_var=state_var,
        loadings=g,
        inverse=inv,
        cumulative=cum * spread[:, None],
        cumulative_var=cum_var,
        observed=observed,
        usable=usable,
        centre=centre,
        spread=spread,
        pre_r2=(weights * r2).sum(axis=1),
        coefficients=(weights[:, :, None] * beta[:, :, : x.shape[2]]).sum(axis=1),
    )


def _filter(columns: Array, observed: NDArray[np.bool_], q: Array) -> tuple[Array, Array]:
    """Innovations (N, Q, T, C) and prediction variances P_t (N, Q, T) of the local level.

    After an observed day P becomes K + q (K = P / (P + 1), the gain); after a missing one,
    P + q (see :mod:`.recursion`, which solves both recursions without a loop over days).
    """
    variances, index = recursion.variances(observed, q)
    state_var = variances[index]
    gain = np.where(observed[:, None, :], state_var / (state_var + 1.0), 0.0)
    return recursion.innovations(columns, gain), state_var


def _cross(
    own: Array, calendar: Array, observed: NDArray[np.bool_], q: Array
) -> tuple[Array, Array, Array]:
    """Filter every column; return innovations (N, Q, T, C), P_t and the weighted cross
    products (N, Q, C, C). When every series is observed on the same days the calendar's
    columns have the same innovations in all series, so they are filtered once."""
    n = own.shape[0]
    # below a few series, one filter over all columns costs less than two filter loops
    if n > SHARED_FROM and (observed == observed[:1]).all():
        own_v, state_var = _filter(own, observed, q)
        shared_v, _ = _filter(calendar[None], observed[:1], q)
        w = np.where(observed[:1, None, :], 1.0 / (state_var[:1] + 1.0), 0.0)[0]  # (Q, T)
        weighted = shared_v[0] * w[..., None]  # (Q, T, Cc)
        ss = np.swapaxes(own_v * w[None, ..., None], 2, 3) @ own_v
        sc = np.swapaxes(own_v, 2, 3) @ weighted[None]
        cc = np.broadcast_to(
            np.swapaxes(shared_v[0], 1, 2) @ weighted,
            (n, *weighted.shape[:1], weighted.shape[2], weighted.shape[2]),
        )
        cross = np.concatenate(
            [np.concatenate([ss, sc], axis=3), np.concatenate([np.swapaxes(sc, 2, 3), cc], axis=3)],
            axis=2,
        )
        innovations = np.concatenate(
            [own_v, np.broadcast_to(shared_v, (n, *shared_v.shape[1:]))], axis=3
        )
        return innovations, state_var, cross
    columns = np.concatenate([own, np.broadcast_to(calendar, (n, *calendar.shape))], axis=2)
    innovations, state_var = _filter(columns, observed, q)
    w = np.where(observed[:, None, :], 1.0 / (state_var + 1.0), 0.0)
    cross = np.swapaxes(innovations * w[..., None], 2, 3) @ innovations
    return innovations, state_var, cross


def _fit_chunk(
    own: Array,
    calendar: Array,
    observed: NDArray[np.bool_],
    post_weights: Array,
    q: Array,
    precision: Array,
    dof: NDArray[np.int_],
) -> tuple[Array, ...]:
    innovations, state_var, cross = _cross(own, calendar, observed, q)
    f = state_var + 1.0
    s = cross[:, :, 1:, 1:] + np.diag(precision)
    r = cross[:, :, 1:, 0]
    chol = np.linalg.cholesky(s)
    inverse = np.asarray(np.linalg.inv(s), dtype=np.float64)
    beta = (inverse @ r[..., None])[..., 0]
    ssr = np.maximum(cross[:, :, 0, 0] - (r * beta).sum(axis=2), 1e-12)
    logdet = 2.0 * np.log(np.diagonal(chol, axis1=2, axis2=3)).sum(axis=2)
    log_f = np.where(observed[:, None, :], np.log(f), 0.0).sum(axis=2)
    loglik: Array = -0.5 * log_f - 0.5 * logdet - 0.5 * dof[:, None] * np.log(ssr)
    scale2: Array = ssr / dof[:, None]
    loadings = innovations[..., 1:]
    effect = innovations[..., 0] - (loadings @ beta[..., None])[..., 0]
    cum, cum_var = window(effect, state_var, loadings, inverse, post_weights[:, None, :])
    resid = np.where(observed[:, None, :], effect, 0.0)
    total = np.where(observed, own[:, :, 0], 0.0)
    count = observed.sum(axis=1)
    sst = (total**2).sum(axis=1) - total.sum(axis=1) ** 2 / count
    r2 = 1.0 - (resid**2).sum(axis=2) / np.maximum(sst, 1e-12)[:, None]
    return loglik, scale2, effect, state_var, cum[:, 0], cum_var[:, 0], r2, beta, loadings, inverse
