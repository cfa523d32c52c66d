"""``mixroom import`` and ``mixroom demo`` through Typer's runner, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from mixroom import cli
from mixroom.pipelines import demo
from mixroom.settings import Settings

DATA = Path(__file__).resolve().parents[1] / "data"
runner = CliRunner()


def words(output: str) -> str:
    """The output with Rich's line wrapping undone."""
    return " ".join(output.split())


@pytest.fixture
def environment(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Point the CLI's own ``Settings()`` at the test store."""
    monkeypatch.setenv("MIXROOM_HOME", str(settings.home))
    monkeypatch.setenv("MIXROOM_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("MIXROOM_SECRET_KEY", "test-secret")
    return settings


def test_list_names_every_kind() -> None:
    result = runner.invoke(cli.app, ["import", "--list"])
    assert result.exit_code == 0
    for kind in ("dribdat", "opendata-archive", "museomix-repos", "museofile", "imls"):
        assert kind in result.output


def test_import_twice_says_nothing_new(environment: Settings) -> None:
    path = str(DATA / "imls_bad_rows.csv")
    first = runner.invoke(cli.app, ["import", "imls", path])
    assert first.exit_code == 0, first.output
    assert "imls_bad_rows.csv:4: missing NAME" in first.output
    assert (
        "10 rows read, 6 bad rows" in first.output.replace("\n", " ")
        or "9 rows read" in first.output
    )
    second = runner.invoke(cli.app, ["import", "imls", path])
    assert second.exit_code == 0
    assert "nothing new: 3 unchanged" in second.output


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["import", "nope", "x.csv"], "unknown import kind 'nope'"),
        (["import", "imls", "/nowhere/x.csv"], "no such file"),
        (["import", "imls"], "PATH is missing"),
    ],
)
def test_failed_import_is_one_line_and_exit_1(
    environment: Settings, arguments: list[str], message: str
) -> None:
    result = runner.invoke(cli.app, arguments)
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output


def test_demo_loads_and_reloads_without_serving(
    environment: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the full demo (35k IMLS museums) is measured in bench/; here two real datasets suffice
    datasets = (
        ("museomix-repos", "museomix-github-prototypes/museomix_github_prototypes.csv"),
        ("dribdat", "opendata-ch-hackdays/2022-glamhack-datapackage.json"),
    )
    monkeypatch.setattr(demo, "DEMO_DATASETS", datasets)
    first = runner.invoke(cli.app, ["demo", "--no-serve"])
    assert first.exit_code == 0, first.output
    assert "54 prototypes" in words(first.output)
    second = runner.invoke(cli.app, ["demo", "--no-serve"])
    assert second.exit_code == 0
    assert "0 added, 0 updated" in words(second.output)
    assert "54 prototypes" in words(second.output)
