"""Listening over the API: posts with their enrichment and filters, the conversation summary,
the sources and their runs (with gaps). Authors are pseudonymised in the store already."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from mixroom.schemas.posts import (
    Conversation,
    PostFilters,
    PostList,
    PostQuery,
    RunOut,
    SourceOut,
)
from mixroom.services.posts import get_conversation, list_posts
from mixroom.services.sources import get_source, list_runs, list_sources
from mixroom.web.deps import SessionDep

router = APIRouter(tags=["listening"])
Filters = Annotated[PostFilters, Query()]


@router.get("/posts", response_model=PostList)
def posts(session: SessionDep, query: Annotated[PostQuery, Query()]) -> PostList:
    """Public posts, newest first, with language, sentiment, topics and linked entities.

    Copies (reposts, cross-posts) are left out unless `include_copies` is true; `topic` keeps
    posts whose score for that topic code is at least 0.5."""
    return list_posts(session, query.filters(), limit=query.limit, offset=query.offset)


@router.get("/posts/conversation", response_model=Conversation)
def conversation(session: SessionDep, filters: Filters) -> Conversation:
    """Daily volume, top hashtags, mentions and links, and the collection gaps."""
    return get_conversation(session, filters)


@router.get("/sources", response_model=list[SourceOut])
def sources(session: SessionDep) -> list[SourceOut]:
    """The configured sources and the import sources of files."""
    return [SourceOut.model_validate(source) for source in list_sources(session)]


@router.get("/sources/{name}/runs", response_model=list[RunOut])
def runs(session: SessionDep, name: str) -> list[RunOut]:
    """The latest collection runs of a source, newest first, with errors and gaps."""
    source = get_source(session, name)
    return [RunOut.model_validate(run) for run in list_runs(session, source.id)]
