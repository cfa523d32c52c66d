"""The server-rendered pages: one module per noun, sharing the services of the API."""

from __future__ import annotations

from fastapi import APIRouter

from mixroom.web.pages import (
    auth,
    capture,
    conversation,
    editing,
    editions,
    finder,
    home,
    institutions,
    language,
    media,
    people,
    prototypes,
    reading,
    sites,
    studies,
)
from mixroom.web.pages import map as map_page
from mixroom.web.pages import networks as network_pages
from mixroom.web.pages.text import excerpt, render_text
from mixroom.web.templating import templates


def build_pages_router() -> APIRouter:
    templates.env.filters["text"] = render_text
    templates.env.filters["excerpt"] = excerpt
    reading.install(templates.env)
    router = APIRouter(include_in_schema=False)
    for module in (home, finder, prototypes, sites, editions, institutions, people, auth, language):
        router.include_router(module.router)
    for module in (capture, editing, media):
        router.include_router(module.router)
    router.include_router(map_page.router)
    router.include_router(conversation.router)
    router.include_router(network_pages.router)
    router.include_router(studies.router)
    return router
