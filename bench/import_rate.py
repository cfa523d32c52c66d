"""Import rate: a mixroom importer into a fresh SQLite store vs the csv module alone.

The ceiling reads the same file with the standard library only (``zipfile`` + ``csv``), doing
nothing with the rows; the importer streams, maps, checks and writes them and commits once.
"""

from __future__ import annotations

import csv
import io
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mixroom.db import unit_of_work
from mixroom.instance import Instance
from mixroom.pipelines.demo import DEMO_DATA
from mixroom.pipelines.importers.registry import get_importer
from mixroom.pipelines.runner import run_import
from mixroom.settings import Settings

IMLS = DEMO_DATA / "imls-mudf-2014q3" / "mudf14q3pub_csv.zip"
ARCHIVE = DEMO_DATA / "opendata-ch-hackdays"
BASELINE_REPEATS = 3


@dataclass(frozen=True)
class Case:
    name: str
    kind: str
    path: Path
    csv_files: Callable[[], Iterator[io.TextIOBase]]


def _zipped_csv(path: Path) -> Callable[[], Iterator[io.TextIOBase]]:
    def open_all() -> Iterator[io.TextIOBase]:
        with zipfile.ZipFile(path) as archive:
            member = next(m for m in archive.infolist() if m.filename.lower().endswith(".csv"))
            with archive.open(member) as raw:
                yield io.TextIOWrapper(raw, encoding="utf-8", errors="replace", newline="")

    return open_all


def _plain_csvs(*paths: Path) -> Callable[[], Iterator[io.TextIOBase]]:
    def open_all() -> Iterator[io.TextIOBase]:
        for path in paths:
            with path.open(encoding="utf-8", errors="replace", newline="") as stream:
                yield stream

    return open_all


CASES = (
    Case("IMLS registry (zip)", "imls", IMLS, _zipped_csv(IMLS)),
    Case(
        "Opendata.ch archive (events + projects)",
        "opendata-archive",
        ARCHIVE,
        _plain_csvs(ARCHIVE / "events.csv", ARCHIVE / "projects.csv"),
    ),
)


def read_with_csv(case: Case) -> tuple[int, float]:
    """Rows and seconds for ``csv.DictReader`` over the same file(s): the ceiling."""
    started = time.perf_counter()
    rows = 0
    for stream in case.csv_files():
        for _row in csv.DictReader(stream):
            rows += 1
    return rows, time.perf_counter() - started


def import_into(instance: Instance, case: Case) -> tuple[int, int, int, float]:
    """(rows read, records added, bad rows, seconds) for one import, commit included."""
    started = time.perf_counter()
    with unit_of_work(instance.sessions) as session:
        report = run_import(
            session,
            get_importer(case.kind),
            case.path,
            batch_size=instance.settings.import_batch_size,
        )
    return report.rows_read, report.added, len(report.bad_rows), time.perf_counter() - started


def measure_case(case: Case, workdir: Path) -> dict[str, Any]:
    home = workdir / f"import-{case.kind}"
    instance = Instance(Settings(home=home, database_url="", secret_key="bench", _env_file=None))
    instance.upgrade()
    baseline_rows, baseline_seconds = min(
        (read_with_csv(case) for _ in range(BASELINE_REPEATS)), key=lambda result: result[1]
    )
    rows, added, bad, seconds = import_into(instance, case)
    rerows, readded, _, reseconds = import_into(instance, case)
    instance.engine.dispose()
    ceiling = baseline_rows / baseline_seconds
    rate = rows / seconds
    return {
        "name": case.name,
        "kind": case.kind,
        "file": str(case.path.relative_to(DEMO_DATA.parent.parent.parent)),
        "rows": rows,
        "records_added": added,
        "bad_rows": bad,
        "seconds": round(seconds, 3),
        "rows_per_s": round(rate),
        "records_per_s": round(added / seconds),
        "rerun_seconds": round(reseconds, 3),
        "rerun_rows_per_s": round(rerows / reseconds),
        "rerun_records_added": readded,
        "baseline": "csv.DictReader over the same file (best of 3)",
        "baseline_rows": baseline_rows,
        "baseline_rows_per_s": round(ceiling),
        "ratio": round(rate / ceiling, 4),
    }


def measure_imports(workdir: Path) -> list[dict[str, Any]]:
    return [measure_case(case, workdir) for case in CASES]
