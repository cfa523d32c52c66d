"""Daily series from stored posts: counts, authors, engagement, sentiment, and gaps as NaN."""

from __future__ import annotations

from datetime import UTC, date, datetime

import numpy as np
import pytest
from sqlalchemy.orm import Session

from mixroom.errors import InvalidInput
from mixroom.models.posts import CollectionGap, CollectionRun, Post, Source
from mixroom.schemas.posts import PostFilters
from mixroom.services.series import get_daily_series


def at(day: int, hour: int = 12) -> datetime:
    return datetime(2024, 3, day, hour, tzinfo=UTC)


def add(session: Session, source: Source, number: int, created: datetime, **extra: object) -> None:
    session.add(
        Post(
            source_id=source.id,
            platform="mastodon",
            external_id=f"p{number}",
            author=str(extra.pop("author", "anon:a")),
            created_at=created,
            **extra,
        )
    )


def test_daily_series_counts_each_metric_and_keeps_gaps_missing(session: Session) -> None:
    source = Source(name="masto", platform="mastodon", kind="search")
    session.add(source)
    session.flush()
    add(
        session,
        source,
        1,
        at(1),
        author="anon:a",
        metrics={"likes": 3, "shares": 1},
        sentiment="negative",
    )
    add(
        session,
        source,
        2,
        at(1, 23),
        author="anon:a",
        metrics={"likes": 2, "views": 100},
        sentiment="positive",
    )
    add(session, source, 3, at(1, 8), author="anon:b", hashtags=["other"])
    add(session, source, 4, at(3), author="anon:c", metrics={"replies": 4})
    add(session, source, 5, at(4), author="anon:d")  # inside the gap below
    add(session, source, 6, datetime(2024, 2, 28, tzinfo=UTC))  # before the window
    run = CollectionRun(source_id=source.id)
    session.add(run)
    session.flush()
    session.add(
        CollectionGap(
            run_id=run.id, source_id=source.id, start=at(4, 2), end=at(4, 9), reason="rate limited"
        )
    )
    session.flush()

    table = get_daily_series(session, PostFilters(), date(2024, 3, 1), date(2024, 3, 5))
    assert [str(d) for d in table.dates] == [
        "2024-03-01",
        "2024-03-02",
        "2024-03-03",
        "2024-03-04",
        "2024-03-05",
    ]
    posts = table.columns["posts"]
    assert posts[[0, 1, 2, 4]].tolist() == [3.0, 0.0, 1.0, 0.0]
    assert np.isnan(posts[3])  # the gap: missing, not zero
    assert table.columns["authors"][[0, 2]].tolist() == [2.0, 1.0]
    assert table.columns["engagement"][[0, 2]].tolist() == [6.0, 4.0]
    share = table.columns["negative_share"]
    assert share[0] == 0.5
    assert np.isnan(share[1])  # no post rated that day

    tagged = get_daily_series(
        session, PostFilters(hashtag="other"), date(2024, 3, 1), date(2024, 3, 2)
    )
    assert tagged.columns["posts"].tolist() == [1.0, 0.0]


def test_daily_series_refuses_an_empty_window(session: Session) -> None:
    with pytest.raises(InvalidInput):
        get_daily_series(session, PostFilters(), date(2024, 3, 5), date(2024, 3, 1))
