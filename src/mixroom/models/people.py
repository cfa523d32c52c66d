"""Person: a public profile, with private data kept in a table of its own.

The split is the privacy rule made structural: nothing that serialises a ``Person`` can reach
``PersonPrivate`` by accident.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from mixroom.models.base import Base, Record, Sourced


class Person(Sourced, Record):
    __tablename__ = "people"
    noun = "people"

    handle: Mapped[str] = mapped_column(String(120), unique=True)
    display_name: Mapped[str] = mapped_column(String(300))
    bio: Mapped[str] = mapped_column(Text, default="")
    links: Mapped[list[dict[str, Any]]] = mapped_column(default=list)


class PersonPrivate(Base):
    """What never leaves the instance except to the person: e-mail and consents."""

    __tablename__ = "people_private"

    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    email: Mapped[str | None] = mapped_column(String(320), default=None)
    consents: Mapped[dict[str, Any]] = mapped_column(default=dict)
