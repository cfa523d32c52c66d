"""The ``mixroom`` command: thin commands over services and pipelines.

Each command is one unit of work: it opens a session, calls a service or a pipeline, commits,
and turns a ``MixroomError`` into one line on stderr and exit code 1.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import Any, ParamSpec, TypeVar

import typer
from rich.console import Console
from sqlalchemy.orm import Session

from mixroom.db import unit_of_work
from mixroom.errors import MixroomError
from mixroom.instance import Instance
from mixroom.settings import Settings

app = typer.Typer(
    name="mixroom",
    help="The commons of museum-innovation networks.",
    no_args_is_help=True,
    add_completion=False,
)
console = Console()
errors = Console(stderr=True)

P = ParamSpec("P")
R = TypeVar("R")


def handles_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turn a domain error into one readable line and exit code 1."""

    @wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except MixroomError as error:
            errors.print(f"[red]error:[/red] {error.detail}")
            raise typer.Exit(1) from error

    return wrapper


def load_instance() -> Instance:
    return Instance(Settings())


@contextmanager
def work(instance: Instance) -> Iterator[Session]:
    with unit_of_work(instance.sessions) as session:
        yield session


@app.command()
@handles_errors
def init() -> None:
    """Create the store, or upgrade it to the latest schema, and seed the topic framework."""
    from mixroom.services.topics import seed_default_topics

    instance = load_instance()
    instance.upgrade()
    with work(instance) as session:
        added = seed_default_topics(session)
    console.print(
        f"Store ready at {instance.settings.resolved_database_url()} ({added} topics added)."
    )


@app.command()
@handles_errors
def serve(
    host: str | None = typer.Option(None, help="Address to listen on (default: setting)."),
    port: int | None = typer.Option(None, help="Port to listen on (default: setting)."),
) -> None:
    """Serve the pages and the API."""
    instance = load_instance()
    run_server(instance, host, port)


def run_server(instance: Instance, host: str | None, port: int | None) -> None:
    import uvicorn

    from mixroom.web.app import create_app

    settings = instance.settings
    uvicorn.run(
        create_app(settings),
        host=host or settings.host,
        port=port or settings.port,
        log_level=settings.log_level.lower(),
    )


def main(*args: Any) -> None:
    app()
