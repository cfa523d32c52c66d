from __future__ import annotations

from mixroom.schemas.base import InModel, LanguageCode, LongText, Name, OutModel, Slug, Url


class NetworkCreate(InModel):
    name: Name
    slug: Slug | None = None
    description: LongText = ""
    website: Url | None = None
    languages: list[LanguageCode] = []


class NetworkUpdate(InModel):
    name: Name | None = None
    slug: Slug | None = None
    description: LongText | None = None
    website: Url | None = None
    languages: list[LanguageCode] | None = None


class NetworkOut(OutModel):
    slug: str
    name: str
    description: str
    website: str | None
    languages: list[str]
