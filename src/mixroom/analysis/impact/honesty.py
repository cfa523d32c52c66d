"""The honesty layer at batch scale: in-time placebos for every series, and the widening.

For each series, the same analysis runs on pseudo-intervention windows inside its own
pre-period, where the true effect is zero. The share of those placebo intervals that exclude
zero is the empirical false-alarm rate reported next to the result; when it exceeds what a
calibrated model gives with probability 0.9 (a binomial bound), the series' intervals are
widened by the factor that would have brought the placebos' exceedances down to nominal.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import stats

from mixroom.analysis.impact import batch, engine

Array = NDArray[np.float64]


@dataclass(frozen=True)
class Honest:
    effects: batch.Effects  # widened where the placebos asked for it
    runs: NDArray[np.int_]  # placebo studies per series
    false_alarms: NDArray[np.int_]
    inflation: Array


def placebo_windows(pre_size: int, post_size: int, runs: int) -> list[tuple[int, int]]:
    """Pseudo-intervention windows inside the pre-period, each after enough history."""
    history = max(8, pre_size // 3)
    length = min(post_size, pre_size - history)
    if runs <= 0 or length < 1:
        return []
    last_start = pre_size - length
    starts = np.unique(np.linspace(history, last_start, runs).round().astype(int))
    return [(int(s), int(s) + length) for s in starts]


def inflation(alarms: int, runs: int, ratios: Array, level: float, minimum_runs: int = 5) -> float:
    """The widening factor: 1 unless the false alarms exceed the binomial bound."""
    if runs < minimum_runs or alarms <= stats.binom.ppf(0.9, runs, 1.0 - level):
        return 1.0
    return float(max(1.0, np.quantile(ratios, level)))


def analyse_honest(
    y: Array,
    controls: Array | None,
    pre: NDArray[np.bool_],
    post: NDArray[np.bool_],
    *,
    runs: int = 10,
    weekday: NDArray[np.int_] | None = None,
    trend: bool = False,
    stock: bool = False,
    level: float = 0.95,
) -> Honest:
    """:func:`batch.analyse` with in-time placebos for every series (not for counts); the
    placebos fit the same model as the analysis (the annual cycle included or not)."""
    n, t = y.shape
    annual = engine.wants_annual(pre, weekday)
    index = np.arange(t)
    starts = np.argmax(post, axis=1)
    sizes = post.sum(axis=1)
    windows = [placebo_windows(int(starts[i]), int(sizes[i]), runs) for i in range(n)]
    count = max((len(w) for w in windows), default=0)
    owner, rows_pre, rows_post = [], [], []
    for k in range(count):  # window-major, so a chunk's rows share their days
        for i in range(n):
            if k < len(windows[i]):
                first, stop = windows[i][k]
                owner.append(i)
                rows_pre.append(pre[i] & (index < first))
                rows_post.append((index >= first) & (index < stop))
    factor = np.ones(n)
    alarms = np.zeros(n, dtype=int)
    done = np.array([len(w) for w in windows])
    if owner:
        who = np.array(owner)
        placebo = batch.analyse(
            y[who],
            None if controls is None else controls[who],
            np.array(rows_pre),
            np.array(rows_post),
            weekday=weekday,
            trend=trend,
            stock=stock,
            level=level,
            annual=annual,
        )
        half = (placebo.cumulative_upper - placebo.cumulative_lower) / 2
        ratio = np.abs(placebo.cumulative) / np.maximum(half, 1e-12)
        exceeded = placebo.p < 1.0 - level
        for i in range(n):
            mine = who == i
            alarms[i] = int(exceeded[mine].sum())
            factor[i] = inflation(alarms[i], int(done[i]), ratio[mine], level)
    effects = batch.analyse(
        y,
        controls,
        pre,
        post,
        weekday=weekday,
        trend=trend,
        stock=stock,
        level=level,
        inflation=factor,
        annual=annual,
    )
    return Honest(effects, done, alarms, factor)
