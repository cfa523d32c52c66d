"""docs/settings.md names every setting, and nothing else, as the code declares it."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest

from mixroom.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "settings.md"
ROW = re.compile(r"^\| `(?P<name>[a-z0-9_]+)` \| `(?P<env>[A-Z0-9_]+)` \|", re.MULTILINE)
SAMPLE_VALUES = {"str": "sample", "Path": "sample-home", "int": "7", "bool": "true"}


def load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("docs_gen", ROOT / "docs" / "gen.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def documented() -> dict[str, str]:
    return {match["name"]: match["env"] for match in ROW.finditer(PAGE.read_text())}


def test_page_is_generated_from_the_current_settings() -> None:
    expected = load_generator().render_settings()
    assert PAGE.read_text() == expected, "docs/settings.md is out of date: run `make docs`"


def test_page_names_every_setting_and_no_other() -> None:
    names = set(documented())
    fields = set(Settings.model_fields)
    assert fields - names == set(), "settings missing from docs/settings.md"
    assert names - fields == set(), "docs/settings.md names settings that do not exist"


def test_every_setting_has_a_description() -> None:
    undescribed = [name for name, field in Settings.model_fields.items() if not field.description]
    assert undescribed == []


@pytest.mark.parametrize("name", sorted(Settings.model_fields))
def test_documented_variable_sets_the_setting(
    name: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    field = Settings.model_fields[name]
    annotation = field.annotation
    assert isinstance(annotation, type)
    raw = SAMPLE_VALUES[annotation.__name__]
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(documented()[name], raw)
    settings = Settings(_env_file=None)
    expected = True if annotation is bool else annotation(raw)
    assert getattr(settings, name) == expected
