"""Network: a programme of events (Museomix, GLAMhack) with its topic framework."""

from __future__ import annotations

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from mixroom.models.base import Record, Sourced


class Network(Sourced, Record):
    __tablename__ = "networks"
    noun = "networks"

    slug: Mapped[str] = mapped_column(String(120), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    website: Mapped[str | None] = mapped_column(String(500), default=None)
    languages: Mapped[list[str]] = mapped_column(default=list)
