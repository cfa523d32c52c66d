"""docs/cli.md is Typer's rendering of the current ``mixroom`` app: regenerate with `make docs`."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType
from typing import Any

import typer.main

from mixroom.cli import app

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "cli.md"
HEADING = re.compile(r"^#+ `(mixroom(?: [a-z0-9-]+)*)`$", re.MULTILINE)


def load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("docs_gen", ROOT / "docs" / "gen.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def command_paths(command: Any, prefix: str) -> set[str]:
    """``mixroom``, ``mixroom init``, ... (Typer vendors its own click: duck-type the groups)."""
    paths = {prefix}
    subcommands: dict[str, Any] = getattr(command, "commands", {})
    for name, sub in subcommands.items():
        if not sub.hidden:
            paths |= command_paths(sub, f"{prefix} {name}")
    return paths


def test_page_is_generated_from_the_current_app() -> None:
    expected = load_generator().render_cli()
    assert PAGE.read_text() == expected, "docs/cli.md is out of date: run `make docs`"


def test_page_has_a_section_for_every_command_and_no_other() -> None:
    commands = command_paths(typer.main.get_command(app), "mixroom")
    sections = set(HEADING.findall(PAGE.read_text()))
    assert commands - sections == set(), "commands missing from docs/cli.md"
    assert sections - commands == set(), "docs/cli.md documents commands that do not exist"
