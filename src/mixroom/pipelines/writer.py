"""The store side of an import: upserts a batch of mapped items with a few bulk queries.

Per model and batch: one look-up of the existing keys (not one SELECT per row), then new
records are added, changed fields set, identical records left alone (no UPDATE, no new
version), and one flush gives the new ids that children refer to. Nothing is committed here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable
from typing import Any

from sqlalchemy import select, tuple_
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from mixroom.errors import ImportFailed
from mixroom.models import (
    Base,
    Edition,
    Institution,
    Network,
    Participation,
    Person,
    PersonPrivate,
    Playground,
    Prototype,
    Site,
    Team,
    TeamMember,
)
from mixroom.pipelines.records import Key, Link, MappedItem, Upsert
from mixroom.pipelines.report import ImportReport

#: parents before children, so that a child's foreign keys can be resolved
ORDER: tuple[type[Base], ...] = (
    Network,
    Institution,
    Edition,
    Site,
    Playground,
    Person,
    PersonPrivate,
    Team,
    Prototype,
    TeamMember,
    Participation,
)
#: models whose slug is unique among the children of one parent
SIBLING_SLUGS: dict[type[Base], str] = {Edition: "network_id", Site: "edition_id"}
CHUNK = 500

ConcreteKey = tuple[tuple[str, Hashable], ...]


def _is_weaker(current: Any, value: Any) -> bool:
    """A weak value loses to a longer value already stored (an excerpt to the full text)."""
    return bool(current) and len(current) > len(value or ())


class StoreWriter:
    """Writes batches for one import run and remembers what it did for the report."""

    def __init__(self, session: Session, report: ImportReport) -> None:
        self.session = session
        self.report = report
        self.ids: dict[Key, Any] = {}
        self.status: dict[tuple[type[Base], ConcreteKey], str] = {}
        self.slugs: dict[tuple[type[Base], Any], set[str]] = {}

    def write(self, items: Iterable[MappedItem]) -> None:
        grouped: dict[type[Base], list[Upsert]] = defaultdict(list)
        links: list[Link] = []
        for item in items:
            for upsert in item.upserts:
                grouped[upsert.key.model].append(upsert)
            links.extend(item.links)
        try:
            for model in ORDER:
                if model in grouped:
                    self._write_model(model, grouped[model])
            self._write_links(links)
        except IntegrityError as error:
            raise ImportFailed(f"the store refused a record: {error.orig}") from error

    def finish(self) -> None:
        """Turn the per-record outcome of the run into counts per noun."""
        for (model, _key), outcome in self.status.items():
            counts = self.report.count(getattr(model, "noun", "") or model.__tablename__)
            setattr(counts, outcome, getattr(counts, outcome) + 1)

    def _resolve(self, value: Any) -> Any:
        if not isinstance(value, Key):
            return value
        if value not in self.ids:
            found = self._load(value.model, [self._concrete(value)])
            if not found:
                raise ImportFailed(f"{value.describe()} is referred to but was never imported")
            self.ids[value] = next(iter(found.values())).id
        return self.ids[value]

    def _concrete(self, key: Key) -> ConcreteKey:
        return tuple((name, self._resolve(value)) for name, value in key.fields)

    def _load(self, model: type[Base], keys: list[ConcreteKey]) -> dict[ConcreteKey, Any]:
        """Existing records for these keys, in chunks: a bulk look-up, not one per row."""
        found: dict[ConcreteKey, Any] = {}
        unique = list(dict.fromkeys(keys))
        if not unique:
            return found
        names = [name for name, _ in unique[0]]
        columns = [getattr(model, name) for name in names]
        for start in range(0, len(unique), CHUNK):
            chunk = [tuple(value for _, value in key) for key in unique[start : start + CHUNK]]
            if len(columns) == 1:
                condition = columns[0].in_([values[0] for values in chunk])
            else:
                condition = tuple_(*columns).in_(chunk)
            for obj in self.session.scalars(select(model).where(condition)):
                found[tuple((name, getattr(obj, name)) for name in names)] = obj
        return found

    def _write_model(self, model: type[Base], upserts: list[Upsert]) -> None:
        concrete = [self._concrete(upsert.key) for upsert in upserts]
        existing = self._load(model, concrete)
        for key, upsert in zip(concrete, upserts, strict=True):
            values = {name: self._resolve(value) for name, value in upsert.values.items()}
            obj = existing.get(key)
            if obj is None:
                obj = existing[key] = self._create(model, key, values)
                outcome = "added"
            else:
                outcome = "updated" if self._apply(obj, upsert, values) else "unchanged"
            self._record(model, key, outcome)
        self.session.flush()
        for key, upsert in zip(concrete, upserts, strict=True):
            self.ids[upsert.key] = getattr(existing[key], "id", None)

    def _create(self, model: type[Base], key: ConcreteKey, values: dict[str, Any]) -> Any:
        fields = {**values, **dict(key)}
        if model in SIBLING_SLUGS and "slug" in fields:
            fields["slug"] = self._free_slug(model, fields[SIBLING_SLUGS[model]], fields["slug"])
        obj = model(**fields)
        self.session.add(obj)
        return obj

    def _apply(self, obj: Any, upsert: Upsert, values: dict[str, Any]) -> bool:
        changed = False
        for name, value in values.items():
            if name in upsert.create_only:
                continue
            current = getattr(obj, name)
            if name in upsert.weak and _is_weaker(current, value):
                continue
            if current != value:
                setattr(obj, name, value)
                changed = True
        return changed

    def _record(self, model: type[Base], key: ConcreteKey, outcome: str) -> None:
        # the first outcome of a run counts, except that a later change turns "unchanged"
        # into "updated" (a person named in many rows is counted once)
        previous = self.status.get((model, key))
        if previous is None or (previous == "unchanged" and outcome == "updated"):
            self.status[(model, key)] = outcome

    def _free_slug(self, model: type[Base], parent: Any, slug: str) -> str:
        """The slug, or the slug with a number, so siblings never share one."""
        taken = self.slugs.get((model, parent))
        if taken is None:
            column = getattr(model, SIBLING_SLUGS[model])
            taken = set(self.session.scalars(select(model.slug).where(column == parent)))  # type: ignore[attr-defined]
            self.slugs[(model, parent)] = taken
        candidate, number = slug or "untitled", 2
        while candidate in taken:
            candidate, number = f"{slug}-{number}", number + 1
        taken.add(candidate)
        return candidate

    def _write_links(self, links: list[Link]) -> None:
        by_table: dict[Any, set[tuple[tuple[str, Any], tuple[str, Any]]]] = defaultdict(set)
        for link in links:
            pair = (
                (link.left[0], self._resolve(link.left[1])),
                (link.right[0], self._resolve(link.right[1])),
            )
            by_table[link.table].add(pair)
        for table, pairs in by_table.items():
            (left, _), (right, _) = next(iter(pairs))
            lefts = {pair[0][1] for pair in pairs}
            query = select(table.c[left], table.c[right]).where(table.c[left].in_(lefts))
            present = {tuple(row) for row in self.session.execute(query)}
            missing = [{left: a[1], right: b[1]} for a, b in pairs if (a[1], b[1]) not in present]
            if missing:
                self.session.execute(table.insert(), missing)
