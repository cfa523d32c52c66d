"""Listening: a Source (a feed, a query or a file format), its CollectionRuns, the time windows
a run could not cover (CollectionGap), and the public Posts it brought in.

A Post is stored once per (platform, external id); its author is a keyed hash unless the
account belongs to an institution of the registry. The enrichment columns (language,
sentiment, topics, entities, enriched_with) are filled by ``mixroom enrich``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy import text as sql
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mixroom.models.base import Base, utcnow

#: the version of the normalised Post shape (docs/posts.md); raised when a field changes meaning
POST_SCHEMA_VERSION = 1

PLATFORMS = (
    "mastodon",
    "bluesky",
    "rss",
    "instagram",
    "tiktok",
    "x",
    "threads",
    "csv",
)
SOURCE_KINDS = ("hashtag", "account", "search", "feed", "author", "file")
RUN_STATUSES = ("running", "ok", "partial", "failed")


class Source(Base):
    """A configured feed or query (``mixroom listen add``), or the file format of imports."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    #: mastodon, bluesky, rss, or the file formats: zeeschuimer, csv
    platform: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(20))
    #: the hashtag, account, search terms, feed URL or file format, as the user gave it
    query: Mapped[str] = mapped_column(String(1000), default="")
    #: base URLs of the Mastodon instances (or the Bluesky AppView) asked
    instances: Mapped[list[str]] = mapped_column(JSON, default=list)
    options: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: where the next run starts (newest id seen per instance, a cursor ...)
    state: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    runs: Mapped[list[CollectionRun]] = relationship(
        back_populates="source", cascade="all, delete-orphan", passive_deletes=True
    )


class CollectionRun(Base):
    """One run of a source: what it read, added and skipped, its errors and its gaps."""

    __tablename__ = "collection_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"), index=True)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(default=None)
    status: Mapped[str] = mapped_column(String(20), default="running")
    #: the file imported or the query asked, for the user's eyes
    label: Mapped[str] = mapped_column(String(1000), default="")
    items_read: Mapped[int] = mapped_column(Integer, default=0)
    added: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    duplicates: Mapped[int] = mapped_column(Integer, default=0)
    error_count: Mapped[int] = mapped_column(Integer, default=0)
    #: the first errors with their place: [{"place": "file:12", "reason": "..."}]
    errors: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)

    source: Mapped[Source] = relationship(back_populates="runs")
    gaps: Mapped[list[CollectionGap]] = relationship(
        back_populates="run", cascade="all, delete-orphan", passive_deletes=True
    )


class CollectionGap(Base):
    """A time window a run could not cover (rate limit, server error, a page cap)."""

    __tablename__ = "collection_gaps"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(
        ForeignKey("collection_runs.id", ondelete="CASCADE"), index=True
    )
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"), index=True)
    #: None when the start is unknown (everything older than ``end`` was not reached)
    start: Mapped[datetime | None] = mapped_column(default=None)
    end: Mapped[datetime | None] = mapped_column(default=None)
    reason: Mapped[str] = mapped_column(String(500))

    run: Mapped[CollectionRun] = relationship(back_populates="gaps")


#: the posts' columns that are indexed only where they are not null
SPARSE_COLUMNS = (
    "author_institution_id",
    "duplicate_of_id",
    "language",
    "sentiment",
    "enriched_with",
)


class Post(Base):
    """A public post or comment in the normalised, versioned shape (see docs/posts.md)."""

    __tablename__ = "posts"
    #: columns that stay empty for most posts until enrichment (or forever) are indexed only
    #: where they hold a value: an import of a million posts then skips five index inserts
    #: per post, and every query on a value (``= x``, ``IS NOT NULL``) can still use them
    __table_args__ = (
        UniqueConstraint("platform", "external_id"),
        *(
            Index(
                f"ix_posts_{column}",
                column,
                sqlite_where=sql(f"{column} IS NOT NULL"),
                postgresql_where=sql(f"{column} IS NOT NULL"),
            )
            for column in SPARSE_COLUMNS
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    schema_version: Mapped[int] = mapped_column(Integer, default=POST_SCHEMA_VERSION)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"), index=True)
    run_id: Mapped[int | None] = mapped_column(
        ForeignKey("collection_runs.id", ondelete="SET NULL"), default=None
    )
    platform: Mapped[str] = mapped_column(String(40))
    #: the platform's own id; for Mastodon the status URI, the same on every instance
    external_id: Mapped[str] = mapped_column(String(500))
    url: Mapped[str | None] = mapped_column(String(1000), default=None)
    #: a keyed hash ("anon:…"), or the handle in clear for an institution's account
    author: Mapped[str] = mapped_column(String(200))
    author_institution_id: Mapped[int | None] = mapped_column(
        ForeignKey("institutions.id", ondelete="SET NULL"), default=None
    )
    text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime | None] = mapped_column(index=True, default=None)
    collected_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: the external id of the post this one answers, and of its thread's first post
    reply_to: Mapped[str | None] = mapped_column(String(500), default=None)
    thread_id: Mapped[str | None] = mapped_column(String(500), default=None)
    mentions: Mapped[list[str]] = mapped_column(default=list)
    hashtags: Mapped[list[str]] = mapped_column(default=list)
    links: Mapped[list[str]] = mapped_column(default=list)
    #: likes, shares, replies, quotes, views: whatever the platform counts
    metrics: Mapped[dict[str, Any]] = mapped_column(default=dict)
    #: the item as received, with author ids and handles replaced as above
    raw: Mapped[dict[str, Any]] = mapped_column(default=dict)
    #: hash of the normalised text; a repost or cross-post points at the first post with it
    text_hash: Mapped[str | None] = mapped_column(String(40), index=True, default=None)
    duplicate_of_id: Mapped[int | None] = mapped_column(
        ForeignKey("posts.id", ondelete="SET NULL"), default=None
    )

    # enrichment (the contract with pipelines/enrichers)
    language: Mapped[str | None] = mapped_column(String(8), default=None)
    language_score: Mapped[float | None] = mapped_column(Float, default=None)
    sentiment: Mapped[str | None] = mapped_column(String(10), default=None)
    sentiment_score: Mapped[float | None] = mapped_column(Float, default=None)
    topics: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    entities: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    enriched_with: Mapped[str | None] = mapped_column(String(200), default=None)
