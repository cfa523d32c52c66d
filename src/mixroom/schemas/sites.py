from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict

from mixroom.schemas.base import (
    CountryCode,
    InModel,
    Latitude,
    Longitude,
    LongText,
    Name,
    OutModel,
    Slug,
    Url,
)


class SiteCreate(InModel):
    edition_id: int
    community_id: int | None = None
    name: Name
    slug: Slug | None = None
    city: Name | None = None
    country: CountryCode | None = None
    latitude: Latitude | None = None
    longitude: Longitude | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    website: Url | None = None
    description: LongText = ""
    institution_ids: list[int] = []


class SiteUpdate(InModel):
    community_id: int | None = None
    name: Name | None = None
    slug: Slug | None = None
    city: Name | None = None
    country: CountryCode | None = None
    latitude: Latitude | None = None
    longitude: Longitude | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    website: Url | None = None
    description: LongText | None = None
    institution_ids: list[int] | None = None


class InstitutionRef(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str


class SiteOut(OutModel):
    edition_id: int
    community_id: int | None
    slug: str
    name: str
    city: str | None
    country: str | None
    latitude: float | None
    longitude: float | None
    starts_on: date | None
    ends_on: date | None
    website: str | None
    description: str
    institutions: list[InstitutionRef]


class PlaygroundCreate(InModel):
    site_id: int
    title: Name
    description: LongText = ""
    problems: list[LongText] = []


class PlaygroundUpdate(InModel):
    title: Name | None = None
    description: LongText | None = None
    problems: list[LongText] | None = None


class PlaygroundOut(OutModel):
    site_id: int
    title: str
    description: str
    problems: list[str]
