"""Prototype: what a team made, with every section of the Museomix template.

Translations are per field (``PrototypeTranslation``); the original language is ``language``.
Collection objects the prototype uses are ``CollectionObjectRef`` rows.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean, Column, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mixroom.models.base import Base, Record, Sourced
from mixroom.models.topics import Topic

STATUSES = ("idea", "prototyping", "tested", "presented", "adopted", "retired")
VISIBILITIES = ("public", "draft")
#: the template's long-text sections, in the order a page shows them
SECTIONS = (
    "summary",
    "user_story",
    "intentions_process",
    "material",
    "looking_back",
    "faq",
)
TRANSLATABLE_FIELDS = ("title", "subtitle", *SECTIONS)

prototype_topics = Table(
    "prototype_topics",
    Base.metadata,
    Column("prototype_id", ForeignKey("prototypes.id", ondelete="CASCADE"), primary_key=True),
    Column("topic_id", ForeignKey("topics.id", ondelete="CASCADE"), primary_key=True),
)


class Prototype(Sourced, Record):
    __tablename__ = "prototypes"
    noun = "prototypes"

    site_id: Mapped[int | None] = mapped_column(
        ForeignKey("sites.id", ondelete="SET NULL"), default=None, index=True
    )
    team_id: Mapped[int | None] = mapped_column(
        ForeignKey("teams.id", ondelete="SET NULL"), default=None, index=True
    )
    institution_id: Mapped[int | None] = mapped_column(
        ForeignKey("institutions.id", ondelete="SET NULL"), default=None, index=True
    )
    playground_id: Mapped[int | None] = mapped_column(
        ForeignKey("playgrounds.id", ondelete="SET NULL"), default=None
    )
    title: Mapped[str] = mapped_column(String(300))
    subtitle: Mapped[str] = mapped_column(String(500), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    user_story: Mapped[str] = mapped_column(Text, default="")
    intentions_process: Mapped[str] = mapped_column(Text, default="")
    material: Mapped[str] = mapped_column(Text, default="")
    looking_back: Mapped[str] = mapped_column(Text, default="")
    faq: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(12), default="en")
    status: Mapped[str] = mapped_column(String(20), default="prototyping", index=True)
    visibility: Mapped[str] = mapped_column(String(10), default="public", index=True)
    still_used_by_museum: Mapped[bool | None] = mapped_column(Boolean, default=None)
    content_licence: Mapped[str | None] = mapped_column(String(64), default=None)
    code_licence: Mapped[str | None] = mapped_column(String(64), default=None)
    themes: Mapped[list[str]] = mapped_column(default=list)
    technologies: Mapped[list[str]] = mapped_column(default=list)
    links: Mapped[list[dict[str, Any]]] = mapped_column(default=list)

    topics: Mapped[list[Topic]] = relationship(
        secondary=prototype_topics, lazy="selectin", order_by=Topic.id
    )
    translations: Mapped[list[PrototypeTranslation]] = relationship(
        lazy="selectin",
        cascade="all, delete-orphan",
        order_by="(PrototypeTranslation.language, PrototypeTranslation.field)",
    )
    collection_objects: Mapped[list[CollectionObjectRef]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by="CollectionObjectRef.id"
    )


class PrototypeTranslation(Base):
    """One field of a prototype in another language than the original."""

    __tablename__ = "prototype_translations"
    __table_args__ = (UniqueConstraint("prototype_id", "language", "field"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    prototype_id: Mapped[int] = mapped_column(
        ForeignKey("prototypes.id", ondelete="CASCADE"), index=True
    )
    language: Mapped[str] = mapped_column(String(12))
    field: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text)
    machine: Mapped[bool] = mapped_column(Boolean, default=False)


class CollectionObjectRef(Base):
    """A museum object a prototype uses: a Wikidata QID or an inventory number."""

    __tablename__ = "collection_objects"

    id: Mapped[int] = mapped_column(primary_key=True)
    prototype_id: Mapped[int] = mapped_column(
        ForeignKey("prototypes.id", ondelete="CASCADE"), index=True
    )
    label: Mapped[str] = mapped_column(String(400), default="")
    wikidata_qid: Mapped[str | None] = mapped_column(String(20), default=None)
    inventory_number: Mapped[str | None] = mapped_column(String(120), default=None)
    institution_id: Mapped[int | None] = mapped_column(
        ForeignKey("institutions.id", ondelete="SET NULL"), default=None
    )
    url: Mapped[str | None] = mapped_column(String(500), default=None)
