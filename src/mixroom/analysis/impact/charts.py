"""Vega-Lite specs of a result: observed against counterfactual, pointwise and cumulative effect.

Each spec carries its data inline, so it renders offline with vega-embed or vl-convert.
"""

from __future__ import annotations

from typing import Any

from mixroom.analysis.impact.study import ImpactResult

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
COLOURS = {"observed": "#1f1f1f", "counterfactual": "#2f6db5"}


def _rule(start: str) -> dict[str, Any]:
    return {
        "mark": {"type": "rule", "strokeDash": [4, 4], "color": "#888"},
        "encoding": {"x": {"datum": start, "type": "temporal"}},
    }


def _band(result: ImpactResult, value: str, low: str, high: str, title: str) -> dict[str, Any]:
    path = result.path
    rows = [
        {
            "date": d,
            "value": getattr(path, value)[i],
            "lower": getattr(path, low)[i],
            "upper": getattr(path, high)[i],
        }
        for i, d in enumerate(path.dates)
        if getattr(path, value)[i] is not None
    ]
    return {
        "$schema": SCHEMA,
        "title": title,
        "width": 640,
        "height": 200,
        "data": {"values": rows},
        "layer": [
            {
                "mark": {"type": "area", "opacity": 0.25, "color": COLOURS["counterfactual"]},
                "encoding": {
                    "x": {"field": "date", "type": "temporal", "title": None},
                    "y": {"field": "lower", "type": "quantitative", "title": None},
                    "y2": {"field": "upper"},
                },
            },
            {
                "mark": {"type": "line", "color": COLOURS["counterfactual"]},
                "encoding": {
                    "x": {"field": "date", "type": "temporal"},
                    "y": {"field": "value", "type": "quantitative"},
                },
            },
            {"mark": {"type": "rule", "color": "#888"}, "encoding": {"y": {"datum": 0}}},
            _rule(result.start),
        ],
    }


def observed_chart(result: ImpactResult) -> dict[str, Any]:
    spec = _band(
        result,
        "counterfactual",
        "counterfactual_lower",
        "counterfactual_upper",
        f"{result.target}: observed and counterfactual",
    )
    spec["layer"] = [
        *spec["layer"][:2],
        {
            "data": {
                "values": [
                    {"date": d, "observed": v}
                    for d, v in zip(result.path.dates, result.path.observed, strict=True)
                    if v is not None
                ]
            },
            "mark": {"type": "line", "color": COLOURS["observed"], "strokeWidth": 1},
            "encoding": {
                "x": {"field": "date", "type": "temporal"},
                "y": {"field": "observed", "type": "quantitative"},
            },
        },
        _rule(result.start),
    ]
    return spec


def charts(result: ImpactResult) -> dict[str, dict[str, Any]]:
    """The three charts by file stem."""
    return {
        "observed": observed_chart(result),
        "pointwise": _band(
            result, "effect", "effect_lower", "effect_upper", f"{result.target}: pointwise effect"
        ),
        "cumulative": _band(
            result,
            "cumulative",
            "cumulative_lower",
            "cumulative_upper",
            f"{result.target}: cumulative effect",
        ),
    }
