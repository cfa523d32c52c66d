"""Participation: a person's role at a site."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from mixroom.models.base import Record

ROLES = (
    "participant",
    "maker",
    "coder",
    "designer",
    "content",
    "communication",
    "mediation",
    "facilitator",
    "coordinator",
    "museum-staff",
    "expert",
    "organiser",
)


class Participation(Record):
    __tablename__ = "participations"
    __table_args__ = (UniqueConstraint("person_id", "site_id", "role"),)
    noun = "participations"

    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(40), default="participant")
