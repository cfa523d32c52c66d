"""Shapes of listening: sources, collection runs and gaps, posts and the conversation summary."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from mixroom.schemas.base import InModel

SourceName = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_.:-]{0,119}$")]
NETWORK_KINDS: dict[str, tuple[str, ...]] = {
    "mastodon": ("hashtag", "account", "search"),
    "bluesky": ("search", "author"),
    "rss": ("feed",),
}


class SourceCreate(InModel):
    """A feed or query to collect from (``mixroom listen add``)."""

    name: SourceName
    platform: Literal["mastodon", "bluesky", "rss"]
    kind: Literal["hashtag", "account", "search", "author", "feed"]
    query: Annotated[str, StringConstraints(min_length=1, max_length=1000)]
    instances: list[Annotated[str, StringConstraints(pattern=r"^https?://[^\s/]+/?$")]] = []
    options: dict[str, Any] = {}

    @model_validator(mode="after")
    def _kind_fits_platform(self) -> SourceCreate:
        if self.kind not in NETWORK_KINDS[self.platform]:
            kinds = ", ".join(NETWORK_KINDS[self.platform])
            raise ValueError(f"a {self.platform} source is one of: {kinds}")
        if self.platform == "mastodon" and not self.instances:
            raise ValueError("a mastodon source needs at least one instance")
        return self


class _Read(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class SourceOut(_Read):
    id: int
    name: str
    platform: str
    kind: str
    query: str
    instances: list[str]
    active: bool
    created_at: datetime


class GapOut(_Read):
    start: datetime | None
    end: datetime | None
    reason: str


class RunOut(_Read):
    id: int
    source_id: int
    label: str
    status: str
    started_at: datetime
    finished_at: datetime | None
    items_read: int
    added: int
    updated: int
    unchanged: int
    duplicates: int
    error_count: int
    errors: list[dict[str, Any]]
    gaps: list[GapOut] = []


class EntityLink(BaseModel):
    kind: str
    id: int
    text: str
    how: str


class PostOut(_Read):
    """A post as the API shows it (schema version 1, see docs/posts.md)."""

    id: int
    schema_version: int
    platform: str
    external_id: str
    url: str | None
    author: str = Field(description="A keyed hash, or an institution's handle in clear.")
    author_institution_id: int | None
    text: str
    created_at: datetime | None
    reply_to: str | None
    thread_id: str | None
    mentions: list[str]
    hashtags: list[str]
    links: list[str]
    metrics: dict[str, int]
    language: str | None
    language_score: float | None
    sentiment: str | None
    sentiment_score: float | None
    topics: dict[str, float]
    entities: list[dict[str, Any]]
    duplicate_of_id: int | None
    source_id: int


class PostFilters(BaseModel):
    """What a list of posts can be narrowed to; every filter is optional."""

    model_config = ConfigDict(extra="forbid")

    q: str | None = None
    platform: str | None = None
    source: str | None = None
    language: str | None = None
    sentiment: Literal["positive", "neutral", "negative"] | None = None
    topic: str | None = None
    institution: int | None = None
    site: int | None = None
    edition: int | None = None
    since: date | None = None
    until: date | None = None
    hashtag: str | None = None
    include_copies: bool = False


class PostQuery(PostFilters):
    """The filters of a list of posts and the page asked for."""

    limit: int = Field(default=50, ge=1, le=200)
    offset: int = Field(default=0, ge=0)

    def filters(self) -> PostFilters:
        return PostFilters.model_validate(self.model_dump(exclude={"limit", "offset"}))


class PostList(BaseModel):
    items: list[PostOut]
    total: int
    limit: int
    offset: int


class DayCount(BaseModel):
    day: date
    posts: int


class Ranked(BaseModel):
    value: str
    count: int


class Conversation(BaseModel):
    """The explorer's summary: daily volume, top hashtags, mentions and links, and the gaps."""

    total: int
    days: list[DayCount]
    hashtags: list[Ranked]
    mentions: list[Ranked]
    links: list[Ranked]
    gaps: list[GapOut]
