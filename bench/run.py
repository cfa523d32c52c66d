"""Run every benchmark, write ``bench/results/latest.json`` and the tables of BENCHMARKS.md.

``make bench`` (or ``python -m bench.run [--seconds N] [--only imports|http]``). The figures go
between the ``bench:results`` markers of BENCHMARKS.md and to stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.import_rate import measure_imports
from bench.latency import measure_http

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "latest.json"
REPORT = ROOT / "BENCHMARKS.md"
START, END = "<!-- bench:results:start -->", "<!-- bench:results:end -->"


def machine() -> dict[str, Any]:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
    ).stdout.strip()
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": commit,
        "cores": os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        "load_average_at_start": [round(load, 2) for load in os.getloadavg()],
    }


def imports_table(rows: list[dict[str, Any]]) -> str:
    lines = [
        "| file | rows | mixroom rows/s | ceiling rows/s (csv module) | ratio | "
        "records added | re-run rows/s (adds nothing) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        lines.append(
            f"| {row['name']} | {row['rows']:,} | {row['rows_per_s']:,} | "
            f"{row['baseline_rows_per_s']:,} | {row['ratio']:.3f} | {row['records_added']:,} | "
            f"{row['rerun_rows_per_s']:,} ({row['rerun_records_added']} added) |"
        )
    return "\n".join(lines)


def http_table(result: dict[str, Any]) -> str:
    lines = [
        "| endpoint | bytes | requests/s | p50 ms | p99 ms | throughput ratio | p99 ratio | "
        "non-2xx |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in result["endpoints"]:
        lines.append(
            f"| {row['endpoint']}: `GET {row['path']}` | {row['bytes']:,} | "
            f"{row['requests_per_s']:,.0f} | {row['p50_ms']:.1f} | {row['p99_ms']:.1f} | "
            f"{row['throughput_ratio']:.3f} | {row['p99_ratio']:.2f} | {row['non_2xx']} |"
        )
    return "\n".join(lines)


def render(results: dict[str, Any]) -> str:
    about = results["machine"]
    parts = [
        f"Measured {about['date']} at commit `{about['commit']}` on {about['cores']} cores "
        f"({about['cpu']}), Python {about['python']}; load average at start "
        f"{', '.join(map(str, about['load_average_at_start']))}.",
    ]
    if "imports" in results:
        parts += [
            "### Import rate (fresh SQLite store, one commit per import)",
            "Ratio = mixroom rows/s ÷ ceiling rows/s; the ceiling is `csv.DictReader` over the "
            "same file, best of 3, doing nothing with the rows.",
            imports_table(results["imports"]),
        ]
    if "http" in results:
        http = results["http"]
        parts += [
            f"### HTTP at {http['connections']} concurrent clients (`{http['tool']}`)",
            f"Server: {http['server']}, on the demo data (loaded in "
            f"{http['demo_load_seconds']} s). Ratios against the ceiling, {http['baseline']}: "
            "throughput ratio = requests/s ÷ ceiling requests/s; p99 ratio = p99 ÷ ceiling p99.",
            http_table(http),
        ]
    return "\n\n".join(parts)


def update_report(markdown: str) -> None:
    text = REPORT.read_text()
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    if not rest:
        raise SystemExit(f"{REPORT.name} lacks the {START} marker")
    REPORT.write_text(f"{head}{START}\n{markdown}\n{END}{tail}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=10, help="wrk duration per endpoint")
    parser.add_argument("--only", choices=("imports", "http"), help="run one benchmark only")
    args = parser.parse_args()
    results: dict[str, Any] = {"machine": machine()}
    with tempfile.TemporaryDirectory(prefix="mixroom-bench-") as workdir:
        if args.only in (None, "imports"):
            results["imports"] = measure_imports(Path(workdir))
        if args.only in (None, "http"):
            results["http"] = measure_http(Path(workdir), args.seconds)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    markdown = render(results)
    if args.only is None:
        update_report(markdown)
    print(markdown)
    print(f"\nwrote {RESULTS.relative_to(ROOT)}" + ("" if args.only else f" and {REPORT.name}"))


if __name__ == "__main__":
    main()
