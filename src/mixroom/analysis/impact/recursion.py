"""The local level's Kalman recursion, vectorised over time and over the drift-ratio grid.

With a level that starts at zero and noise variance 1, the prediction variance P_t of the level
depends only on q and on which days are observed: after an observed day P becomes
P/(P + 1) + q, after a missing one P + q. The first map is a Möbius transformation: with
P* its fixed point and d = P - P*, d shrinks as ``d·h / (1 + B·d·(1 - h))`` after k days,
h = (1 + P*)^(-2k), so a whole run of observed days has a closed form (:func:`variances`).

Given the gains K_t = P_t/(P_t + 1) the filtered level is the linear recursion
a_{t+1} = (1 - K_t)·a_t + K_t·y_t. :func:`innovations` solves it in blocks of days: inside a block
it is a cumulative sum on a rescaled axis (the rescaling factors stay within exp(±250)), and
only the block boundaries are carried in a Python loop, so one series costs a few dozen numpy
calls instead of a few per day.
"""

from __future__ import annotations

from itertools import pairwise

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]
#: days per block of :func:`innovations`; log(1 + P) ≤ 7.7 per day on the default grid keeps the
#: rescaling inside exp(±250)
BLOCK = 32
#: above this many runs of observed and missing days in all, a loop over days is cheaper
MAX_RUNS = 64


def _runs(mask: NDArray[np.bool_]) -> list[tuple[int, int, bool]]:
    """(start, stop, observed) for every run of equal values in ``mask``."""
    edges = np.flatnonzero(np.diff(mask.astype(np.int8))) + 1
    bounds = np.concatenate([[0], edges, [mask.size]])
    return [(int(a), int(b), bool(mask[a])) for a, b in pairwise(bounds)]


def _observed_run(p: Array, q: Array, length: int) -> tuple[Array, Array]:
    """P before each of ``length`` observed days (Q, length) and after them (Q,)."""
    k = np.arange(length + 1, dtype=float)[None, :]
    fixed = (q + np.sqrt(q * q + 4.0 * q)) / 2.0  # P*, the steady state
    log_g = 2.0 * np.log1p(fixed)[:, None]
    d = (p - fixed)[:, None]
    h = np.exp(-k * log_g)
    with np.errstate(divide="ignore", invalid="ignore"):
        # B·(1 - h) with B = (1 + P*)/(g - 1); its limit for q = 0 is k
        spread = np.where(
            log_g > 0, (1.0 + fixed[:, None]) * -np.expm1(-k * log_g) / np.expm1(log_g), k
        )
    values = fixed[:, None] + d * h / (1.0 + spread * d)
    return values[:, :-1], values[:, -1]


def _variances_by_runs(mask: NDArray[np.bool_], q: Array) -> Array:
    out = np.empty((q.size, mask.size))
    p = np.zeros(q.size)
    for start, stop, seen in _runs(mask):
        if seen:
            out[:, start:stop], p = _observed_run(p, q, stop - start)
        else:
            steps = np.arange(stop - start, dtype=float)[None, :]
            out[:, start:stop] = p[:, None] + steps * q[:, None]
            p = p + (stop - start) * q
    return out


def _variances_by_days(masks: NDArray[np.bool_], q: Array) -> Array:
    u, t = masks.shape
    out = np.empty((u, q.size, t))
    p = np.zeros((u, q.size))
    for i in range(t):
        out[:, :, i] = p
        seen = masks[:, i, None]
        p = np.where(seen, p / (p + 1.0), p) + q
    return out


def variances(observed: NDArray[np.bool_], q: Array) -> tuple[Array, NDArray[np.int_]]:
    """P_t (U, Q, T) for the U distinct rows of ``observed`` (N, T), and each row's index."""
    if (observed == observed[:1]).all():
        masks, index = observed[:1], np.zeros(observed.shape[0], dtype=int)
    else:
        seen: dict[bytes, int] = {}
        index = np.array([seen.setdefault(row.tobytes(), len(seen)) for row in observed])
        masks = observed[np.unique(index, return_index=True)[1]]
    runs = int((np.diff(masks.astype(np.int8), axis=1) != 0).sum()) + masks.shape[0]
    if runs > MAX_RUNS:
        return _variances_by_days(masks, q), index
    return np.stack([_variances_by_runs(mask, q) for mask in masks]), index


def innovations(columns: Array, gain: Array, block: int = BLOCK) -> Array:
    """The prediction errors y_t - a_t (N, Q, T, C) of ``columns`` (N, T, C).

    ``gain`` (N or 1, Q, T) is K_t, 0 on the days that are not observed; a_0 = 0. Inside a
    block, a_j = Π_{i<j}(1 - K_i)·(a_start + Σ_{i<j} K_i·y_i / Π_{k≤i}(1 - K_k)).
    """
    n, t, c = columns.shape
    if block > 1 and -np.log1p(-gain.max(initial=0.0)) * block > 600:
        return innovations(columns, gain, block // 2)  # a grid or a gap beyond the defaults
    blocks = -(-t // block)
    pad = blocks * block - t
    q = gain.shape[1]
    # the day within a block goes first, so that the running sums add whole contiguous slabs
    # (numpy's cumsum over an axis is several times slower than these adds)
    k = np.moveaxis(np.pad(gain, ((0, 0), (0, 0), (0, pad))).reshape(-1, q, blocks, block), 3, 0)
    y = np.pad(columns, ((0, 0), (0, pad), (0, 0))).reshape(n, blocks, block, c)
    y = np.moveaxis(y, 2, 0)[:, :, None]  # (block, N, 1, blocks, C)
    log_keep = -np.log1p(-k)  # -log(1 - K) ≥ 0
    upto = np.cumsum(log_keep, axis=0)  # Σ_{i ≤ j}
    sums = (k * np.exp(upto))[..., None] * y  # K_i y_i / Π_{k ≤ i}(1 - K_k), then summed
    for j in range(1, block):
        np.add(sums[j - 1], sums[j], out=sums[j])
    last_decay = np.exp(-upto[-1])  # Π (1 - K) across each whole block
    starts = np.empty((n, q, blocks, c))
    start = np.zeros((n, q, c))
    for b in range(blocks):  # only the block boundaries are carried one by one
        starts[:, :, b] = start
        start = last_decay[:, :, b, None] * (start + sums[-1, :, :, b])
    level = sums  # in place, from the last day down: a_j needs the sum over i < j
    for j in range(block - 1, 0, -1):
        np.add(sums[j - 1], starts, out=level[j])
    level[0] = starts
    level *= np.exp(log_keep - upto)[..., None]  # Π_{i < j}(1 - K_i)
    np.subtract(y, level, out=level)
    return np.asarray(np.moveaxis(level, 0, 3).reshape(n, q, blocks * block, c)[:, :, :t])
