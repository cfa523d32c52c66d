from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from mixroom.models.prototypes import STATUSES, TRANSLATABLE_FIELDS, VISIBILITIES
from mixroom.schemas.base import (
    InModel,
    LanguageCode,
    Link,
    LongText,
    Name,
    OutModel,
    ShortText,
    Url,
    WikidataQid,
    no_email,
)
from mixroom.schemas.licences import SpdxId

Status = Literal[STATUSES]  # type: ignore[valid-type]
Visibility = Literal[VISIBILITIES]  # type: ignore[valid-type]
Field_ = Literal[TRANSLATABLE_FIELDS]  # type: ignore[valid-type]
Tag = Annotated[str, StringConstraints(min_length=1, max_length=80)]
Section = Annotated[LongText, AfterValidator(no_email)]
TopicCode = Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z0-9-]{0,19}$")]
#: {"fr": {"title": "...", "summary": "..."}}
Translations = dict[LanguageCode, dict[Field_, LongText]]


class CollectionObjectIn(InModel):
    label: ShortText = ""
    wikidata_qid: WikidataQid | None = None
    inventory_number: Annotated[str, StringConstraints(max_length=120)] | None = None
    institution_id: int | None = None
    url: Url | None = None


class PrototypeFields(InModel):
    """Fields shared by create and update; all optional here."""

    site_id: int | None = None
    team_id: int | None = None
    institution_id: int | None = None
    playground_id: int | None = None
    subtitle: Annotated[ShortText, AfterValidator(no_email)] | None = None
    summary: Section | None = None
    user_story: Section | None = None
    intentions_process: Section | None = None
    material: Section | None = None
    looking_back: Section | None = None
    faq: Section | None = None
    language: LanguageCode | None = None
    status: Status | None = None
    visibility: Visibility | None = None
    still_used_by_museum: bool | None = None
    content_licence: SpdxId | None = None
    code_licence: SpdxId | None = None
    themes: list[Tag] | None = None
    technologies: list[Tag] | None = None
    links: list[Link] | None = None
    topics: list[TopicCode] | None = Field(default=None, description="Topic codes, e.g. OM, ER.")
    translations: Translations | None = None
    collection_objects: list[CollectionObjectIn] | None = None


class PrototypeCreate(PrototypeFields):
    title: Annotated[Name, AfterValidator(no_email)]


class PrototypeUpdate(PrototypeFields):
    title: Annotated[Name, AfterValidator(no_email)] | None = None


class CollectionObjectOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    label: str
    wikidata_qid: str | None
    inventory_number: str | None
    institution_id: int | None
    url: str | None


class PrototypeOut(OutModel):
    site_id: int | None
    team_id: int | None
    institution_id: int | None
    playground_id: int | None
    title: str
    subtitle: str
    summary: str
    user_story: str
    intentions_process: str
    material: str
    looking_back: str
    faq: str
    language: str
    status: str
    visibility: str
    still_used_by_museum: bool | None
    content_licence: str | None
    code_licence: str | None
    themes: list[str]
    technologies: list[str]
    links: list[dict[str, Any]]
    topics: list[str]
    translations: dict[str, dict[str, str]]
    collection_objects: list[CollectionObjectOut]
