from __future__ import annotations

from datetime import date

from pydantic import Field, model_validator

from mixroom.schemas.base import InModel, LongText, Name, OutModel, Slug, Url


class EditionCreate(InModel):
    network_id: int
    name: Name
    slug: Slug | None = None
    year: int | None = Field(default=None, ge=1900, le=2200)
    starts_on: date | None = None
    ends_on: date | None = None
    description: LongText = ""
    website: Url | None = None
    hashtags: list[str] = []

    @model_validator(mode="after")
    def _dates_in_order(self) -> EditionCreate:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValueError("ends_on is before starts_on")
        return self


class EditionUpdate(InModel):
    name: Name | None = None
    slug: Slug | None = None
    year: int | None = Field(default=None, ge=1900, le=2200)
    starts_on: date | None = None
    ends_on: date | None = None
    description: LongText | None = None
    website: Url | None = None
    hashtags: list[str] | None = None


class EditionOut(OutModel):
    network_id: int
    slug: str
    name: str
    year: int | None
    starts_on: date | None
    ends_on: date | None
    description: str
    website: str | None
    hashtags: list[str]
