"""Sources of posts and their collection runs: add, list, find, remove (with their posts)."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from mixroom.errors import Conflict, NotFound
from mixroom.models.posts import CollectionGap, CollectionRun, Post, Source
from mixroom.schemas.posts import SourceCreate

#: the source file imports of one format are recorded under
IMPORT_PREFIX = "import:"


def add_source(session: Session, data: SourceCreate) -> Source:
    if session.scalar(select(Source.id).where(Source.name == data.name)) is not None:
        raise Conflict(f"a source named {data.name!r} exists already")
    source = Source(
        name=data.name,
        platform=data.platform,
        kind=data.kind,
        query=data.query,
        instances=[url.rstrip("/") for url in data.instances],
        options=dict(data.options),
    )
    session.add(source)
    try:
        session.flush()
    except IntegrityError as error:
        raise Conflict(f"a source named {data.name!r} exists already") from error
    return source


def ensure_import_source(session: Session, file_format: str) -> Source:
    """The source that file imports of ``file_format`` are recorded under (made once)."""
    name = f"{IMPORT_PREFIX}{file_format}"
    source = session.scalar(select(Source).where(Source.name == name))
    if source is None:
        source = Source(name=name, platform=file_format, kind="file", query=file_format)
        session.add(source)
        session.flush()
    return source


def list_sources(session: Session) -> list[Source]:
    return list(session.scalars(select(Source).order_by(Source.name)))


def get_source(session: Session, name: str) -> Source:
    source = session.scalar(select(Source).where(Source.name == name))
    if source is None:
        raise NotFound(f"no source named {name!r}")
    return source


def remove_source(session: Session, name: str) -> int:
    """Delete a source with its runs, gaps and posts; returns the number of posts deleted."""
    source = get_source(session, name)
    removed = session.execute(delete(Post).where(Post.source_id == source.id))
    session.execute(delete(CollectionGap).where(CollectionGap.source_id == source.id))
    session.execute(delete(CollectionRun).where(CollectionRun.source_id == source.id))
    session.delete(source)
    session.flush()
    return int(removed.rowcount or 0)  # type: ignore[attr-defined]


def list_runs(
    session: Session, source_id: int | None = None, limit: int = 20
) -> list[CollectionRun]:
    """The latest runs, newest first, with their gaps."""
    query = select(CollectionRun).options(selectinload(CollectionRun.gaps))
    if source_id is not None:
        query = query.where(CollectionRun.source_id == source_id)
    return list(session.scalars(query.order_by(CollectionRun.id.desc()).limit(limit)))
