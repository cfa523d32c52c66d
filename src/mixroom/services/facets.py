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
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import ColumnElement, Select, distinct, func, or_, select, true
from sqlalchemy.orm import Session

from mixroom.errors import InvalidInput
from mixroom.models import Edition, Institution, Prototype, PrototypeTranslation, Site, Topic
from mixroom.models.prototypes import STATUSES, prototype_topics
from mixroom.services.actors import Actor
from mixroom.services.filters import contains
from mixroom.services.prototypes import PROTOTYPES

Out = dict[str, Any]
#: a query of (value, count) rows over prototypes, to which the conditions are added
Counter = Select[*tuple[Any, ...]]
#: values a facet shows before "more"; every value when the reader asks for it
SHOWN_VALUES = 12
#: the longest page the finder serves
MAX_PAGE_SIZE = 100


def _elements(dialect: str) -> Any:
    """The technologies' JSON array as rows; PostgreSQL makes the function lateral by itself."""
    if dialect == "postgresql":
        return func.json_array_elements_text(Prototype.technologies).table_valued("value")
    return func.json_each(Prototype.technologies).table_valued("value")


def _grouped(column: Any, *where: ColumnElement[bool]) -> Counter:
    return select(column, func.count()).where(column.is_not(None), *where).group_by(column)


def _scalar(column: Any) -> Facet:
    def counters(_dialect: str) -> list[tuple[Counter, int]]:
        return [(_grouped(column), 1)]

    def condition(_dialect: str, values: list[Any]) -> ColumnElement[bool]:
        return column.in_(values)  # type: ignore[no-any-return]

    return Facet(counters, condition)


def _edition() -> Facet:
    def counters(_dialect: str) -> list[tuple[Counter, int]]:
        joined = (
            select(Site.edition_id, func.count())
            .select_from(Prototype)
            .join(Site, Site.id == Prototype.site_id)
            .group_by(Site.edition_id)
        )
        return [(joined, 1)]

    def condition(_dialect: str, values: list[Any]) -> ColumnElement[bool]:
        return Prototype.site_id.in_(select(Site.id).where(Site.edition_id.in_(values)))

    return Facet(counters, condition, numeric=True)


def _topic() -> Facet:
    def counters(_dialect: str) -> list[tuple[Counter, int]]:
        query = (
            select(Topic.code, func.count())
            .select_from(Prototype)
            .join(prototype_topics, prototype_topics.c.prototype_id == Prototype.id)
            .join(Topic, Topic.id == prototype_topics.c.topic_id)
            .group_by(Topic.code)
        )
        return [(query, 1)]

    def condition(_dialect: str, values: list[Any]) -> ColumnElement[bool]:
        tagged = (
            select(prototype_topics.c.prototype_id)
            .join(Topic, Topic.id == prototype_topics.c.topic_id)
            .where(Topic.code.in_(values))
        )
        return Prototype.id.in_(tagged)

    return Facet(counters, condition)


def _technology() -> Facet:
    def counters(dialect: str) -> list[tuple[Counter, int]]:
        elements = _elements(dialect)
        query = (
            select(elements.c.value, func.count(distinct(Prototype.id)))
            .select_from(Prototype)
            .join(elements, true())
            .group_by(elements.c.value)
        )
        return [(query, 1)]

    def condition(dialect: str, values: list[Any]) -> ColumnElement[bool]:
        elements = _elements(dialect)
        using = (
            select(Prototype.id)
            .select_from(Prototype)
            .join(elements, true())
            .where(elements.c.value.in_(values))
        )
        return Prototype.id.in_(using)

    return Facet(counters, condition)


def _licence() -> Facet:
    """Content and code licences in one facet: a prototype counts once per licence it uses."""
    content, code = Prototype.content_licence, Prototype.code_licence

    def counters(_dialect: str) -> list[tuple[Counter, int]]:
        return [
            (_grouped(content, content != ""), 1),
            (_grouped(code, code != ""), 1),
            (_grouped(content, content != "", content == code), -1),  # counted twice above
        ]

    def condition(_dialect: str, values: list[Any]) -> ColumnElement[bool]:
        return or_(content.in_(values), code.in_(values))

    return Facet(counters, condition)


def _language() -> Facet:
    """A prototype is found in its original language and in every language it is translated to."""
    translation = PrototypeTranslation

    def counters(_dialect: str) -> list[tuple[Counter, int]]:
        translated = (
            select(translation.language, func.count(distinct(translation.prototype_id)))
            .select_from(Prototype)
            .join(translation, translation.prototype_id == Prototype.id)
            .where(translation.language != Prototype.language)
            .group_by(translation.language)
        )
        return [(_grouped(Prototype.language), 1), (translated, 1)]

    def condition(_dialect: str, values: list[Any]) -> ColumnElement[bool]:
        translated = select(translation.prototype_id).where(translation.language.in_(values))
        return or_(Prototype.language.in_(values), Prototype.id.in_(translated))

    return Facet(counters, condition)


@dataclass(frozen=True)
class Facet:
    """How one facet counts its values and narrows the prototypes to the ticked ones.

    ``counters`` are (value, count) queries over prototypes whose counts add up, each with a
    sign, so that a prototype is counted once per value; the finder adds its conditions to them.
    """

    counters: Callable[[str], list[tuple[Counter, int]]]
    condition: Callable[[str, list[Any]], ColumnElement[bool]]
    #: values are record ids (edition, site, institution)
    numeric: bool = False
    #: the only values there can be, for a closed vocabulary
    choices: tuple[str, ...] = ()
    name: str = ""


def _named(name: str, facet: Facet, **changes: Any) -> Facet:
    return replace(facet, name=name, **changes)


FACETS: tuple[Facet, ...] = (
    _named("status", _scalar(Prototype.status), choices=STATUSES),
    _named("topic", _topic()),
    _named("edition", _edition()),
    _named("site", _scalar(Prototype.site_id), numeric=True),
    _named("institution", _scalar(Prototype.institution_id), numeric=True),
    _named("technology", _technology()),
    _named("licence", _licence()),
    _named("language", _language()),
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


def _card(row: Any) -> Out:
    card: Out = {column.key: value for column, value in zip(CARD_COLUMNS, row, strict=True)}
    card["summary"] = (card["summary"] or "")[:CARD_SUMMARY]
    return card


def find_prototypes(
    session: Session, actor: Actor, selection: Selection, language: str = "en"
) -> FinderView:
    """One page of the prototypes matching the selection, newest first, and every facet's counts."""
    dialect = session.get_bind().dialect.name
    where = _conditions(selection, actor, dialect)
    total = session.scalar(select(func.count()).select_from(Prototype).where(*where)) or 0
    rows = session.execute(
        select(*CARD_COLUMNS)
        .where(*where)
        .order_by(Prototype.id.desc())
        .offset((selection.page - 1) * selection.page_size)
        .limit(selection.page_size)
    )
    items = [_card(row) for row in rows]
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
    where = _conditions(selection, actor, dialect, facet.name)
    counts: dict[str, int] = {}
    for query, sign in facet.counters(dialect):
        for value, number in session.execute(query.where(*where)):
            counts[str(value)] = counts.get(str(value), 0) + sign * number
    counts = {value: number for value, number in counts.items() if number > 0}
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
