"""FollowUp: a dated check-in on a prototype or a site (+3, +6, +12 months)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from mixroom.models.base import Record

FOLLOWUP_STATES = ("scheduled", "answered", "skipped")
RESPONDENTS = ("team", "museum", "organiser")
OUTCOMES = ("new-project", "hire", "partnership", "funding", "publication", "exhibition", "other")


class FollowUp(Record):
    __tablename__ = "followups"
    noun = "followups"

    prototype_id: Mapped[int | None] = mapped_column(
        ForeignKey("prototypes.id", ondelete="CASCADE"), default=None, index=True
    )
    site_id: Mapped[int | None] = mapped_column(
        ForeignKey("sites.id", ondelete="CASCADE"), default=None, index=True
    )
    months_after: Mapped[int | None] = mapped_column(Integer, default=None)
    due_on: Mapped[date | None] = mapped_column(Date, default=None)
    answered_on: Mapped[date | None] = mapped_column(Date, default=None)
    state: Mapped[str] = mapped_column(String(20), default="scheduled")
    respondent: Mapped[str] = mapped_column(String(20), default="team")
    prototype_status: Mapped[str | None] = mapped_column(String(20), default=None)
    still_used_by_museum: Mapped[bool | None] = mapped_column(Boolean, default=None)
    progress: Mapped[int | None] = mapped_column(Integer, default=None)
    outcomes: Mapped[list[str]] = mapped_column(default=list)
    evidence: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
