"""The server-rendered pages: one module per noun, sharing the services of the API."""

from __future__ import annotations

from fastapi import APIRouter


def build_pages_router() -> APIRouter:
    router = APIRouter(include_in_schema=False)
    return router
