"""The prototype finder: a text search narrowed by facets, with a count beside every value.

Facets are disjunctive: values ticked within one facet are alternatives (OR), facets combine
with AND, and the counts of a facet are computed with every *other* facet's selection applied,
so a reader sees how many prototypes each alternative would add. Each facet (``kinds.py``)
counts with grouped queries in SQL, and nothing is loaded into Python but the counts and the
page of results. Drafts follow the prototypes' visibility rule, as everywhere else; the public's
counts are kept until the catalogue changes. Readers only: nothing here writes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from mixroom.errors import InvalidInput
from mixroom.models import Edition, Institution, Prototype, PrototypeTranslation, Site, Topic
from mixroom.models.prototypes import prototype_topics
from mixroom.services.actors import PUBLIC, Actor
from mixroom.services.facets.kinds import FACET_NAMES, FACETS, Facet
from mixroom.services.filters import contains
from mixroom.services.prototypes import PROTOTYPES

Out = dict[str, Any]
#: values a facet shows before "more"; every value when the reader asks for it
SHOWN_VALUES = 12
#: the longest page the finder serves
MAX_PAGE_SIZE = 100


@dataclass(frozen=True)
class Selection:
    """What the reader asked for: a text, ticked values per facet, a page."""

    q: str = ""
    values: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    page: int = 1
    page_size: int = 24
    #: facets whose every value the reader wants to see
    expanded: frozenset[str] = frozenset()

    def chosen(self, facet: str) -> tuple[str, ...]:
        return self.values.get(facet, ())


def make_selection(
    q: str,
    values: Mapping[str, Sequence[str]],
    page: int = 1,
    page_size: int = 24,
    expanded: Sequence[str] = (),
) -> Selection:
    """A checked selection: known facets, whole numbers where ids are expected, a real page."""
    unknown = sorted(set(values) - set(FACET_NAMES))
    if unknown:
        raise InvalidInput(f"unknown facet {unknown[0]!r} (known: {', '.join(FACET_NAMES)})")
    cleaned: dict[str, tuple[str, ...]] = {}
    for facet in FACETS:
        chosen = tuple(dict.fromkeys(v.strip() for v in values.get(facet.name, ()) if v.strip()))
        if facet.numeric and not all(value.isdigit() for value in chosen):
            raise InvalidInput(f"{facet.name} must be given as record ids (whole numbers)")
        if facet.choices and not set(chosen) <= set(facet.choices):
            raise InvalidInput(f"{facet.name} must be one of {', '.join(facet.choices)}")
        if chosen:
            cleaned[facet.name] = chosen
    if page < 1:
        raise InvalidInput("page must be 1 or more")
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        raise InvalidInput(f"page size must be between 1 and {MAX_PAGE_SIZE}")
    return Selection(
        q=q.strip(),
        values=cleaned,
        page=page,
        page_size=page_size,
        expanded=frozenset(name for name in expanded if name in FACET_NAMES),
    )


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class FacetCounts:
    name: str
    values: list[FacetValue]
    #: values left out of ``values`` (shown when the facet is expanded)
    hidden: int = 0

    @property
    def selected(self) -> int:
        return sum(1 for value in self.values if value.selected)


@dataclass
class FinderView:
    selection: Selection
    items: list[Out]
    total: int
    facets: list[FacetCounts]
    #: names of the sites of the prototypes shown
    site_names: dict[int, str]

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.selection.page_size))


def _condition(facet: Facet, values: tuple[str, ...], dialect: str) -> ColumnElement[bool]:
    typed: list[Any] = [int(v) for v in values] if facet.numeric else list(values)
    return facet.condition(dialect, typed)


def _conditions(
    selection: Selection, actor: Actor, dialect: str, leave_out: str | None = None
) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    restriction = PROTOTYPES.visible_to(actor)
    if restriction is not None:
        conditions.append(restriction)
    if selection.q:
        conditions.append(
            contains(Prototype.title, Prototype.subtitle, Prototype.summary)(selection.q)
        )
    for facet in FACETS:
        chosen = selection.chosen(facet.name)
        if chosen and facet.name != leave_out:
            conditions.append(_condition(facet, chosen, dialect))
    return conditions


#: what a result card shows: plain columns, no ORM objects and none of their collections
CARD_COLUMNS = (
    Prototype.id,
    Prototype.title,
    Prototype.subtitle,
    Prototype.summary,
    Prototype.status,
    Prototype.visibility,
    Prototype.site_id,
    Prototype.language,
)
#: a card shows a summary's first words only, so long imported texts are cut before rendering
CARD_SUMMARY = 600


def card(row: Any) -> Out:
    """A result card from a row of ``CARD_COLUMNS``."""
    card: Out = {column.key: value for column, value in zip(CARD_COLUMNS, row, strict=True)}
    card["summary"] = (card["summary"] or "")[:CARD_SUMMARY]
    return card


def find_prototypes(
    session: Session, actor: Actor, selection: Selection, language: str = "en"
) -> FinderView:
    """One page of the prototypes matching the selection, newest first, and every facet's counts."""
    dialect = session.get_bind().dialect.name
    if actor.is_public:
        total, tallies = _public_tally(session, selection, dialect)
    else:
        total, tallies = _tally(session, selection, actor, dialect)
    rows = session.execute(
        select(*CARD_COLUMNS)
        .where(*_conditions(selection, actor, dialect))
        .order_by(Prototype.id.desc())
        .offset((selection.page - 1) * selection.page_size)
        .limit(selection.page_size)
    )
    items = [card(row) for row in rows]
    site_ids = {item["site_id"] for item in items if item["site_id"]}
    return FinderView(
        selection=selection,
        items=items,
        total=total,
        facets=[
            _present(session, facet, tallies[facet.name], selection, language) for facet in FACETS
        ],
        site_names=_names_by_id(session, Site, Site.name, site_ids),
    )


#: the number of matches, and per facet the count of each value
Tally = tuple[int, dict[str, dict[str, int]]]
#: the public's tallies per (store, state of the catalogue, text, ticked values)
_public_tallies: dict[tuple[Any, ...], Tally] = {}
TALLY_CACHE = 512


def catalogue_state(session: Session) -> tuple[Any, ...]:
    """What the public's counts depend on: any write through the services moves it.

    Prototypes' number, last id and last update (status, visibility, site, licences,
    technologies, topics and translations changed through the services all touch
    ``updated_at``), the sites' last update (a site moved to another edition), and the number
    and last id of topic links and translations (written directly by importers).
    """
    prototypes = session.execute(
        select(func.count(), func.max(Prototype.id), func.max(Prototype.updated_at))
    ).one()
    translations = session.execute(select(func.count(), func.max(PrototypeTranslation.id))).one()
    return (
        *prototypes,
        session.scalar(select(func.max(Site.updated_at))),
        session.scalar(select(func.count()).select_from(prototype_topics)),
        *translations,
    )


def _public_tally(session: Session, selection: Selection, dialect: str) -> Tally:
    """The public's tally, kept until the catalogue changes: most readers are not signed in
    and look at the same few selections, and at 100,000 prototypes a tally costs seconds."""
    ticked = tuple(sorted(selection.values.items()))
    key = (str(session.get_bind().engine.url), catalogue_state(session), selection.q, ticked)
    found = _public_tallies.get(key)
    if found is None:
        if len(_public_tallies) >= TALLY_CACHE:
            _public_tallies.clear()
        found = _public_tallies[key] = _tally(session, selection, PUBLIC, dialect)
    return found


def _tally(session: Session, selection: Selection, actor: Actor, dialect: str) -> Tally:
    where = _conditions(selection, actor, dialect)
    total = session.scalar(select(func.count()).select_from(Prototype).where(*where)) or 0
    return total, {
        facet.name: _count(session, facet, selection, actor, dialect) for facet in FACETS
    }


def _count(
    session: Session, facet: Facet, selection: Selection, actor: Actor, dialect: str
) -> dict[str, int]:
    """A facet's counts with every other facet's selection applied, not its own."""
    where = _conditions(selection, actor, dialect, facet.name)
    counts: dict[str, int] = {}
    for query, sign in facet.counters(dialect):
        for value, number in session.execute(query.where(*where)):
            counts[str(value)] = counts.get(str(value), 0) + sign * number
    return {value: number for value, number in counts.items() if number > 0}


def _present(
    session: Session,
    facet: Facet,
    tally: dict[str, int],
    selection: Selection,
    language: str,
) -> FacetCounts:
    """The values a reader sees, most frequent first, ticked ones always, with their names."""
    counts = dict(tally)
    chosen = selection.chosen(facet.name)
    for value in chosen:  # a ticked value stays on screen, with 0 when nothing matches now
        counts.setdefault(value, 0)
    ranked = sorted(counts.items(), key=lambda pair: (pair[0] not in chosen, -pair[1], pair[0]))
    shown = ranked if facet.name in selection.expanded else ranked[: max(SHOWN_VALUES, len(chosen))]
    labels = _labels(session, facet.name, [value for value, _ in shown], language)
    return FacetCounts(
        name=facet.name,
        values=[
            FacetValue(value, labels.get(value, value), number, value in chosen)
            for value, number in shown
        ],
        hidden=len(ranked) - len(shown),
    )


def _labels(session: Session, facet: str, values: list[str], language: str) -> dict[str, str]:
    """What a reader sees for each value: a name instead of an id or a code."""
    if not values:
        return {}
    ids = {int(value) for value in values if value.isdigit()}
    if facet == "edition":
        return _labels_of_ids(session, Edition, Edition.name, ids)
    if facet == "site":
        return _labels_of_ids(session, Site, Site.name, ids)
    if facet == "institution":
        return _labels_of_ids(session, Institution, Institution.name, ids)
    if facet == "topic":
        topics = session.scalars(select(Topic).where(Topic.code.in_(values)))
        return {
            topic.code: topic.names.get(language) or topic.names.get("en") or topic.code
            for topic in topics
        }
    return {}


def _names_by_id(session: Session, model: Any, column: Any, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = session.execute(select(model.id, column).where(model.id.in_(ids)))
    return {row_id: name for row_id, name in rows}


def _labels_of_ids(session: Session, model: Any, column: Any, ids: set[int]) -> dict[str, str]:
    return {str(key): name for key, name in _names_by_id(session, model, column, ids).items()}


__all__ = [
    "CARD_COLUMNS",
    "FACETS",
    "FACET_NAMES",
    "FacetCounts",
    "FacetValue",
    "FinderView",
    "Selection",
    "card",
    "catalogue_state",
    "find_prototypes",
    "make_selection",
]
