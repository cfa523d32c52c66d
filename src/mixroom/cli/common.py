"""What every ``mixroom`` command shares: the Typer app, the consoles, error handling and
the unit of work."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import ParamSpec, TypeVar

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
    """One unit of work; the connections are closed after it, as a command ends soon."""
    try:
        with unit_of_work(instance.sessions) as session:
            yield session
    finally:
        instance.engine.dispose()
