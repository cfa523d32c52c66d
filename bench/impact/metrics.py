"""Coverage, false positives, power, error, width and time per method and cell (§4.3)."""

from __future__ import annotations

from typing import Any

import numpy as np

from bench.impact.panels import Cell, Panel


def metrics(cell: Cell, panel: Panel, result: dict[str, Any]) -> dict[str, Any]:
    if "failed" in result:
        return {"reps": 0, "failed": result["failed"]}
    index = result.get("index", np.arange(panel.truth.size))
    truth, base = panel.truth[index], np.abs(panel.base[index])
    low, high, estimate = result["lower"], result["upper"], result["estimate"]
    covered = (low <= truth) & (truth <= high)
    excludes = (low > 0) | (high < 0)
    right_sign = np.sign(estimate) == np.sign(truth)
    n = int(truth.size)
    return {
        "reps": n,
        "coverage": float(covered.mean()),
        "coverage_se": float(np.sqrt(max(covered.mean() * (1 - covered.mean()), 1e-9) / n)),
        "rejects": float(excludes.mean()) if cell.effect == 0 else None,
        "power": float((excludes & right_sign).mean()) if cell.effect > 0 else None,
        "error": float(np.median(np.abs(estimate - truth) / base)),
        "width": float(np.mean((high - low) / base)),
        "ms": 1000 * float(result["seconds"]),
        "errors": int(result.get("errors", 0)),
    }


def _pct(value: float | None) -> str:
    return "" if value is None else f"{100 * value:.1f}"


def table(report: dict[str, Any]) -> str:
    """The markdown section of BENCHMARKS.md."""
    speed = report["speed"]
    rows = report["rows"]
    bsts = [r for r in rows if r["method"] == "bsts" and r.get("reps") and "gauss" in r["cell"]]
    mixroom_ms = (
        np.mean(
            [
                r["ms"]
                for r in rows
                if r["method"] == "mixroom" and r["cell"] in {b["cell"] for b in bsts}
            ]
        )
        if bsts
        else None
    )
    lines = [
        f"Run: {'quick' if report['quick'] else 'full'}, {report['seconds']:.0f} s, load "
        f"average at the end {report['load'][0]:.1f} (other work shares these 2 cores).",
        "",
        "| cell | method | reps | coverage | false pos. | power | median error | width "
        "| ms/series |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        if not r.get("reps"):
            lines.append(
                f"| {r['cell']} | {r['method']} | 0 | failed: {r.get('failed', '')[:60]} "
                "| | | | | |"
            )
            continue
        lines.append(
            f"| {r['cell']} | {r['method']} | {r['reps']} | {_pct(r['coverage'])} "
            f"| {_pct(r['rejects'])} | {_pct(r['power'])} | {_pct(r['error'])} "
            f"| {_pct(r['width'])} | {r['ms']:.1f} |"
        )
    lines += [
        "",
        "Coverage, false positives (95 % interval excludes 0 at δ = 0), power (excludes 0 with "
        "the right sign), median |τ̂ − τ| / Σ y0 and mean width / Σ y0 are percentages of the "
        "replicates of each cell; coverage's Monte-Carlo standard error is about "
        "√(0.05·0.95/reps) (1 % at 500, 3 % at 60).",
        "",
        f"- One series alone (365 + 60 days, 3 controls), warm: "
        f"{1000 * speed['single_seconds']:.1f} ms.",
        f"- {speed['batch_series']} series × 730 days × 3 controls in one batch: "
        f"{speed['batch_seconds']:.1f} s.",
    ]
    if bsts and mixroom_ms:
        bsts_ms = float(np.mean([r["ms"] for r in bsts]))
        lines.append(
            f"- bsts-causalimpact warm: {bsts_ms:.0f} ms/series; mixroom batched on the same "
            f"Gaussian cells: {mixroom_ms:.1f} ms/series (**{bsts_ms / mixroom_ms:.0f}×**), alone: "
            f"**{bsts_ms / (1000 * speed['single_seconds']):.0f}×**."
        )
    return "\n".join(lines)
