"""Edition: one occurrence of a network's event, with dates."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from mixroom.models.base import Record, Sourced


class Edition(Sourced, Record):
    __tablename__ = "editions"
    noun = "editions"

    network_id: Mapped[int] = mapped_column(
        ForeignKey("networks.id", ondelete="CASCADE"), index=True
    )
    slug: Mapped[str] = mapped_column(String(120))
    name: Mapped[str] = mapped_column(String(300))
    year: Mapped[int | None] = mapped_column(Integer, default=None, index=True)
    starts_on: Mapped[date | None] = mapped_column(Date, default=None)
    ends_on: Mapped[date | None] = mapped_column(Date, default=None)
    description: Mapped[str] = mapped_column(Text, default="")
    website: Mapped[str | None] = mapped_column(String(500), default=None)
    hashtags: Mapped[list[str]] = mapped_column(default=list)

    __table_args__ = (
        UniqueConstraint("network_id", "slug"),
        UniqueConstraint("source", "source_id"),
    )
