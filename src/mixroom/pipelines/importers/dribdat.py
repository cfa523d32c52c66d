"""dribdat / hackathon.json Frictionless Data Packages (the GLAMhack event exports)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from mixroom.errors import ImportFailed
from mixroom.pipelines.fields import day, text
from mixroom.pipelines.importers.base import Importer
from mixroom.pipelines.importers.hackathons import event_id_of, host_of, map_event, map_project
from mixroom.pipelines.readers import RawItem, open_input, read_csv
from mixroom.pipelines.records import MappedItem


def _load_package(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise ImportFailed(f"{path}: no such file")
    try:
        package = json.loads(path.read_bytes())
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ImportFailed(f"{path}: not a readable JSON Data Package ({error})") from error
    if not isinstance(package, dict) or not isinstance(package.get("resources"), list):
        raise ImportFailed(f"{path}: not a Data Package (no resources list)")
    return package


def _resource_rows(package: dict[str, Any], name: str, base: Path) -> Iterator[tuple[int, Any]]:
    """Rows of a resource: inline ``data``, or a CSV file at ``path`` beside the package."""
    for resource in package["resources"]:
        if not isinstance(resource, dict) or resource.get("name") != name:
            continue
        if isinstance(resource.get("data"), list):
            yield from enumerate(resource["data"], start=1)
        elif isinstance(resource.get("path"), str):
            with open_input(base / resource["path"]) as (stream, file, total):
                for item in read_csv(stream, file, total):
                    yield item.line, item.data if item.error is None else item.error


def _event_host(event: dict[str, Any], projects: list[Any]) -> str:
    """Events in a package carry no URL: their host is the one their projects point to."""
    event_id = text(event.get("id"))
    hosts = [
        host_of(p.get("event_url"))
        for p in projects
        if isinstance(p, dict) and event_id_of(p.get("event_url")) == event_id
    ]
    hosts = hosts or [host_of(p.get("url")) for p in projects if isinstance(p, dict)]
    return next((host for host in hosts if host), text(event.get("origin")) or "dribdat")


def _year(value: object) -> int | None:
    try:
        found = day(value, "starts_at")
    except ValueError:
        return None
    return found.year if found else None


class DribdatImporter(Importer):
    name = "dribdat"
    title = "dribdat Data Package"
    description = (
        "A dribdat / hackathon.json Frictionless Data Package: its events become editions "
        "and sites, its projects prototypes with their full pitch (longtext), teams and people."
    )
    version = "1"

    def fetch(self, path: Path) -> Iterator[RawItem]:
        package = _load_package(path)
        events = list(_resource_rows(package, "events", path.parent))
        projects = list(_resource_rows(package, "projects", path.parent))
        if not events and not projects:
            raise ImportFailed(f"{path}: the package has no events or projects resource")
        total, done, years = len(events) + len(projects), 0, {}
        plain_projects = [p for _, p in projects]
        for kind, rows in (("event", events), ("project", projects)):
            for position, row in rows:
                done += 1
                item = RawItem(f"{path.name}:{kind}s", position, kind=kind, done=done, total=total)
                if not isinstance(row, dict):
                    item.error = row if isinstance(row, str) else f"the {kind} is not an object"
                    yield item
                    continue
                item.data = dict(row)
                if kind == "event":
                    item.data["origin"] = _event_host(row, plain_projects)
                    years[(item.data["origin"], text(row.get("id")))] = _year(row.get("starts_at"))
                else:
                    item.data["origin"] = text(row.get("origin")) or host_of(row.get("url"))
                    event = (item.data["origin"], event_id_of(row.get("event_url")))
                    item.data["_event_year"] = years.get(event)
                yield item

    def map_item(self, raw: RawItem) -> MappedItem:
        if raw.kind == "event":
            return map_event(raw.data, weak_text=False)
        longtext = text(raw.data.get("longtext"))
        full_text = longtext or text(raw.data.get("excerpt"))
        return map_project(raw.data, full_text=full_text, weak_text=not longtext)
