"""``mixroom import posts`` and ``mixroom listen`` through Typer's runner, on both stores."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from listen.loopback import Answer, Loopback
from mixroom import cli
from mixroom.settings import Settings

DATA = Path(__file__).resolve().parents[1] / "data" / "listen"
runner = CliRunner()


def words(output: str) -> str:
    return " ".join(output.split())


@pytest.fixture
def environment(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("MIXROOM_HOME", str(settings.home))
    monkeypatch.setenv("MIXROOM_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("MIXROOM_SECRET_KEY", "test-secret")
    return settings


def test_import_posts_twice(environment: Settings) -> None:
    path = str(DATA / "zeeschuimer-bad.ndjson")
    first = runner.invoke(cli.app, ["import", "posts", "--format", "zeeschuimer", path])
    assert first.exit_code == 0, first.output
    text = words(first.output)
    assert "partial; 9 read, 3 added, 0 updated, 0 unchanged" in text
    assert "zeeschuimer-bad.ndjson:3: line is not a JSON object" in text
    assert (
        "zeeschuimer-bad.ndjson:7: timestamp 2100-01-01T00:00:00+00:00 is in the future (kept)"
        in (text)
    )
    again = runner.invoke(cli.app, ["import", "posts", "--format", "zeeschuimer", path])
    assert "0 added, 0 updated, 3 unchanged" in words(again.output)


def test_import_posts_csv_with_a_mapping(environment: Settings) -> None:
    path = str(DATA / "posts-mapped.csv")
    mapping = "id=message_id,author=from,body=message,timestamp=created_time"
    result = runner.invoke(cli.app, ["import", "posts", "--format", "csv", "--map", mapping, path])
    assert result.exit_code == 0, result.output
    assert "ok; 1 read, 1 added" in words(result.output)
    wrong = runner.invoke(cli.app, ["import", "posts", "--format", "csv", "--map", "nope=x", path])
    assert wrong.exit_code == 1
    assert "bad mapping 'nope=x'" in words(wrong.output)


def test_unknown_format_is_one_line(environment: Settings) -> None:
    path = str(DATA / "posts-bom.csv")
    result = runner.invoke(cli.app, ["import", "posts", "--format", "myspace", path])
    assert result.exit_code == 1
    assert "unknown post format 'myspace'" in words(result.output)


def test_listen_add_list_run_remove(
    environment: Settings, loopback: Callable[[], Loopback]
) -> None:
    server = loopback()
    server.route("/feed/", Answer(200, (DATA / "blog-feed.xml").read_bytes()))
    comments = (DATA / "blog-comments.xml").read_bytes()
    server.route("/2024/06/retour-museomix/feed/", Answer(200, comments))
    server.route("/2024/05/appel/feed/", Answer(404, b""))
    add = [
        "listen", "add", "blog", "--platform", "rss", "--kind", "feed",
        "--query", f"{server.base}/feed/",
    ]  # fmt: skip
    assert runner.invoke(cli.app, add).exit_code == 0
    duplicate = runner.invoke(cli.app, add)
    assert duplicate.exit_code == 1
    assert "a source named 'blog' exists already" in words(duplicate.output)
    bad = runner.invoke(
        cli.app, ["listen", "add", "x", "--platform", "rss", "--kind", "hashtag", "--query", "q"]
    )
    assert bad.exit_code == 1
    assert "a rss source is one of: feed" in words(bad.output)
    ran = runner.invoke(cli.app, ["listen", "run", "blog"])
    assert ran.exit_code == 0, ran.output
    text = words(ran.output)
    assert "blog: partial; 4 read, 4 added" in text
    assert "gap … – " in text and "/2024/05/appel/feed/: HTTP 404" in text
    listed = words(runner.invoke(cli.app, ["listen", "list"]).output)
    assert "│ blog │ rss │ feed │" in listed and "│ partial │ 4 │ 1 │" in listed
    removed = runner.invoke(cli.app, ["listen", "remove", "blog"])
    assert "source blog removed with 4 posts" in words(removed.output)


def test_listen_run_every_minutes_until_ctrl_c(
    environment: Settings, loopback: Callable[[], Loopback], monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy import create_engine, func, select

    from mixroom.cli import listen as listen_cli
    from mixroom.models import CollectionRun, Post

    server = loopback()
    server.route("/feed/", Answer(200, (DATA / "blog-feed.xml").read_bytes()))
    comments = (DATA / "blog-comments.xml").read_bytes()
    server.route("/2024/06/retour-museomix/feed/", Answer(200, comments))
    server.route("/2024/05/appel/feed/", Answer(404, b""))
    add = ["listen", "add", "blog", "--platform", "rss", "--kind", "feed", "--query"]
    assert runner.invoke(cli.app, [*add, f"{server.base}/feed/"]).exit_code == 0
    waits: list[float] = []

    def wait(seconds: float) -> None:
        waits.append(seconds)
        if len(waits) == 2:
            raise KeyboardInterrupt  # Ctrl-C while waiting for the third round

    monkeypatch.setattr(listen_cli, "wait", wait)
    ran = runner.invoke(cli.app, ["listen", "run", "--every", "5", "--no-enrich"])
    assert ran.exit_code == 0, ran.output
    text = words(ran.output)
    assert text.count("blog: partial;") == 2
    assert "4 read, 4 added" in text and "4 read, 0 added" in text
    assert "stopped after 2 rounds" in text
    assert len(waits) == 2 and all(240 < seconds <= 300 for seconds in waits)
    engine = create_engine(environment.resolved_database_url())
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(CollectionRun)) == 2
        assert connection.scalar(select(func.count()).select_from(Post)) == 4
    engine.dispose()
