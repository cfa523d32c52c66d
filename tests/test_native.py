"""The compiled hot modules (``mixroom.native``): used only while current, and the same posts
come out of an import with them as without them."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import tokenize
from pathlib import Path

import orjson
import pytest

from mixroom import native

DATA = Path(__file__).parent / "data" / "listen"

#: imports ``FILES`` (format, path) into the store at HOME in a process of its own, through the
#: worker processes with tiny blocks and in one process, and says which code ran
IMPORT = """
import json, sys
from pathlib import Path
from mixroom import native
from mixroom.db import unit_of_work
from mixroom.instance import Instance
from mixroom.pipelines.importers.posts.registry import get_post_importer
from mixroom.pipelines.listen import privacy
from mixroom.pipelines.listen.runner import import_posts_file
from mixroom.settings import Settings

home, files = Path(sys.argv[1]), json.loads(sys.argv[2])
instance = Instance(Settings(home=home, database_url="", secret_key="same", _env_file=None))
instance.upgrade()
runs = []
with unit_of_work(instance.sessions) as session:
    for file_format, path, workers in files:
        run = import_posts_file(
            session, get_post_importer(file_format), Path(path), secret=instance.secret,
            workers=workers, parallel_min_bytes=0, block_bytes=2048,
        )
        runs.append([run.items_read, run.added, run.updated, run.unchanged, run.errors])
instance.engine.dispose()
print(json.dumps({"compiled": native.is_compiled(privacy), "runs": runs}))
"""

COLUMNS = (
    "platform, external_id, url, author, author_institution_id, text, created_at, reply_to, "
    "thread_id, mentions, hashtags, links, metrics, raw, text_hash, duplicate_of_id"
)


def _greek_and_mixed(folder: Path) -> Path:
    """The mixed Zeeschuimer export, with Greek captions and tags (whose lower case depends on
    the final-sigma rule) and a bad line added."""
    lines = (DATA / "zeeschuimer-export-mixed.ndjson").read_bytes().splitlines()
    first = orjson.loads(lines[0])
    for number, caption in enumerate(
        (
            "ΟΔΟΣ ΜΟΥΣΕΙΟΥ ΚΑΙ ΤΕΧΝΗΣ ΣΤΗΝ ΑΘΗΝΑ #ΜΟΥΣΕΙΟΣ @ΝΙΚΟΣ",
            "ΤΕΧΝΗΣ ΣΤΗΝ ΑΘΗΝΑ ΟΔΟΣ ΜΟΥΣΕΙΟΥ #ΟΣ",
        )
    ):
        item = orjson.loads(lines[0])
        item["data"]["code"] = f"GREEK{number}"
        item["data"]["caption"]["text"] = caption
        item["data"]["user"]["full_name"] = "ΝΙΚΟΣ ΠΑΠΑΣ"
        lines.append(orjson.dumps(item))
    lines.append(b"{not json")
    lines.append(orjson.dumps({**first, "source_platform": "myspace.com"}))
    path = folder / "mixed.ndjson"
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def _import(home: Path, files: list[tuple[str, str, int]], *, compiled: bool) -> dict[str, object]:
    env = {**os.environ, "MIXROOM_NATIVE": "1" if compiled else "0"}
    command = [sys.executable, "-c", IMPORT, str(home), json.dumps(files)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    outcome: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    with sqlite3.connect(home / "mixroom.sqlite3") as store:
        outcome["posts"] = store.execute(f"SELECT {COLUMNS} FROM posts ORDER BY id").fetchall()
    return outcome


def _require_build() -> None:
    if native.is_current():
        return
    if os.environ.get("CI"):
        pytest.fail("the compiled modules are missing or stale in CI: `make native` builds them")
    pytest.skip("no current build of the compiled modules (`make native`)")


def test_an_import_stores_the_same_posts_compiled_or_not(tmp_path: Path) -> None:
    _require_build()
    mixed = str(_greek_and_mixed(tmp_path))
    files = [
        ("zeeschuimer", mixed, 2),
        ("zeeschuimer", mixed, 1),  # the second time: nothing new, the same counts both ways
        ("zeeschuimer", str(DATA / "zeeschuimer-bad.ndjson"), 1),
        ("mastodon", str(DATA / "mastodon-social-tag-page1.json"), 1),
        ("bluesky", str(DATA / "bluesky-search-page1.json"), 1),
    ]
    compiled = _import(tmp_path / "compiled", files, compiled=True)
    source = _import(tmp_path / "source", files, compiled=False)
    assert compiled["compiled"] is True
    assert source["compiled"] is False
    assert compiled["runs"] == source["runs"]
    assert compiled["posts"] == source["posts"]
    stored = {row[1]: row for row in source["posts"]}  # type: ignore[attr-defined]
    assert "ΑΘΗΝΑ #ΜΟΥΣΕΙΟΣ" in stored["GREEK0"][5]
    assert json.loads(stored["GREEK0"][10]) == ["μουσειος"]  # the final sigma, as Python has it
    assert "ΝΙΚΟΣ ΠΑΠΑΣ" not in stored["GREEK0"][13]  # the display name, pseudonymised


def test_the_hot_modules_call_lower_through_python() -> None:
    """mypyc compiles ``x.lower()`` and ``x.upper()`` to its own loops, which skip the
    final-sigma rule: the compiled modules call ``items.lower`` instead."""
    offenders = []
    for module in native.MODULES:
        with native.source_path(module).open("rb") as source:
            tokens = [token for token in tokenize.tokenize(source.readline) if token.string]
        for before, name, after in zip(tokens, tokens[1:], tokens[2:], strict=False):
            if before.string == "." and name.string in {"lower", "upper"} and after.string == "(":
                offenders.append(f"{module}:{name.start[0]}")
    assert offenders == []


def test_a_build_is_used_only_when_it_matches_the_sources(tmp_path: Path) -> None:
    suffix = native.importlib.machinery.EXTENSION_SUFFIXES[0]
    for name in (*native.MODULES, f"{native.GROUP}__mypyc"):
        file = tmp_path.joinpath(*name.split(".")).with_name(name.split(".")[-1] + suffix)
        file.parent.mkdir(parents=True, exist_ok=True)
        file.touch()
    marker = tmp_path / native.FINGERPRINT_FILE
    assert not native.is_current(tmp_path)  # no fingerprint
    marker.write_text("0" * 64)
    assert not native.is_current(tmp_path)  # built from other sources
    marker.write_text(native.fingerprint())
    assert native.is_current(tmp_path)
    next(tmp_path.rglob(f"privacy{suffix}")).unlink()
    assert not native.is_current(tmp_path)  # a module missing


def test_the_fingerprint_follows_every_source() -> None:
    assert native.fingerprint() == native.fingerprint()
    assert native.fingerprint(native.MODULES[:-1]) != native.fingerprint()
