"""Reading posts: the filtered list, the conversation summary (daily volume, top hashtags,
mentions and links, collection gaps) and the registry's institutional accounts.

Filters on the JSON columns (entities, topics, hashtags) are written once per store: SQLite's
``json_each``/``json_extract`` and PostgreSQL's ``json_array_elements``/``->>``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Float,
    Select,
    and_,
    cast,
    exists,
    func,
    or_,
    select,
    true,
)
from sqlalchemy.orm import Session

from mixroom.models import Edition, Institution, Site, Topic
from mixroom.models.posts import CollectionGap, Post, Source
from mixroom.schemas.posts import (
    Conversation,
    DayCount,
    GapOut,
    PostFilters,
    PostList,
    PostOut,
    Ranked,
)

#: a post belongs to a topic when its score for it is at least this
TOPIC_THRESHOLD = 0.5
TOP = 10


def get_institution_accounts(session: Session) -> dict[tuple[str, str], int]:
    """(platform, handle) of every social account of the registry's institutions."""
    accounts: dict[tuple[str, str], int] = {}
    for institution_id, listed in session.execute(
        select(Institution.id, Institution.social_accounts)
    ):
        for account in listed or []:
            if isinstance(account, dict) and account.get("platform") and account.get("handle"):
                accounts[(str(account["platform"]).lower(), str(account["handle"]))] = (
                    institution_id
                )
    return accounts


def _postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _elements(session: Session, column: Any) -> Any:
    """The elements of a JSON array column as a table with one ``value`` column."""
    name = "json_array_elements" if _postgres(session) else "json_each"
    return getattr(func, name)(column).table_valued("value")


def _texts(session: Session, column: Any) -> Any:
    name = "json_array_elements_text" if _postgres(session) else "json_each"
    return getattr(func, name)(column).table_valued("value")


def json_field(session: Session, element: Any, key: str, *inner: str) -> Any:
    """The value at ``key`` (then at each of ``inner``, in the objects below) of a JSON column
    or element, as text, in the store's SQL dialect."""
    path = (key, *inner)
    if _postgres(session):
        for step in path[:-1]:
            element = element.op("->")(step)
        return element.op("->>")(path[-1])
    return func.json_extract(element, "$" + "".join(f'."{step}"' for step in path))


def _linked(session: Session, kind: str, record_id: int) -> ColumnElement[bool]:
    entity = _elements(session, Post.entities)
    kind_of, id_of = (
        json_field(session, entity.c.value, "kind"),
        json_field(session, entity.c.value, "id"),
    )
    if _postgres(session):
        id_of = cast(id_of, Float)
    return exists(select(1).select_from(entity).where(kind_of == kind, id_of == record_id))


def _topic_score(session: Session, code: str) -> Any:
    if _postgres(session):
        return cast(Post.topics.op("->>")(code), Float)
    return cast(func.json_extract(Post.topics, f'$."{code}"'), Float)


def _start(day: date) -> datetime:
    return datetime.combine(day, time(), UTC)


def filtered(session: Session, filters: PostFilters) -> Select[Post]:
    """The posts matching ``filters`` (copies left out unless asked for)."""
    query = select(Post)
    conditions: list[ColumnElement[bool]] = []
    if not filters.include_copies:
        conditions.append(Post.duplicate_of_id.is_(None))
    for column, value in (
        (Post.platform, filters.platform),
        (Post.language, filters.language),
        (Post.sentiment, filters.sentiment),
    ):
        if value:
            conditions.append(column == value)
    if filters.source:
        conditions.append(
            Post.source_id.in_(select(Source.id).where(Source.name == filters.source))
        )
    if filters.q:
        conditions.append(Post.text.ilike(f"%{filters.q}%"))
    if filters.since:
        conditions.append(Post.created_at >= _start(filters.since))
    if filters.until:
        conditions.append(Post.created_at < _start(filters.until + timedelta(days=1)))
    conditions.extend(_json_conditions(session, filters))
    return query.where(and_(true(), *conditions))


def _json_conditions(session: Session, filters: PostFilters) -> list[ColumnElement[bool]]:
    """Conditions on the JSON columns: topics, hashtags and linked entities."""
    conditions: list[ColumnElement[bool]] = []
    if filters.topic:
        conditions.append(_topic_score(session, filters.topic) >= TOPIC_THRESHOLD)
    if filters.hashtag:
        tags = _texts(session, Post.hashtags)
        tag = filters.hashtag.lstrip("#").lower()
        conditions.append(exists(select(1).select_from(tags).where(tags.c.value == tag)))
    if filters.institution is not None:
        conditions.append(
            or_(
                Post.author_institution_id == filters.institution,
                _linked(session, "institution", filters.institution),
            )
        )
    if filters.site is not None:
        conditions.append(_linked(session, "site", filters.site))
    if filters.edition is not None:
        conditions.append(_linked(session, "edition", filters.edition))
    return conditions


def list_posts(
    session: Session, filters: PostFilters, *, limit: int = 50, offset: int = 0
) -> PostList:
    """One page of matching posts, newest first, and the number of matches."""
    query = filtered(session, filters)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    page = session.scalars(
        query.order_by(Post.created_at.desc().nulls_last(), Post.id.desc())
        .limit(limit)
        .offset(offset)
    )
    items = [PostOut.model_validate(post) for post in page]
    return PostList(items=items, total=total, limit=limit, offset=offset)


def get_conversation(session: Session, filters: PostFilters) -> Conversation:
    """The explorer's summary of the posts matching ``filters``."""
    ids = filtered(session, filters).with_only_columns(Post.id).scalar_subquery()
    total = session.scalar(select(func.count()).where(Post.id.in_(ids))) or 0
    return Conversation(
        total=total,
        days=_days(session, ids),
        hashtags=_top(session, Post.hashtags, ids),
        mentions=_top(session, Post.mentions, ids),
        links=_top(session, Post.links, ids),
        gaps=_gaps(session, filters),
    )


def _days(session: Session, ids: Any) -> list[DayCount]:
    moment = func.timezone("UTC", Post.created_at) if _postgres(session) else Post.created_at
    day = func.date(moment)
    rows = session.execute(
        select(day, func.count())
        .where(Post.id.in_(ids), Post.created_at.is_not(None))
        .group_by(day)
        .order_by(day)
    )
    return [DayCount(day=_as_date(value), posts=count) for value, count in rows]


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _top(session: Session, column: Any, ids: Any) -> list[Ranked]:
    values = _texts(session, column)
    rows = session.execute(
        select(values.c.value, func.count().label("n"))
        .select_from(Post)
        .join(values, true())
        .where(Post.id.in_(ids))
        .group_by(values.c.value)
        .order_by(func.count().desc(), values.c.value)
        .limit(TOP)
    )
    return [Ranked(value=str(value), count=count) for value, count in rows]


def _gaps(session: Session, filters: PostFilters) -> list[GapOut]:
    query = select(CollectionGap).order_by(CollectionGap.id)
    if filters.source:
        query = query.join(Source, Source.id == CollectionGap.source_id).where(
            Source.name == filters.source
        )
    if filters.since:
        query = query.where(
            or_(CollectionGap.end.is_(None), CollectionGap.end >= _start(filters.since))
        )
    return [GapOut.model_validate(gap) for gap in session.scalars(query.limit(200))]


@dataclass
class FilterChoices:
    """What the explorer's selects offer: only values that can match something."""

    platforms: list[str]
    languages: list[str]
    topics: list[str]
    institutions: list[tuple[int, str]]
    sites: list[tuple[int, str]]
    editions: list[tuple[int, str]]


def get_filter_choices(session: Session) -> FilterChoices:
    def distinct(column: Any) -> list[str]:
        query = select(column).where(column.is_not(None)).distinct().order_by(column)
        return [str(value) for value in session.scalars(query)]

    authors = select(Post.author_institution_id).where(Post.author_institution_id.is_not(None))
    institutions = session.execute(
        select(Institution.id, Institution.name)
        .where(Institution.id.in_(authors.distinct()))
        .order_by(Institution.name)
    )
    sites = session.execute(
        select(Site.id, Site.name, Edition.name)
        .join(Edition, Edition.id == Site.edition_id)
        .order_by(Edition.name, Site.name)
        .limit(500)
    )
    editions = session.execute(select(Edition.id, Edition.name).order_by(Edition.name).limit(500))
    return FilterChoices(
        platforms=distinct(Post.platform),
        languages=distinct(Post.language),
        topics=distinct(Topic.code),
        institutions=[(row[0], row[1]) for row in institutions],
        sites=[(row[0], f"{row[1]} ({row[2]})") for row in sites],
        editions=[(row[0], row[1]) for row in editions],
    )
