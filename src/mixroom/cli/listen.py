"""``mixroom listen add|list|run|remove`` (network sources of posts) and the file import of
posts behind ``mixroom import posts --format FORMAT FILE``."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from mixroom.cli.common import app, console, handles_errors, load_instance, work

if TYPE_CHECKING:
    from mixroom.instance import Instance
    from mixroom.models.posts import CollectionRun

listen = typer.Typer(help="Collect public posts from Mastodon, Bluesky and RSS/Atom feeds.")
app.add_typer(listen, name="listen")


@listen.command("add")
@handles_errors
def add(
    name: str = typer.Argument(..., help="A short name for the source (letters, digits, -_.:)."),
    platform: str = typer.Option(..., help="mastodon, bluesky or rss."),
    kind: str = typer.Option(
        ..., help="mastodon: hashtag|account|search; bluesky: search|author; rss: feed."
    ),
    query: str = typer.Option(..., help="The hashtag, account, search terms or feed URL."),
    instance: list[str] = typer.Option(
        [], help="Base URL of a Mastodon instance (repeat for several) or a Bluesky AppView."
    ),
    max_pages: int = typer.Option(20, min=1, help="Pages read per instance in one run."),
) -> None:
    """Add a source to collect from."""
    from pydantic import ValidationError

    from mixroom.errors import InvalidInput
    from mixroom.schemas.posts import SourceCreate
    from mixroom.services.sources import add_source

    try:
        data = SourceCreate.model_validate(
            {
                "name": name,
                "platform": platform,
                "kind": kind,
                "query": query,
                "instances": instance,
                "options": {"max_pages": max_pages},
            }
        )
    except ValidationError as error:
        reasons = "; ".join(e["msg"] for e in error.errors())
        raise InvalidInput(f"cannot add source {name!r}: {reasons}") from error
    instance_ = load_instance()
    instance_.upgrade()
    with work(instance_) as session:
        add_source(session, data)
    console.print(f"source {name} added", markup=False)


@listen.command("list")
@handles_errors
def list_command() -> None:
    """List the sources with their latest run."""
    from rich.table import Table

    from mixroom.services.sources import list_runs, list_sources

    instance = load_instance()
    instance.upgrade()
    table = Table("source", "platform", "kind", "query", "last run", "status", "added", "errors")
    with work(instance) as session:
        for source in list_sources(session):
            runs = list_runs(session, source.id, limit=1)
            last = runs[0] if runs else None
            table.add_row(
                source.name,
                source.platform,
                source.kind,
                source.query,
                f"{last.started_at:%Y-%m-%d %H:%M}" if last else "never",
                last.status if last else "",
                str(last.added) if last else "",
                str(last.error_count + len(last.gaps)) if last else "",
            )
    console.print(table)


@listen.command("run")
@handles_errors
def run(
    names: list[str] = typer.Argument(None, help="Sources to run (default: every active one)."),
    no_enrich: bool = typer.Option(
        False, "--no-enrich", help="Leave the new posts' enrichment to `mixroom enrich`."
    ),
    every: float | None = typer.Option(
        None,
        "--every",
        min=1,
        metavar="MINUTES",
        help="Run again every MINUTES (counted from each start) until Ctrl-C.",
    ),
) -> None:
    """Collect new posts from network sources, then enrich the posts added or changed; each
    run is recorded with its gaps."""
    instance = load_instance()
    instance.upgrade()
    if every is None:
        collect_once(instance, names or [], enrich=not no_enrich)
        return
    rounds = 0
    try:
        while True:
            started = time.monotonic()
            rounds += 1
            console.print(f"round {rounds} at {datetime.now():%Y-%m-%d %H:%M}", highlight=False)
            collect_once(instance, names or [], enrich=not no_enrich)
            wait(max(0.0, every * 60 - (time.monotonic() - started)))
    except KeyboardInterrupt:
        # a round cut short leaves nothing half-written: its unit of work is rolled back
        console.print(f"stopped after {rounds} rounds", highlight=False)


def wait(seconds: float) -> None:
    """Sleep between rounds of ``listen run --every`` (a test replaces it)."""
    time.sleep(seconds)


def collect_once(instance: Instance, names: list[str], *, enrich: bool = True) -> list[int]:
    """Run the named sources (or every active network source) once; the runs' ids."""
    import httpx

    from mixroom.pipelines.listen.http import Fetcher
    from mixroom.pipelines.listen.replies import join_replies
    from mixroom.pipelines.listen.runner import run_source
    from mixroom.services.sources import get_source, list_sources

    run_ids: list[int] = []
    with work(instance) as session:
        chosen = [get_source(session, n) for n in names] or [
            s for s in list_sources(session) if s.active and s.kind != "file"
        ]
        with httpx.Client(timeout=30, follow_redirects=True) as client, _bar() as bar:
            for source in chosen:
                task = bar.add_task(source.name, total=None)
                result = run_source(
                    session,
                    source,
                    Fetcher(client),
                    secret=instance.secret,
                    batch_size=instance.settings.import_batch_size,
                    progress=_advance(bar, task),
                )
                bar.remove_task(task)
                print_run(source.name, result)
                run_ids.append(result.id)
        join_replies(session, run_ids)
    if enrich:
        enrich_runs(instance, run_ids)
    return run_ids


@listen.command("remove")
@handles_errors
def remove(name: str = typer.Argument(..., help="The source to delete, with its posts.")) -> None:
    """Delete a source, its runs and every post it brought in."""
    from mixroom.services.sources import remove_source

    instance = load_instance()
    instance.upgrade()
    with work(instance) as session:
        removed = remove_source(session, name)
    console.print(f"source {name} removed with {removed} posts", markup=False)


def import_posts(
    path: Path, file_format: str, preset: str, mapping: str, enrich: bool = True
) -> None:
    """``mixroom import posts``: one file as one unit of work, with a progress bar; then the
    posts it added or changed are enriched (a second unit of work: an interrupted enrichment
    leaves the import in place, and ``mixroom enrich`` finishes it)."""
    from mixroom.pipelines.importers.posts.registry import get_post_importer
    from mixroom.pipelines.listen.replies import join_replies
    from mixroom.pipelines.listen.runner import import_posts_file

    importer = get_post_importer(file_format, preset=preset, mapping=mapping)
    instance = load_instance()
    instance.upgrade()
    with work(instance) as session, _bar() as bar:
        task = bar.add_task(f"{file_format} {path.name}", total=None)
        result = import_posts_file(
            session,
            importer,
            path,
            secret=instance.secret,
            batch_size=instance.settings.import_batch_size,
            progress=lambda done, total: bar.update(task, completed=done, total=total or None),
        )
        join_replies(session, [result.id])
    print_run(f"{file_format} {path}", result)
    if enrich:
        enrich_runs(instance, [result.id])


def enrich_runs(instance: Instance, run_ids: list[int] | None) -> None:
    """Enrich the posts that these collection runs added or changed (``None``: every post not
    enriched with the current models yet), with a progress bar."""
    from mixroom.cli.enrich import enrich_with_progress

    if run_ids is not None and not run_ids:
        return
    report = enrich_with_progress(instance, workers=None, run_ids=run_ids)
    console.print(f"{report.enriched} posts enriched", markup=False, highlight=False)


def _advance(bar: Any, task: Any) -> Callable[[int, int], None]:
    """A progress callback for network sources, whose total is unknown: one step per item."""
    return lambda _done, _total: bar.update(task, advance=1)


def _bar() -> Any:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    return Progress(*columns, console=console, transient=True)


def print_run(label: str, result: CollectionRun) -> None:
    console.print(
        f"{label}: {result.status}; {result.items_read} read, {result.added} added, "
        f"{result.updated} updated, {result.unchanged} unchanged, "
        f"{result.duplicates} copies marked, {result.error_count} problems",
        markup=False,
        highlight=False,
    )
    for entry in result.errors:
        kept = " (kept)" if entry.get("kept") else ""
        console.print(f"  {entry['place']}: {entry['reason']}{kept}", markup=False, highlight=False)
    for gap in result.gaps:
        start = f"{gap.start:%Y-%m-%d %H:%M}" if gap.start else "…"
        end = f"{gap.end:%Y-%m-%d %H:%M}" if gap.end else "…"
        console.print(f"  gap {start} – {end}: {gap.reason}", markup=False, highlight=False)
