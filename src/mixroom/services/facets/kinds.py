"""The finder's facets: how each one counts its values and narrows the prototypes.

A facet's ``counters`` are (value, count) queries over prototypes whose counts add up, each
with a sign, so that a prototype is counted once per value; the finder adds its conditions
(visibility, text, the other facets' selections) to each of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import ColumnElement, Select, distinct, func, or_, select, true

from mixroom.models import Prototype, PrototypeTranslation, Site, Topic
from mixroom.models.prototypes import STATUSES, prototype_topics

#: a query of (value, count) rows over prototypes, to which the conditions are added
Counter = Select[*tuple[Any, ...]]


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
    """How one facet counts its values and narrows the prototypes to the ticked ones."""

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
