"""Commands over the store: ``init``, ``serve``, ``import`` and ``demo``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer
from sqlalchemy import make_url
from sqlalchemy.orm import Session

from mixroom.cli.common import app, console, handles_errors, load_instance, work
from mixroom.instance import Instance

if TYPE_CHECKING:
    from mixroom.pipelines.report import ImportReport


@app.command()
@handles_errors
def init() -> None:
    """Create the store, or upgrade it to the latest schema, and seed the topic framework."""
    from mixroom.services.topics import seed_default_topics

    instance = load_instance()
    instance.upgrade()
    with work(instance) as session:
        added = seed_default_topics(session)
    url = make_url(instance.settings.resolved_database_url()).render_as_string(hide_password=True)
    console.print(f"Store ready at {url}", markup=False, highlight=False, soft_wrap=True)
    console.print(f"{added} topics added")


@app.command()
@handles_errors
def serve(
    host: str | None = typer.Option(None, help="Address to listen on (default: setting)."),
    port: int | None = typer.Option(None, help="Port to listen on (default: setting)."),
    workers: int | None = typer.Option(
        None, min=1, help="Server processes (default: the `workers` setting)."
    ),
) -> None:
    """Serve the pages and the API."""
    instance = load_instance()
    run_server(instance, host, port, workers)


def run_server(
    instance: Instance, host: str | None, port: int | None, workers: int | None = None
) -> None:
    import uvicorn

    settings = instance.settings
    processes = workers or settings.workers
    listen_host, listen_port = host or settings.host, port or settings.port
    level = settings.log_level.lower()
    if processes > 1:
        # each process builds its own app from the same MIXROOM_* environment
        uvicorn.run(
            "mixroom.web.app:create_app",
            factory=True,
            workers=processes,
            host=listen_host,
            port=listen_port,
            log_level=level,
        )
        return
    from mixroom.web.app import create_app

    uvicorn.run(create_app(settings), host=listen_host, port=listen_port, log_level=level)


@app.command(name="import")
@handles_errors
def import_data(
    kind: str = typer.Argument("", help="Importer name (see --list)."),
    path: Path | None = typer.Argument(None, help="File or folder to import."),
    list_kinds: bool = typer.Option(False, "--list", help="List the import kinds and exit."),
    file_format: str = typer.Option(
        "", "--format", help="For KIND posts: zeeschuimer, mastodon, bluesky, rss or csv."
    ),
    preset: str = typer.Option("generic", help="For posts in CSV: generic or youtube-comments."),
    mapping: str = typer.Option(
        "", "--map", help="For posts in CSV: FIELD=COLUMN pairs, e.g. body=message,id=post_id."
    ),
    no_enrich: bool = typer.Option(
        False, "--no-enrich", help="For posts: leave their enrichment to `mixroom enrich`."
    ),
) -> None:
    """Import a file into the store; a second run of the same file adds nothing."""
    from mixroom.errors import ImportFailed
    from mixroom.pipelines.importers.registry import get_importer

    if kind == "posts" and path is not None:
        from mixroom.cli.listen import import_posts

        import_posts(path, file_format or "zeeschuimer", preset, mapping, enrich=not no_enrich)
        return
    if list_kinds or not kind:
        _print_kinds()
        return
    if path is None:
        raise ImportFailed("PATH is missing: mixroom import KIND PATH")
    importer = get_importer(kind)
    instance = load_instance()
    instance.upgrade()
    report = _import_with_progress(instance, importer.name, path)
    _print_report(report)


@app.command()
@handles_errors
def demo(
    host: str | None = typer.Option(None, help="Address to listen on (default: setting)."),
    port: int | None = typer.Option(None, help="Port to listen on (default: setting)."),
    no_serve: bool = typer.Option(False, "--no-serve", help="Load the demo data, do not serve."),
) -> None:
    """Create the store, load the shipped demo data and the synthetic demo conversation
    (idempotent), enrich its posts and serve it."""
    from mixroom.pipelines.demo import count_records, demo_datasets, ensure_demo_study
    from mixroom.services.topics import seed_default_topics

    instance = load_instance()
    instance.upgrade()
    with work(instance) as session:
        seed_default_topics(session)
        _ensure_demo_admin(session, instance.settings.demo_admin_password)
    for kind, path in demo_datasets():
        report = _import_with_progress(instance, kind, path)
        console.print(
            f"{kind} {path.name}: {report.added} added, {report.updated} updated, "
            f"{report.unchanged} unchanged, {len(report.bad_rows)} bad rows"
        )
    from mixroom.cli.listen import enrich_runs, import_posts
    from mixroom.pipelines.demo import demo_posts

    for file_format, path in demo_posts():
        import_posts(path, file_format, "generic", "", enrich=False)
    enrich_runs(instance, None)  # every post not enriched yet: nothing on a second run
    with work(instance) as session:
        study = ensure_demo_study(session)
        if study is not None:
            console.print(f"impact study: /impact/{study.id}", markup=False, highlight=False)
        counts = count_records(session)
    console.print(", ".join(f"{number} {noun}" for noun, number in counts.items()))
    if not no_serve:
        run_server(instance, host, port)


def _ensure_demo_admin(session: Session, password: str) -> None:
    """The demo's `admin` account, made once; its password is printed only then."""
    import secrets

    from mixroom.services.accounts import create_user, user_exists

    if user_exists(session, "admin"):
        return
    chosen = password or secrets.token_urlsafe(12)
    create_user(session, "admin", chosen, is_admin=True)
    console.print(f"demo admin account: admin / {chosen}", markup=False, highlight=False)


def _print_kinds() -> None:
    from rich.table import Table

    from mixroom.pipelines.importers.registry import list_importers

    table = Table("kind", "title", "reads")
    for importer in list_importers():
        table.add_row(importer.name, importer.title, importer.description)
    console.print(table)


def _import_with_progress(instance: Instance, kind: str, path: Path) -> ImportReport:
    """One import as one unit of work, with a progress bar; committed only when it ends."""
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TimeRemainingColumn

    from mixroom.pipelines.importers.registry import get_importer
    from mixroom.pipelines.runner import run_import

    columns = (BarColumn(), TaskProgressColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True) as bar, work(instance) as session:
        task = bar.add_task(f"{kind} {path.name}", total=None)
        return run_import(
            session,
            get_importer(kind),
            path,
            batch_size=instance.settings.import_batch_size,
            progress=lambda done, total: bar.update(task, completed=done, total=total or None),
        )


def _print_report(report: ImportReport) -> None:
    from rich.table import Table

    table = Table("noun", "added", "updated", "unchanged", title=f"{report.kind}: {report.path}")
    for noun, counts in report.counts.items():
        table.add_row(noun, str(counts.added), str(counts.updated), str(counts.unchanged))
    console.print(table)
    console.print(f"{report.rows_read} rows read, {len(report.bad_rows)} bad rows")
    for bad in report.bad_rows:
        console.print(f"  {bad.file}:{bad.line}: {bad.reason}", markup=False, highlight=False)
    if report.nothing_new:
        console.print(f"nothing new: {report.unchanged} unchanged")
