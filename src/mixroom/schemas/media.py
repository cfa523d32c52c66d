from __future__ import annotations

from typing import Annotated, Literal

from pydantic import StringConstraints

from mixroom.models.media import MEDIA_KINDS
from mixroom.schemas.base import InModel, LanguageCode, Name, OutModel, ShortText, Url
from mixroom.schemas.licences import SpdxId

Kind = Literal[MEDIA_KINDS]  # type: ignore[valid-type]
Vtt = Annotated[str, StringConstraints(max_length=200_000)]


class MediaCreate(InModel):
    prototype_id: int | None = None
    site_id: int | None = None
    kind: Kind = "photo"
    url: Url | None = None
    title: Name | None = None
    alt_text: ShortText = ""
    credits: ShortText = ""
    licence: SpdxId | None = None
    captions_vtt: Vtt = ""
    language: LanguageCode | None = None
    shows_people: bool = False
    consent_given: bool = False


class MediaUpdate(InModel):
    url: Url | None = None
    title: Name | None = None
    alt_text: ShortText | None = None
    credits: ShortText | None = None
    licence: SpdxId | None = None
    captions_vtt: Vtt | None = None
    language: LanguageCode | None = None
    shows_people: bool | None = None
    consent_given: bool | None = None


class MediaOut(OutModel):
    """Public shape: the consent flag is private and left out."""

    prototype_id: int | None
    site_id: int | None
    kind: str
    url: str | None
    mime_type: str | None
    width: int | None
    height: int | None
    title: str
    alt_text: str
    credits: str
    licence: str | None
    captions_vtt: str
    language: str | None
    shows_people: bool
