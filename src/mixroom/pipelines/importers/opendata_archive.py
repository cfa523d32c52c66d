"""The Opendata.ch Hackdays archive: ``events.csv`` and ``projects.csv`` exported from dribdat."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from mixroom.errors import ImportFailed
from mixroom.pipelines.fields import RowError, day, text
from mixroom.pipelines.importers.base import Importer
from mixroom.pipelines.importers.hackathons import event_id_of, map_event, map_project
from mixroom.pipelines.readers import RawItem, open_input, read_csv
from mixroom.pipelines.records import MappedItem

EVENT_COLUMNS = ("origin", "id", "name", "location", "starts_at", "ends_at")
PROJECT_COLUMNS = ("origin", "id", "name", "team", "event_url", "summary", "excerpt")


def _parts(path: Path) -> list[tuple[str, Path]]:
    """Which files to read, events first so that projects find their event."""
    if path.is_dir():
        parts = [
            (k, path / f"{k}s.csv") for k in ("event", "project") if (path / f"{k}s.csv").is_file()
        ]
        if not parts:
            raise ImportFailed(f"{path}: no events.csv or projects.csv in this folder")
        return parts
    if not path.is_file():
        raise ImportFailed(f"{path}: no such file or folder")
    for kind in ("event", "project"):
        if kind in path.name.lower():
            return [(kind, path)]
    raise ImportFailed(f"{path}: expected events.csv or projects.csv")


def _event_years(events: Path) -> dict[tuple[str, str], int]:
    """Start year per event, read when only projects are imported (tiny file)."""
    years: dict[tuple[str, str], int] = {}
    if not events.is_file():
        return years
    with open_input(events) as (stream, name, total):
        for item in read_csv(stream, name, total, required=EVENT_COLUMNS):
            try:
                start = day(item.data.get("starts_at"), "starts_at")
            except RowError:
                continue
            if start is not None:
                years[(text(item.data.get("origin")), text(item.data.get("id")))] = start.year
    return years


class OpendataArchiveImporter(Importer):
    name = "opendata-archive"
    title = "Opendata.ch Hackdays archive"
    description = (
        "The archive's events.csv and projects.csv (PATH is the folder or either file): "
        "events become editions and sites, projects prototypes with teams and people."
    )
    version = "1"

    def fetch(self, path: Path) -> Iterator[RawItem]:
        parts = _parts(path)
        total = sum(part.stat().st_size for _, part in parts)
        folder = path if path.is_dir() else path.parent
        years = _event_years(folder / "events.csv")
        done_before = 0
        for kind, part in parts:
            columns = EVENT_COLUMNS if kind == "event" else PROJECT_COLUMNS
            with open_input(part) as (stream, name, size):
                for item in read_csv(stream, name, size, required=columns):
                    item.kind, item.done, item.total = kind, done_before + item.done, total
                    if kind == "project" and item.error is None:
                        event = (text(item.data["origin"]), event_id_of(item.data["event_url"]))
                        item.data["_event_year"] = years.get(event)
                    yield item
            done_before += size

    def map_item(self, raw: RawItem) -> MappedItem:
        if raw.kind == "event":
            return map_event(raw.data, weak_text=True)
        # the archive has only the excerpt: it fills the summary but never beats a full text
        return map_project(raw.data, full_text=text(raw.data.get("excerpt")), weak_text=True)
