from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator, EmailStr, StringConstraints

from mixroom.schemas.base import InModel, Link, LongText, Name, OutModel, no_email

Handle = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.-]{1,120}$")]
PublicText = Annotated[LongText, AfterValidator(no_email)]


class PersonCreate(InModel):
    handle: Handle
    display_name: Annotated[Name, AfterValidator(no_email)]
    bio: PublicText = ""
    links: list[Link] = []
    email: EmailStr | None = None
    consents: dict[str, bool] = {}


class PersonUpdate(InModel):
    handle: Handle | None = None
    display_name: Annotated[Name, AfterValidator(no_email)] | None = None
    bio: PublicText | None = None
    links: list[Link] | None = None
    email: EmailStr | None = None
    consents: dict[str, bool] | None = None


class PersonOut(OutModel):
    """The public profile. E-mail and consents are not part of it, on purpose."""

    handle: str
    display_name: str
    bio: str
    links: list[dict[str, Any]]


class PersonPrivateOut(InModel):
    """What a person (or an admin) sees of their own private data."""

    email: str | None
    consents: dict[str, Any]
