from __future__ import annotations

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


class CommunityCreate(InModel):
    network_id: int
    name: Name
    slug: Slug | None = None
    description: LongText = ""
    city: Name | None = None
    country: CountryCode | None = None
    latitude: Latitude | None = None
    longitude: Longitude | None = None
    website: Url | None = None


class CommunityUpdate(InModel):
    name: Name | None = None
    slug: Slug | None = None
    description: LongText | None = None
    city: Name | None = None
    country: CountryCode | None = None
    latitude: Latitude | None = None
    longitude: Longitude | None = None
    website: Url | None = None


class CommunityOut(OutModel):
    network_id: int
    slug: str
    name: str
    description: str
    city: str | None
    country: str | None
    latitude: float | None
    longitude: float | None
    website: str | None
