"""Institution: a museum or a partner, with its identifiers in the registries."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Float, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from mixroom.models.base import Record, Sourced

INSTITUTION_KINDS = (
    "museum",
    "library",
    "archive",
    "school",
    "university",
    "startup",
    "company",
    "association",
    "public-body",
    "other",
)


class Institution(Sourced, Record):
    __tablename__ = "institutions"
    noun = "institutions"

    name: Mapped[str] = mapped_column(String(400), index=True)
    alt_name: Mapped[str | None] = mapped_column(String(400), default=None)
    kind: Mapped[str] = mapped_column(String(40), default="museum")
    category: Mapped[str | None] = mapped_column(String(200), default=None)
    address: Mapped[str | None] = mapped_column(String(400), default=None)
    postcode: Mapped[str | None] = mapped_column(String(20), default=None)
    city: Mapped[str | None] = mapped_column(String(200), default=None, index=True)
    region: Mapped[str | None] = mapped_column(String(200), default=None)
    country: Mapped[str | None] = mapped_column(String(2), default=None, index=True)
    latitude: Mapped[float | None] = mapped_column(Float, default=None)
    longitude: Mapped[float | None] = mapped_column(Float, default=None)
    website: Mapped[str | None] = mapped_column(String(500), default=None)
    phone: Mapped[str | None] = mapped_column(String(60), default=None)
    description: Mapped[str] = mapped_column(Text, default="")
    wikidata_qid: Mapped[str | None] = mapped_column(String(20), unique=True, default=None)
    museofile_ref: Mapped[str | None] = mapped_column(String(20), unique=True, default=None)
    imls_mid: Mapped[str | None] = mapped_column(String(20), unique=True, default=None)
    social_accounts: Mapped[list[dict[str, Any]]] = mapped_column(default=list)
