"""Shared pieces of the input and output shapes."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    HttpUrl,
    StringConstraints,
    TypeAdapter,
)


class InModel(BaseModel):
    """An input shape: unknown fields are an error, not silently dropped."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class OutModel(BaseModel):
    """An output shape, read from a record's attributes."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    version: int
    created_at: datetime
    updated_at: datetime


class Page(BaseModel):
    """One page of a list: the items, the total count of matches and the way on."""

    items: list[Any]
    total: int = Field(description="Number of records matching the filters, over all pages.")
    limit: int
    next_cursor: str | None = Field(description="Opaque cursor of the next page, if any.")
    next: str | None = Field(default=None, description="Link to the next page, if any.")


Name = Annotated[str, StringConstraints(min_length=1, max_length=300)]
ShortText = Annotated[str, StringConstraints(max_length=500)]
LongText = Annotated[str, StringConstraints(max_length=100_000)]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=120)]
CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
LanguageCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")]
Latitude = Annotated[float, Field(ge=-90, le=90)]
Longitude = Annotated[float, Field(ge=-180, le=180)]
WikidataQid = Annotated[str, StringConstraints(pattern=r"^Q[1-9][0-9]*$")]


_HTTP_URL = TypeAdapter(HttpUrl)


def _check_url(value: str) -> str:
    """An absolute http(s) URL, kept as the text given (normalised by the URL parser)."""
    return str(_HTTP_URL.validate_python(value))


Url = Annotated[str, StringConstraints(max_length=1000), AfterValidator(_check_url)]


class Link(InModel):
    """A link of a record: its kind (repository, website, video, documentation...) and URL."""

    kind: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]{0,29}$")] = "website"
    url: Url
    title: ShortText = ""


class LinkOut(BaseModel):
    kind: str
    url: str
    title: str = ""


_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def no_email(value: str) -> str:
    """Public text fields must not carry e-mail addresses; they belong to private data."""
    if _EMAIL.search(value):
        raise ValueError("public fields may not contain e-mail addresses")
    return value
