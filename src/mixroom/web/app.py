"""The application factory. Building the app connects to nothing until a request comes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from mixroom import __version__
from mixroom.instance import Instance
from mixroom.settings import Settings
from mixroom.web.api import build_api_router
from mixroom.web.i18n import LanguageMiddleware
from mixroom.web.pages import build_pages_router
from mixroom.web.problems import install_problem_handlers
from mixroom.web.templating import STATIC


def create_app(settings: Settings | None = None) -> FastAPI:
    instance = Instance(settings or Settings())

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        if "engine" in instance.__dict__:  # built on first use only
            instance.engine.dispose()

    app = FastAPI(
        lifespan=lifespan,
        title="mixroom",
        version=__version__,
        description=(
            "The commons of museum-innovation networks: networks, editions, sites, "
            "institutions, people, teams and prototypes."
        ),
        openapi_url="/api/v1/openapi.json",
        docs_url="/api/v1/docs",
        redoc_url=None,
    )
    app.state.instance = instance
    install_problem_handlers(app)
    app.add_middleware(LanguageMiddleware)
    app.include_router(build_api_router(), prefix="/api/v1")
    app.include_router(build_pages_router())
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app
