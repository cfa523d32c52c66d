"""Daily series built from stored posts, ready for an impact study.

The posts are the ones ``services.posts.filtered`` selects (an institution, a site, an edition,
a hashtag, a source...). A day that overlaps a collection gap is missing (NaN), not zero: a
day nobody collected is not a day nobody spoke.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import numpy as np
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from mixroom.analysis.series import Table
from mixroom.errors import InvalidInput
from mixroom.models.posts import CollectionGap, Post, Source
from mixroom.schemas.posts import PostFilters
from mixroom.services.posts import filtered

#: the series a day of posts gives; engagement sums what the platforms count
METRICS = ("posts", "authors", "engagement", "negative_share")
ENGAGEMENT = ("likes", "shares", "replies", "quotes")
MAX_DAYS = 3660


def _moment(day: date) -> datetime:
    return datetime.combine(day, time(), UTC)


def get_daily_series(session: Session, filters: PostFilters, start: date, end: date) -> Table:
    """One column per metric, one row per day from ``start`` to ``end`` (UTC days)."""
    days = (end - start).days + 1
    if days < 1 or days > MAX_DAYS:
        raise InvalidInput(f"a series runs from 1 to {MAX_DAYS} days")
    query = (
        filtered(session, filters)
        .with_only_columns(Post.created_at, Post.author, Post.metrics, Post.sentiment)
        .where(Post.created_at >= _moment(start), Post.created_at < _moment(end) + timedelta(1))
    )
    posts = np.zeros(days)
    engagement = np.zeros(days)
    negative = np.zeros(days)
    rated = np.zeros(days)
    authors: dict[int, set[str]] = defaultdict(set)
    for created, author, metrics, sentiment in session.execute(query).yield_per(5000):
        index = (created.astimezone(UTC).date() - start).days
        posts[index] += 1
        authors[index].add(author)
        engagement[index] += _engagement(metrics)
        if sentiment:
            rated[index] += 1
            negative[index] += sentiment == "negative"
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(rated > 0, negative / rated, np.nan)
    columns = {
        "posts": posts,
        "authors": np.array([len(authors.get(i, ())) for i in range(days)], dtype=float),
        "engagement": engagement,
        "negative_share": share,
    }
    for index in _gap_days(session, filters, start, end):
        for values in columns.values():
            values[index] = np.nan
    dates = np.datetime64(start, "D") + np.arange(days).astype("timedelta64[D]")
    return Table(dates, columns)


def _engagement(metrics: dict[str, Any] | None) -> float:
    total = 0.0
    for key in ENGAGEMENT:
        value = (metrics or {}).get(key)
        if isinstance(value, int | float) and not isinstance(value, bool):
            total += float(value)
    return total


def _gap_days(session: Session, filters: PostFilters, start: date, end: date) -> set[int]:
    """Indices of the days that overlap a collection gap of the sources concerned."""
    query = select(CollectionGap.start, CollectionGap.end).where(
        or_(CollectionGap.start.is_(None), CollectionGap.start < _moment(end) + timedelta(1)),
        or_(CollectionGap.end.is_(None), CollectionGap.end >= _moment(start)),
    )
    if filters.source:
        query = query.join(Source, Source.id == CollectionGap.source_id).where(
            Source.name == filters.source
        )
    found: set[int] = set()
    last = (end - start).days
    for gap_start, gap_end in session.execute(query):
        first = 0 if gap_start is None else max(0, (gap_start.astimezone(UTC).date() - start).days)
        stop = last if gap_end is None else min(last, (gap_end.astimezone(UTC).date() - start).days)
        found.update(range(first, stop + 1))
    return found
