"""The import rules of docs/architecture.md, checked on every module under src/mixroom.

Each module's source is parsed with ``ast``; every ``import`` and ``from ... import`` (at the
top, inside functions or under ``TYPE_CHECKING`` alike) and every ``import_module("mixroom...")``
with a literal name is resolved to the layer it reaches: the first name after ``mixroom``.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

import mixroom

PACKAGE = Path(mixroom.__file__).resolve().parent
EDGES = {"web", "cli"}

# layer -> the layers it must never import; "analysis" is checked by its allow-list below.
FORBIDDEN: dict[str, set[str]] = {
    "services": {"web", "cli", "pipelines"},
    "pipelines": {"web", "cli"},
    "models": {"services", "web", "cli", "pipelines"},
    "schemas": {"services", "web", "cli", "pipelines"},
}
ANALYSIS_MAY_IMPORT = {"analysis", "errors"}
# Only the entry point itself (`mixroom = "mixroom.cli:main"`, or `python -m mixroom`) reaches cli.
MAY_IMPORT_CLI = {"mixroom.cli", "mixroom.__main__"}


@dataclass(frozen=True)
class Breach:
    module: str
    line: int
    target: str
    rule: str

    def __str__(self) -> str:
        return f"{self.module}:{self.line} imports {self.target}: {self.rule}"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def layer(module: str) -> str:
    """``mixroom.services.prototypes`` -> ``services``; ``mixroom.cli`` -> ``cli``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def resolve_relative(module: str, is_package: bool, level: int, target: str | None) -> str:
    base = module.split(".")
    if not is_package:
        base = base[:-1]
    if level > 1:
        base = base[: len(base) - (level - 1)]
    return ".".join([*base, target] if target else base)


def imported_modules(source: str, module: str, is_package: bool = False) -> list[tuple[int, str]]:
    """Every mixroom module ``source`` imports, with its line number."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = resolve_relative(module, is_package, node.level, node.module)
            # `from mixroom import web` reaches mixroom.web; `from mixroom.web import x` too.
            found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name | ast.Attribute)
            and (node.func.id if isinstance(node.func, ast.Name) else node.func.attr)
            in {"import_module", "__import__"}
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.append((node.lineno, node.args[0].value))
    return [(line, name) for line, name in found if name.split(".")[0] == "mixroom"]


def breaches(source: str, module: str, is_package: bool = False) -> list[Breach]:
    """The import rules ``module`` (with this ``source``) breaks."""
    own = layer(module)
    found = []
    for line, target in imported_modules(source, module, is_package):
        reached = layer(target)
        if reached == own:
            continue
        if reached == "cli" and module not in MAY_IMPORT_CLI:
            found.append(Breach(module, line, target, "only the entry point imports cli"))
        elif own == "analysis" and reached not in ANALYSIS_MAY_IMPORT:
            found.append(Breach(module, line, target, "analysis imports nothing but errors"))
        elif reached in FORBIDDEN.get(own, set()):
            found.append(Breach(module, line, target, f"{own} never imports {reached}"))
    return found


def package_modules() -> list[tuple[str, Path]]:
    return sorted((module_name(path), path) for path in PACKAGE.rglob("*.py"))


def test_walks_the_whole_package() -> None:
    names = {name for name, _ in package_modules()}
    expected = {"mixroom", "mixroom.settings", "mixroom.errors", "mixroom.db", "mixroom.cli"}
    assert expected <= names
    assert "mixroom.models" in names


def test_no_module_breaks_an_import_rule() -> None:
    found = [
        str(breach)
        for name, path in package_modules()
        for breach in breaches(path.read_text(), name, path.name == "__init__.py")
    ]
    assert found == []


@pytest.mark.parametrize(
    ("module", "source", "target", "rule"),
    [
        (
            "mixroom.services.prototypes",
            "from mixroom.web.app import create_app\n",
            "mixroom.web.app.create_app",
            "services never imports web",
        ),
        (
            "mixroom.services.prototypes",
            "def run():\n    from ..pipelines import runner\n",
            "mixroom.pipelines.runner",
            "services never imports pipelines",
        ),
        (
            "mixroom.analysis.impact",
            "import mixroom.db\n",
            "mixroom.db",
            "analysis imports nothing but errors",
        ),
        (
            "mixroom.analysis.series",
            "from mixroom import models\n",
            "mixroom.models",
            "analysis imports nothing but errors",
        ),
        (
            "mixroom.pipelines.importers.imls",
            "from mixroom.web import deps\n",
            "mixroom.web.deps",
            "pipelines never imports web",
        ),
        (
            "mixroom.models.prototypes",
            "from mixroom.services.prototypes import get_prototype\n",
            "mixroom.services.prototypes.get_prototype",
            "models never imports services",
        ),
        (
            "mixroom.schemas.prototypes",
            "from mixroom.pipelines import registry\n",
            "mixroom.pipelines.registry",
            "schemas never imports pipelines",
        ),
        (
            "mixroom.web.app",
            "from mixroom.cli import app\n",
            "mixroom.cli.app",
            "only the entry point imports cli",
        ),
        (
            "mixroom.pipelines.runner",
            "import importlib\nimportlib.import_module('mixroom.cli')\n",
            "mixroom.cli",
            "only the entry point imports cli",
        ),
    ],
)
def test_checker_catches_a_planted_breach(module: str, source: str, target: str, rule: str) -> None:
    found = breaches(source, module)
    assert [(breach.target, breach.rule) for breach in found] == [(target, rule)]
    assert found[0].line == len(source.splitlines())


@pytest.mark.parametrize(
    ("module", "source"),
    [
        ("mixroom.analysis.impact", "from mixroom.errors import InvalidInput\nimport numpy\n"),
        ("mixroom.analysis.impact", "from . import series\n"),
        ("mixroom.services.prototypes", "from mixroom.models import Prototype\n"),
        ("mixroom.pipelines.runner", "from mixroom.services import prototypes\n"),
        ("mixroom.web.app", "from mixroom.services.prototypes import list_prototypes\n"),
        ("mixroom.cli", "from mixroom.web.app import create_app\n"),
        ("mixroom.__main__", "from mixroom.cli import main\n"),
    ],
)
def test_checker_allows_what_the_rules_allow(module: str, source: str) -> None:
    assert breaches(source, module) == []


def test_relative_imports_resolve_from_a_package_and_from_a_module() -> None:
    assert imported_modules("from .web import app\n", "mixroom", is_package=True) == [
        (1, "mixroom.web.app")
    ]
    assert imported_modules("from ..web import app\n", "mixroom.services.prototypes") == [
        (1, "mixroom.web.app")
    ]
    assert imported_modules("from .. import cli\n", "mixroom.services", is_package=True) == [
        (1, "mixroom.cli")
    ]
