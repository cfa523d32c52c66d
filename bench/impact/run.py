"""Run the impact benchmark: ``python -m bench.impact.run [--quick] [--anchors a,b] [--write]``.

Every cell's panel is generated once; mixroom (batched), the naive before/after count and the
anchors (each in its own environment under ``.envs/``, made by ``setup_envs.sh``) estimate the
same replicates in the same run. Results go to ``bench/results/impact.json``; ``--write``
also replaces the section between the ``bench:impact`` markers of BENCHMARKS.md. Every
method runs on one thread (the script restarts itself with the BLAS thread variables set).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from bench.impact.metrics import metrics, table
from bench.impact.panels import VERSION, Cell, Panel, cells, generate
from mixroom.analysis.impact import batch, honesty

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
RESULTS = ROOT / "bench" / "results" / "impact.json"
REPORT = ROOT / "BENCHMARKS.md"
START, END = "<!-- bench:impact:start -->", "<!-- bench:impact:end -->"
#: the cells the anchors run on, and how many replicates each anchor gets (full, quick)
ANCHOR_CELLS = ("gauss δ=0%", "gauss δ=10%", "count δ=0%")
ANCHOR_REPS = {
    "statsmodels": (60, 10),
    "bsts": (60, 10),
    "pycausalimpact": (12, 3),
    "causalpy": (2, 1),
}
#: the slowest anchor runs on one cell only
ONLY_ON = {"causalpy": "gauss δ=10%"}
HONEST_REPS = (200, 60)
ANCHOR_TIMEOUT = 240
THREADS = {"OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}


def masks(cell: Cell, reps: int) -> tuple[np.ndarray, np.ndarray]:
    pre = np.zeros((reps, cell.days), bool)
    pre[:, : cell.pre] = True
    return pre, ~pre


def run_mixroom(cell: Cell, panel: Panel) -> dict[str, Any]:
    pre, post = masks(cell, panel.y.shape[0])
    start = time.perf_counter()
    effects = batch.analyse(
        panel.y,
        panel.x,
        pre,
        post,
        weekday=panel.weekday,
        count=cell.family == "count",
        stock=cell.family == "stock",
    )
    seconds = time.perf_counter() - start
    return {
        "estimate": effects.cumulative,
        "lower": effects.cumulative_lower,
        "upper": effects.cumulative_upper,
        "seconds": seconds / panel.y.shape[0],
    }


def run_honest(cell: Cell, panel: Panel, reps: int) -> dict[str, Any]:
    """mixroom with the honesty layer: 10 in-time placebos per series, widening if needed."""
    pre, post = masks(cell, reps)
    start = time.perf_counter()
    found = honesty.analyse_honest(
        panel.y[:reps],
        panel.x[:reps],
        pre,
        post,
        weekday=panel.weekday,
        stock=cell.family == "stock",
    )
    seconds = time.perf_counter() - start
    effects = found.effects
    return {
        "estimate": effects.cumulative,
        "lower": effects.cumulative_lower,
        "upper": effects.cumulative_upper,
        "seconds": seconds / reps,
        "index": np.arange(reps),
    }


def run_naive(cell: Cell, panel: Panel) -> dict[str, Any]:
    """Count before vs after: Σ post - m·mean(pre), with an iid-normal 95 % interval."""
    start = time.perf_counter()
    before = panel.y[:, : cell.pre]
    m = cell.post
    mean, var = np.nanmean(before, axis=1), np.nanvar(before, axis=1, ddof=1)
    estimate = panel.post_sum - m * mean
    half = 1.96 * np.sqrt(m * var + m**2 * var / cell.pre)
    seconds = time.perf_counter() - start
    return {
        "estimate": estimate,
        "lower": estimate - half,
        "upper": estimate + half,
        "seconds": seconds / panel.y.shape[0],
    }


def run_anchor(anchor: str, panel: Panel, reps: int) -> dict[str, Any] | None:
    python = HERE / ".envs" / anchor / "bin" / "python"
    if not python.exists():
        return None
    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder) / "panel.npz", Path(folder) / "out.jsonl"
        np.savez(source, y=panel.y[:reps], x=panel.x[:reps], pre=panel.pre, weekday=panel.weekday)
        with contextlib.suppress(subprocess.TimeoutExpired):  # keep the finished replicates
            subprocess.run(
                [str(python), str(HERE / "anchors.py"), anchor, str(source), str(target)],
                env={**os.environ, **THREADS},
                timeout=ANCHOR_TIMEOUT,
                check=False,
                capture_output=True,
            )
        rows = (
            [json.loads(line) for line in target.read_text().splitlines()]
            if (target.exists())
            else []
        )
    done = [row for row in rows if "error" not in row]
    if not done:
        return {"failed": rows[0]["error"] if rows else "no output", "reps": 0}
    index = np.array([row["rep"] for row in done])
    warm = [row["seconds"] for row in done if row["rep"] > 0] or [done[0]["seconds"]]
    return {
        "estimate": np.array([r["estimate"] for r in done]),
        "lower": np.array([r["lower"] for r in done]),
        "upper": np.array([r["upper"] for r in done]),
        "index": index,
        "seconds": float(np.mean(warm)),
        "first": float(done[0]["seconds"]),
        "errors": len(rows) - len(done),
    }


def speed(quick: bool) -> dict[str, float]:
    """Warm time of one series alone, and the 1,000 x 730-day x 3-control batch."""
    single = generate(Cell("single", reps=1), 99)
    pre, post = masks(Cell("single"), 1)
    batch.analyse(single.y, single.x, pre, post, weekday=single.weekday)
    start = time.perf_counter()
    for _ in range(20):
        batch.analyse(single.y, single.x, pre, post, weekday=single.weekday)
    out = {"single_seconds": (time.perf_counter() - start) / 20}
    size = 200 if quick else 1000
    big_cell = Cell("throughput", pre=670, post=60, reps=size)
    big = generate(big_cell, 98)
    pre, post = masks(big_cell, size)
    start = time.perf_counter()
    batch.analyse(big.y, big.x, pre, post, weekday=big.weekday)
    out["batch_series"] = size
    out["batch_seconds"] = time.perf_counter() - start
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="100 replicates, fewer anchors")
    parser.add_argument("--anchors", default="statsmodels,bsts,pycausalimpact,causalpy")
    parser.add_argument("--write", action="store_true", help="update BENCHMARKS.md")
    parser.add_argument(
        "--report", action="store_true", help="only print the table of the last results"
    )
    args = parser.parse_args()
    if any(os.environ.get(name) != value for name, value in THREADS.items()):
        # mixroom runs on one thread, like each anchor (the protocol's one process per core);
        # BLAS's own threads only fight over the two shared cores
        command = [sys.executable, "-m", "bench.impact.run", *sys.argv[1:]]
        os.execve(sys.executable, command, {**os.environ, **THREADS})
    if args.report:
        print(table(json.loads(RESULTS.read_text(encoding="utf-8"))))
        return
    anchors = [name for name in args.anchors.split(",") if name]
    began = time.perf_counter()
    rows: list[dict[str, Any]] = []
    for number, cell in enumerate(cells(args.quick)):
        panel = generate(cell, 1000 + number)
        results = {"mixroom": run_mixroom(cell, panel)}
        if cell.family != "count":
            reps = min(cell.reps, HONEST_REPS[int(args.quick)])
            results["mixroom+placebos"] = run_honest(cell, panel, reps)
        results["naive"] = run_naive(cell, panel)
        if cell.name in ANCHOR_CELLS:
            for anchor in anchors:
                if ONLY_ON.get(anchor, cell.name) != cell.name:
                    continue
                found = run_anchor(anchor, panel, ANCHOR_REPS[anchor][int(args.quick)])
                if found is not None:
                    results[anchor] = found
        for method, result in results.items():
            rows.append(
                {
                    "cell": cell.name,
                    "stress": bool(cell.stress),
                    "method": method,
                    **metrics(cell, panel, result),
                }
            )
        print(f"{cell.name}: done at {time.perf_counter() - began:.0f} s", flush=True)
    report = {
        "version": VERSION,
        "quick": args.quick,
        "rows": rows,
        "speed": speed(args.quick),
        "seconds": time.perf_counter() - began,
        "load": os.getloadavg(),
    }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=1), encoding="utf-8")
    text = table(report)
    print(text)
    if args.write:
        current = REPORT.read_text(encoding="utf-8")
        head, rest = current.split(START, 1) if START in current else (current + "\n", END)
        tail = rest.split(END, 1)[1] if END in rest else ""
        REPORT.write_text(f"{head}{START}\n{text}\n{END}{tail}", encoding="utf-8")


if __name__ == "__main__":
    main()
