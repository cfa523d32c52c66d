"""Prototypes: what teams made, with topics, translations and collection objects."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mixroom.errors import InvalidInput
from mixroom.models import CollectionObjectRef, Prototype, PrototypeTranslation, Topic
from mixroom.models.prototypes import STATUSES, VISIBILITIES
from mixroom.schemas.prototypes import PrototypeCreate, PrototypeOut, PrototypeUpdate
from mixroom.services.actors import Actor, Scope, may_edit
from mixroom.services.chains import chain_of_prototype
from mixroom.services.filters import contains, equals_bool, equals_int, equals_text
from mixroom.services.records import Resource
from mixroom.services.visibility import visible_prototypes


def _is_visible(session: Session, actor: Actor, prototype: Prototype) -> bool:
    if prototype.visibility == "public":
        return True
    return may_edit(actor, chain_of_prototype(session, prototype))


def _chain(session: Session, prototype: Prototype) -> list[Scope]:
    return chain_of_prototype(session, prototype)


def _assign(session: Session, prototype: Prototype, extra: dict[str, Any]) -> None:
    if extra.get("topics") is not None:
        prototype.topics = _topics_by_code(session, extra["topics"])
    if extra.get("translations") is not None:
        prototype.translations = [
            PrototypeTranslation(language=language, field=field, text=text)
            for language, fields in sorted(extra["translations"].items())
            for field, text in sorted(fields.items())
            if language != prototype.language
        ]
    if extra.get("collection_objects") is not None:
        prototype.collection_objects = [
            CollectionObjectRef(**item) for item in extra["collection_objects"]
        ]


def _topics_by_code(session: Session, codes: list[str]) -> list[Topic]:
    found = {
        topic.code: topic for topic in session.scalars(select(Topic).where(Topic.code.in_(codes)))
    }
    unknown = [code for code in codes if code not in found]
    if unknown:
        raise InvalidInput(f"unknown topic {unknown[0]!r}", errors=[{"field": "topics"}])
    return sorted({found[code] for code in codes}, key=lambda topic: topic.id)


def render_prototype(prototype: Prototype) -> dict[str, Any]:
    translations: dict[str, dict[str, str]] = {}
    for translation in prototype.translations:
        translations.setdefault(translation.language, {})[translation.field] = translation.text
    data = PrototypeOut.model_validate(
        {
            **{
                key: getattr(prototype, key)
                for key in PrototypeOut.model_fields
                if key not in {"topics", "translations"}
            },
            "topics": [topic.code for topic in prototype.topics],
            "translations": translations,
        }
    )
    return data.model_dump(mode="json")


def _has_topic(code: str) -> Any:
    return Prototype.topics.any(Topic.code == code)


PROTOTYPES = Resource(
    noun="prototypes",
    title="prototype",
    model=Prototype,
    out=PrototypeOut,
    create=PrototypeCreate,
    update=PrototypeUpdate,
    chain=_chain,
    filters={
        "site_id": equals_int(Prototype.site_id),
        "team_id": equals_int(Prototype.team_id),
        "institution_id": equals_int(Prototype.institution_id),
        "status": equals_text(Prototype.status, STATUSES),
        "visibility": equals_text(Prototype.visibility, VISIBILITIES),
        "language": equals_text(Prototype.language),
        "still_used_by_museum": equals_bool(Prototype.still_used_by_museum),
        "topic": _has_topic,
        "q": contains(Prototype.title, Prototype.subtitle, Prototype.summary),
    },
    visible_to=visible_prototypes,
    is_visible=_is_visible,
    special=frozenset({"topics", "translations", "collection_objects"}),
    assign=_assign,
    render=render_prototype,
)
