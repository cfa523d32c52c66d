"""The import's hot modules compiled to C with mypyc, used only while they match their source.

A post import spends most of its CPU time in a few modules of plain, typed Python: parsing the
lines, the mappers, pseudonymisation and preparing the rows (``MODULES``). ``make native``
(``native.main()``) compiles them with mypyc (which ships with mypy) into ``BUILD``, a folder
beside this file that git ignores, with a fingerprint of their sources. ``load()``, called when
the package is imported, serves those compiled modules in place of the source only while the
fingerprint still matches: after an edit the source runs, unchanged in behaviour, until the
next build (``make native``; ``make test`` and ``make bench`` build first). ``MIXROOM_NATIVE=0``
turns them off. The code is the same either way; the compiled one takes about a sixth less CPU
per post (see BENCHMARKS.md), and a test imports one file both ways and compares the stores.
"""

from __future__ import annotations

import hashlib
import importlib.abc
import importlib.machinery
import importlib.util
import os
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

PACKAGE = Path(__file__).resolve().parent
BUILD = PACKAGE / "_native"
#: the modules compiled together; a change to any of them makes the whole build stale
MODULES = (
    "mixroom.pipelines.importers.posts.ndjson",
    "mixroom.pipelines.importers.posts.zeeschuimer",
    "mixroom.pipelines.importers.posts.bluesky",
    "mixroom.pipelines.importers.posts.mastodon",
    "mixroom.pipelines.listen.items",
    "mixroom.pipelines.listen.privacy",
    "mixroom.pipelines.listen.prepare",
)
#: the shared library mypyc builds for the group (its runtime and every module's code)
GROUP = "mixroom_native"
FINGERPRINT_FILE = "fingerprint.txt"


def source_path(module: str) -> Path:
    return PACKAGE.parent.joinpath(*module.split(".")).with_suffix(".py")


def fingerprint(modules: Sequence[str] = MODULES) -> str:
    """A hash of the modules' sources and of the interpreter that would load the build."""
    digest = hashlib.sha256(sys.version.encode())
    for module in modules:
        digest.update(module.encode() + b"\x00" + source_path(module).read_bytes() + b"\x00")
    return digest.hexdigest()


def built_files(build: Path = BUILD) -> dict[str, Path]:
    """The compiled file of each module (and of the group library) found in ``build``."""
    found: dict[str, Path] = {}
    for suffix in importlib.machinery.EXTENSION_SUFFIXES:
        for file in build.rglob(f"*{suffix}"):
            relative = file.relative_to(build).as_posix().removesuffix(suffix)
            found.setdefault(relative.replace("/", "."), file)
    return found


def is_current(build: Path = BUILD) -> bool:
    """True when ``build`` holds every module, compiled from the sources as they are now."""
    marker = build / FINGERPRINT_FILE
    if not marker.is_file() or marker.read_text().strip() != fingerprint():
        return False
    files = built_files(build)
    return all(name in files for name in (*MODULES, f"{GROUP}__mypyc"))


class _Finder(importlib.abc.MetaPathFinder):
    """Finds the compiled modules (and the group library) before the source is looked for."""

    def __init__(self, files: dict[str, Path]) -> None:
        self.files = files

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        file = self.files.get(fullname)
        return None if file is None else importlib.util.spec_from_file_location(fullname, file)


def load(build: Path = BUILD) -> bool:
    """Serve the compiled modules from now on when they are current and not turned off;
    returns whether they are served. Modules imported before keep their source version."""
    if os.environ.get("MIXROOM_NATIVE", "1") == "0" or is_loaded():
        return is_loaded()
    if not build.is_dir() or not is_current(build):
        return False
    sys.meta_path.insert(0, _Finder(built_files(build)))
    return True


def is_loaded() -> bool:
    return any(isinstance(finder, _Finder) for finder in sys.meta_path)


def is_compiled(module: ModuleType) -> bool:
    """True when ``module`` was loaded from a compiled file rather than its source."""
    return not str(getattr(module, "__file__", "")).endswith(".py")


def build(target: Path = BUILD) -> Path:
    """Compile ``MODULES`` into ``target``, replacing what was there only once the build
    succeeded; nothing is done when ``target`` is already current."""
    if is_current(target):
        return target
    # imported here: mypyc and setuptools are build tools, not needs of the running program
    from mypyc.build import mypycify
    from setuptools import Distribution

    stamp = fingerprint()
    with tempfile.TemporaryDirectory(prefix="mixroom-native-") as work:
        scratch = Path(work)
        sources = [str(source_path(module)) for module in MODULES]
        extensions = mypycify(sources, group_name=GROUP, target_dir=str(scratch / "c"))
        output = scratch / "lib"
        arguments = [
            "--quiet",
            "build_ext",
            "--build-lib",
            str(output),
            "--build-temp",
            str(scratch / "o"),
        ]
        distribution = Distribution(
            {"ext_modules": extensions, "script_name": "mixroom.native", "script_args": arguments}
        )
        distribution.parse_command_line()
        distribution.run_commands()
        (output / FINGERPRINT_FILE).write_text(stamp + "\n")
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(output, target)
    return target


def main() -> None:
    """``make native``: build when stale, and say what is there."""
    built = build()
    state = "current" if is_current(built) else "stale (a source changed during the build)"
    print(f"mixroom native modules: {built} ({state})")
