"""Topic: an entry of a network's framework, described in several languages."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from mixroom.models.base import Record


class Topic(Record):
    __tablename__ = "topics"
    __table_args__ = (UniqueConstraint("framework", "code"),)
    noun = "topics"

    network_id: Mapped[int | None] = mapped_column(
        ForeignKey("networks.id", ondelete="CASCADE"), default=None, index=True
    )
    framework: Mapped[str] = mapped_column(String(80), default="we-are-museums")
    kind: Mapped[str] = mapped_column(String(20), default="topic")
    code: Mapped[str] = mapped_column(String(20))
    names: Mapped[dict[str, Any]] = mapped_column(default=dict)
    descriptions: Mapped[dict[str, Any]] = mapped_column(default=dict)
    keywords: Mapped[dict[str, Any]] = mapped_column(default=dict)
