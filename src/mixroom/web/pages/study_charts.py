"""The three charts of an impact study (observed against counterfactual, the effect each day,
the effect added up), drawn on the server as SVG coordinates, and the engine's result again
from its cached JSON (for the charts and their Vega-Lite specs).

The charts follow the conversation explorer: coordinates are computed here, in the chart's
own units (``WIDTH`` across), and the template only writes them into an ``<svg>``.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from mixroom.analysis.impact import study, words
from mixroom.web.pages.conversation import WIDTH

HEIGHT = 200.0


@dataclass(frozen=True)
class Chart:
    """One chart in SVG units: a band, lines by CSS class, the date marker and the zero line."""

    band: str
    lines: list[tuple[str, str]]
    marker: float
    zero: float | None
    top: str
    bottom: str
    first: str
    last: str


def _segments(points: list[tuple[float, float] | None]) -> str:
    """An SVG path through the points, lifted where a point is missing."""
    parts, pen_down = [], False
    for point in points:
        if point is None:
            pen_down = False
            continue
        parts.append(f"{'L' if pen_down else 'M'}{point[0]:.1f},{point[1]:.1f}")
        pen_down = True
    return " ".join(parts)


def _band(xs: list[float], low: list[float | None], high: list[float | None], y: Any) -> str:
    """Closed shapes between the lower and upper bounds, one per run of known days."""
    shapes, run = [], []
    for i, (a, b) in enumerate([*zip(low, high, strict=True), (None, None)]):
        if a is not None and b is not None:
            run.append(i)
            continue
        if run:
            upper = [f"{xs[j]:.1f},{y(high[j]):.1f}" for j in run]
            lower = [f"{xs[j]:.1f},{y(low[j]):.1f}" for j in reversed(run)]
            shapes.append("M" + " L".join(upper + lower) + " Z")
        run = []
    return " ".join(shapes)


def draw(
    path: study.Path,
    start: str,
    lines: dict[str, list[float | None]],
    low: list[float | None],
    high: list[float | None],
    zero: bool,
) -> Chart:
    """A chart of ``lines`` (by CSS class) over a band from ``low`` to ``high``."""
    size = len(path.dates)
    step = WIDTH / max(size - 1, 1)
    xs = [i * step for i in range(size)]
    values = [v for series in (*lines.values(), low, high) for v in series if v is not None]
    bottom, top = min(values, default=0.0), max(values, default=1.0)
    if zero:
        bottom, top = min(bottom, 0.0), max(top, 0.0)
    span = (top - bottom) or 1.0

    def y(value: float | None) -> float:
        return HEIGHT - HEIGHT * ((value or 0.0) - bottom) / span

    drawn = [
        (name, _segments([None if v is None else (xs[i], y(v)) for i, v in enumerate(series)]))
        for name, series in lines.items()
    ]
    marker = xs[path.dates.index(start)] if start in path.dates else 0.0
    return Chart(
        _band(xs, low, high, y),
        drawn,
        marker,
        y(0.0) if zero else None,
        words.number(top, "en"),
        words.number(bottom, "en"),
        path.dates[0],
        path.dates[-1],
    )


def draw_all(result: study.ImpactResult) -> dict[str, Chart]:
    path = result.path
    return {
        "observed": draw(
            path,
            result.start,
            {"counterfactual": path.counterfactual, "observed": path.observed},
            path.counterfactual_lower,
            path.counterfactual_upper,
            zero=False,
        ),
        "pointwise": draw(
            path, result.start, {"effect": path.effect}, path.effect_lower, path.effect_upper, True
        ),
        "cumulative": draw(
            path,
            result.start,
            {"effect": path.cumulative},
            path.cumulative_lower,
            path.cumulative_upper,
            zero=True,
        ),
    }


def as_result(data: dict[str, Any]) -> study.ImpactResult:
    """The engine's result again, from its cached JSON."""
    nested: dict[str, Any] = {
        "counterfactual": study.Interval,
        "cumulative": study.Interval,
        "average": study.Interval,
        "relative": study.Interval,
        "placebos": study.Placebos,
        "path": study.Path,
    }
    values = {}
    for field in fields(study.ImpactResult):
        value = data[field.name]
        if field.name in nested:
            value = nested[field.name](**value)
        elif field.name == "notices":
            value = [study.Notice(**notice) for notice in value]
        values[field.name] = value
    return study.ImpactResult(**values)
