"""The warnings that travel with every result: what could make it wrong."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from mixroom.analysis.impact import batch

if TYPE_CHECKING:
    from mixroom.analysis.impact.study import Frame, Notice, Placebos

POOR_FIT_R2 = 0.5
MISSING_SHARE = 0.05
#: a control whose own interrupted-time-series p is below this seems touched
TOUCHED_P = 0.01


def notices(
    data: Frame,
    names: list[str],
    effects: batch.Effects,
    placebos: Placebos,
    trend: bool,
    level: float,
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
    return found


def touched(data: Frame, names: list[str], trend: bool) -> list[str]:
    """Controls that move at the intervention on their own (an ITS on each shows a break)."""
    if not names:
        return []
    index = np.arange(data.y.size)
    pre = np.broadcast_to(index < data.start, (len(names), data.y.size))
    post = np.broadcast_to((index >= data.start) & (index < data.stop), pre.shape)
    try:
        effects = batch.analyse(
            np.ascontiguousarray(data.x.T), None, pre, post, weekday=data.weekday, trend=trend
        )
    except Exception:  # a control too short to test is simply not flagged
        return []
    return [name for name, p in zip(names, effects.p, strict=True) if p < TOUCHED_P]
