"""The ``mixroom`` command: thin commands over services and pipelines.

Each command is one unit of work: it opens a session, calls a service or a pipeline, commits,
and turns a ``MixroomError`` into one line on stderr and exit code 1. Commands live in one
module per concern; importing them here registers them on ``app``.
"""

from __future__ import annotations

from typing import Any

from mixroom.cli import capture, enrich, impact, listen, store, users
from mixroom.cli.common import app

__all__ = ["app", "capture", "enrich", "impact", "listen", "main", "store", "users"]


def main(*args: Any) -> None:
    app()
