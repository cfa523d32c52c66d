"""The prototype finder: a text search narrowed by facets, with a count beside every value.

Facets are disjunctive: values ticked within one facet are alternatives (OR), facets combine
with AND, and the counts of a facet are computed with every *other* facet's selection applied,
so a reader sees how many prototypes each alternative would add. Each facet is a pair relation
(prototype id, value) in SQL; one ``GROUP BY`` per facet gives its counts, and nothing is loaded
into Python but the values shown and the page of results. Drafts follow the prototypes'
visibility rule, as everywhere else. Readers only: nothing here writes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select, true, union
from sqlalchemy.orm import Session

from mixroom.errors import InvalidInput
from mixroom.models import Edition, Institution, Prototype, PrototypeTranslation, Site, Topic
from mixroom.models.prototypes import STATUSES, prototype_topics
from mixroom.services.actors import Actor
from mixroom.services.filters import contains
from mixroom.services.prototypes import PROTOTYPES

Out = dict[str, Any]
#: a query of (pid, value) rows
Pairs = Select[*tuple[Any, ...]]
#: values a facet shows before "more"; every value when the reader asks for it
SHOWN_VALUES = 12
#: the longest page the finder serves
MAX_PAGE_SIZE = 100


def _scalar(column: Any) -> Callable[[str], Pairs]:
    def pairs(_dialect: str) -> Pairs:
        return select(Prototype.id.label("pid"), column.label("value")).where(column.is_not(None))

    return pairs


def _edition_pairs(_dialect: str) -> Pairs:
    return select(Prototype.id.label("pid"), Site.edition_id.label("value")).join(
        Site, Site.id == Prototype.site_id
    )


def _topic_pairs(_dialect: str) -> Pairs:
    return select(prototype_topics.c.prototype_id.label("pid"), Topic.code.label("value")).join(
        Topic, Topic.id == prototype_topics.c.topic_id
    )


def _technology_pairs(dialect: str) -> Pairs:
    # each element of the JSON array is a row; PostgreSQL makes the function lateral by itself
    if dialect == "postgresql":
        elements = func.json_array_elements_text(Prototype.technologies).table_valued("value")
    else:
        elements = func.json_each(Prototype.technologies).table_valued("value")
    return (
        select(Prototype.id.label("pid"), elements.c.value.label("value"))
        .select_from(Prototype)
        .join(elements, true())
    )


def _licence_pairs(_dialect: str) -> Pairs:
    content = select(Prototype.id.label("pid"), Prototype.content_licence.label("value")).where(
        Prototype.content_licence.is_not(None), Prototype.content_licence != ""
    )
    code = select(Prototype.id, Prototype.code_licence).where(
        Prototype.code_licence.is_not(None), Prototype.code_licence != ""
    )
    return select(union(content, code).subquery())


def _language_pairs(_dialect: str) -> Pairs:
    """A prototype is found in its original language and in every language it is translated to."""
    original = select(Prototype.id.label("pid"), Prototype.language.label("value"))
    translated = select(PrototypeTranslation.prototype_id, PrototypeTranslation.language)
    return select(union(original, translated).subquery())


@dataclass(frozen=True)
class Facet:
    name: str
    #: (pid, value) rows of the relation, given the dialect's name
    pairs: Callable[[str], Pairs]
    #: values are record ids (edition, site, institution)
    numeric: bool = False
    #: a plain column of prototypes, so the condition needs no sub-query
    column: Any = None
    #: the only values there can be, for a closed vocabulary
    choices: tuple[str, ...] = ()


FACETS: tuple[Facet, ...] = (
    Facet("status", _scalar(Prototype.status), column=Prototype.status, choices=STATUSES),
    Facet("topic", _topic_pairs),
    Facet("edition", _edition_pairs, numeric=True),
    Facet("site", _scalar(Prototype.site_id), numeric=True, column=Prototype.site_id),
    Facet(
        "institution",
        _scalar(Prototype.institution_id),
        numeric=True,
        column=Prototype.institution_id,
    ),
    Facet("technology", _technology_pairs),
    Facet("licence", _licence_pairs),
    Facet("language", _language_pairs),
)
FACET_NAMES = tuple(facet.name for facet in FACETS)


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
    if facet.column is not None:
        return facet.column.in_(typed)  # type: ignore[no-any-return]
    pairs = facet.pairs(dialect).subquery()
    return Prototype.id.in_(select(pairs.c.pid).where(pairs.c.value.in_(typed)))


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


def find_prototypes(
    session: Session, actor: Actor, selection: Selection, language: str = "en"
) -> FinderView:
    """One page of the prototypes matching the selection, newest first, and every facet's counts."""
    dialect = session.get_bind().dialect.name
    where = _conditions(selection, actor, dialect)
    total = session.scalar(select(func.count()).select_from(Prototype).where(*where)) or 0
    records = session.scalars(
        select(Prototype)
        .where(*where)
        .order_by(Prototype.id.desc())
        .offset((selection.page - 1) * selection.page_size)
        .limit(selection.page_size)
    )
    items = [PROTOTYPES.to_out(record) for record in records]
    site_ids = {item["site_id"] for item in items if item["site_id"]}
    return FinderView(
        selection=selection,
        items=items,
        total=total,
        facets=[_count(session, facet, selection, actor, dialect, language) for facet in FACETS],
        site_names=_names_by_id(session, Site, Site.name, site_ids),
    )


def _count(
    session: Session,
    facet: Facet,
    selection: Selection,
    actor: Actor,
    dialect: str,
    language: str,
) -> FacetCounts:
    pairs = facet.pairs(dialect).subquery()
    matching = select(Prototype.id).where(*_conditions(selection, actor, dialect, facet.name))
    rows = session.execute(
        select(pairs.c.value, func.count(func.distinct(pairs.c.pid)))
        .where(pairs.c.pid.in_(matching))
        .group_by(pairs.c.value)
    ).all()
    counts = {str(value): number for value, number in rows}
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
