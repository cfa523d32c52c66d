"""The warnings that travel with every result: what could make it wrong."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from mixroom.analysis.impact import batch
from mixroom.errors import InvalidInput

if TYPE_CHECKING:
    from mixroom.analysis.impact.study import Frame, Notice, Placebos

POOR_FIT_R2 = 0.5
MISSING_SHARE = 0.05
#: a control whose own interrupted-time-series p is below this seems touched
TOUCHED_P = 0.01
#: values from which a never-decreasing series is taken for a running total
CUMULATIVE_FROM = 8


def notices(
    data: Frame,
    names: list[str],
    effects: batch.Effects,
    placebos: Placebos,
    trend: bool,
    level: float,
    target: str = "",
) -> list[Notice]:
    from mixroom.analysis.impact.study import Notice

    found: list[Notice] = []
    pre_size, post_size = data.start, data.stop - data.start
    if pre_size < max(3 * post_size, 8 if data.weekday is None else 56):
        found.append(Notice("short_pre_period", {"pre": pre_size, "post": post_size}))
    if effects.pre_r2[0] < POOR_FIT_R2:
        found.append(Notice("poor_fit", {"r2": round(float(effects.pre_r2[0]), 2)}))
    known = np.isfinite(data.y) & np.isfinite(data.x).all(axis=1)
    missing = 1.0 - float(known.mean())
    if missing > MISSING_SHARE:
        found.append(Notice("missing_data", {"share": round(missing, 3)}))
    if not names:
        found.append(Notice("no_controls"))
    if placebos.rate is None:
        found.append(Notice("no_placebos"))
    elif placebos.inflation > 1.0:
        found.append(
            Notice(
                "widened",
                {"rate": round(placebos.rate, 3), "factor": round(placebos.inflation, 2)},
            )
        )
    found += [Notice("control_touched", {"control": name}) for name in touched(data, names, trend)]
    if data.stock:
        found.append(Notice("stock", {"target": target}))
    elif looks_cumulative(data.y):
        found.append(Notice("looks_cumulative", {"target": target}))
    return found


def looks_cumulative(y: NDArray[np.float64]) -> bool:
    """A series that never decreases and rises on most days, like a count of followers."""
    finite = y[np.isfinite(y)]
    if finite.size < CUMULATIVE_FROM:
        return False
    steps = np.diff(finite)
    return bool((steps >= 0).all() and (steps > 0).mean() >= 0.5)


def touched(data: Frame, names: list[str], trend: bool) -> list[str]:
    """Controls that break away from the other controls at the intervention.

    Each control is studied as if it were the target, against the other controls (or alone,
    as an interrupted time series, when it is the only one); a clear effect means it moved
    at the intervention on its own, perhaps because the intervention reached it.
    """
    if not names:
        return []
    count = len(names)
    index = np.arange(data.y.size)
    pre = np.broadcast_to(index < data.start, (count, data.y.size))
    post = np.broadcast_to((index >= data.start) & (index < data.stop), pre.shape)
    others = None
    if count > 1:
        others = np.stack([np.delete(data.x, j, axis=1) for j in range(count)])
    try:
        effects = batch.analyse(
            np.ascontiguousarray(data.x.T), others, pre, post, weekday=data.weekday, trend=trend
        )
    except InvalidInput:  # a control too short to test is simply not flagged
        return []
    return [name for name, p in zip(names, effects.p, strict=True) if p < TOUCHED_P]
