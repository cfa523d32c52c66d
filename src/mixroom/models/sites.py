"""Site: a local event of an edition, held at institutions, with its playgrounds."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Column, Date, Float, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mixroom.models.base import Base, Record, Sourced
from mixroom.models.institutions import Institution

site_institutions = Table(
    "site_institutions",
    Base.metadata,
    Column("site_id", ForeignKey("sites.id", ondelete="CASCADE"), primary_key=True),
    Column("institution_id", ForeignKey("institutions.id", ondelete="CASCADE"), primary_key=True),
)


class Site(Sourced, Record):
    __tablename__ = "sites"
    noun = "sites"

    edition_id: Mapped[int] = mapped_column(
        ForeignKey("editions.id", ondelete="CASCADE"), index=True
    )
    community_id: Mapped[int | None] = mapped_column(
        ForeignKey("communities.id", ondelete="SET NULL"), default=None, index=True
    )
    slug: Mapped[str] = mapped_column(String(120))
    name: Mapped[str] = mapped_column(String(300))
    city: Mapped[str | None] = mapped_column(String(200), default=None)
    country: Mapped[str | None] = mapped_column(String(2), default=None)
    latitude: Mapped[float | None] = mapped_column(Float, default=None)
    longitude: Mapped[float | None] = mapped_column(Float, default=None)
    starts_on: Mapped[date | None] = mapped_column(Date, default=None)
    ends_on: Mapped[date | None] = mapped_column(Date, default=None)
    website: Mapped[str | None] = mapped_column(String(500), default=None)
    description: Mapped[str] = mapped_column(Text, default="")

    institutions: Mapped[list[Institution]] = relationship(
        secondary=site_institutions, lazy="selectin", order_by=Institution.id
    )

    __table_args__ = (
        UniqueConstraint("edition_id", "slug"),
        UniqueConstraint("source", "source_id"),
    )


class Playground(Sourced, Record):
    """A museum's challenge at a site: a title, a description and the problems it poses."""

    __tablename__ = "playgrounds"
    noun = "playgrounds"

    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    problems: Mapped[list[str]] = mapped_column(default=list)
