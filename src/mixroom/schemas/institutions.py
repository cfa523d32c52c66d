from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import StringConstraints

from mixroom.models.institutions import INSTITUTION_KINDS
from mixroom.schemas.base import (
    CountryCode,
    InModel,
    Latitude,
    Longitude,
    LongText,
    Name,
    OutModel,
    ShortText,
    Url,
    WikidataQid,
)

Kind = Literal[INSTITUTION_KINDS]  # type: ignore[valid-type]
Identifier = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,20}$")]


class SocialAccount(InModel):
    platform: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9.-]{0,39}$")]
    handle: ShortText
    url: Url | None = None


class InstitutionCreate(InModel):
    name: Name
    alt_name: Name | None = None
    kind: Kind = "museum"
    category: Name | None = None
    address: ShortText | None = None
    postcode: Annotated[str, StringConstraints(max_length=20)] | None = None
    city: Name | None = None
    region: Name | None = None
    country: CountryCode | None = None
    latitude: Latitude | None = None
    longitude: Longitude | None = None
    website: Url | None = None
    phone: Annotated[str, StringConstraints(max_length=60)] | None = None
    description: LongText = ""
    wikidata_qid: WikidataQid | None = None
    museofile_ref: Identifier | None = None
    imls_mid: Identifier | None = None
    social_accounts: list[SocialAccount] = []


class InstitutionUpdate(InModel):
    name: Name | None = None
    alt_name: Name | None = None
    kind: Kind | None = None
    category: Name | None = None
    address: ShortText | None = None
    postcode: Annotated[str, StringConstraints(max_length=20)] | None = None
    city: Name | None = None
    region: Name | None = None
    country: CountryCode | None = None
    latitude: Latitude | None = None
    longitude: Longitude | None = None
    website: Url | None = None
    phone: Annotated[str, StringConstraints(max_length=60)] | None = None
    description: LongText | None = None
    wikidata_qid: WikidataQid | None = None
    museofile_ref: Identifier | None = None
    imls_mid: Identifier | None = None
    social_accounts: list[SocialAccount] | None = None


class InstitutionOut(OutModel):
    name: str
    alt_name: str | None
    kind: str
    category: str | None
    address: str | None
    postcode: str | None
    city: str | None
    region: str | None
    country: str | None
    latitude: float | None
    longitude: float | None
    website: str | None
    phone: str | None
    description: str
    wikidata_qid: str | None
    museofile_ref: str | None
    imls_mid: str | None
    social_accounts: list[dict[str, Any]]
