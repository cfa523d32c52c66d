"""Media: a photo, video or sound with credits, licence, captions and consent."""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from mixroom.models.base import Record

MEDIA_KINDS = ("photo", "video", "audio", "document")


class Media(Record):
    __tablename__ = "media"
    noun = "media"

    prototype_id: Mapped[int | None] = mapped_column(
        ForeignKey("prototypes.id", ondelete="CASCADE"), default=None, index=True
    )
    site_id: Mapped[int | None] = mapped_column(
        ForeignKey("sites.id", ondelete="CASCADE"), default=None, index=True
    )
    kind: Mapped[str] = mapped_column(String(20), default="photo")
    url: Mapped[str | None] = mapped_column(String(1000), default=None)
    file_path: Mapped[str | None] = mapped_column(String(500), default=None)
    mime_type: Mapped[str | None] = mapped_column(String(100), default=None)
    width: Mapped[int | None] = mapped_column(Integer, default=None)
    height: Mapped[int | None] = mapped_column(Integer, default=None)
    title: Mapped[str] = mapped_column(String(300), default="")
    alt_text: Mapped[str] = mapped_column(String(500), default="")
    credits: Mapped[str] = mapped_column(String(500), default="")
    licence: Mapped[str | None] = mapped_column(String(64), default=None)
    captions_vtt: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str | None] = mapped_column(String(12), default=None)
    shows_people: Mapped[bool] = mapped_column(Boolean, default=False)
    #: private: whether the people shown agreed; never serialised for the public
    consent_given: Mapped[bool] = mapped_column(Boolean, default=False)
