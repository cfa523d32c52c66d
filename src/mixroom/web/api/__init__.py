"""The JSON API under /api/v1: one router per noun, plus accounts and history."""

from __future__ import annotations

from fastapi import APIRouter

from mixroom.services.catalogue import RESOURCES
from mixroom.web.api import accounts, history, impact, posts, studies
from mixroom.web.api.records import records_router


def build_api_router() -> APIRouter:
    router = APIRouter()

    @router.get("/ping", tags=["service"], summary="Liveness check; touches nothing")
    def ping() -> dict[str, str]:
        return {"status": "ok"}

    router.include_router(accounts.router)
    for resource in RESOURCES.values():
        router.include_router(records_router(resource))
    router.include_router(history.router)
    router.include_router(impact.router)
    router.include_router(posts.router)
    router.include_router(studies.router)
    return router
