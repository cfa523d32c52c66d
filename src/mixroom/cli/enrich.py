"""``mixroom enrich``, ``mixroom enrich-file`` and ``mixroom train``: enrichment and its models."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from mixroom.cli.common import app, console, handles_errors, load_instance, work
from mixroom.settings import Settings

if TYPE_CHECKING:
    from mixroom.instance import Instance
    from mixroom.pipelines.enrichers.store import EnrichReport

train = typer.Typer(help="Retrain enrichment models from labelled examples.", no_args_is_help=True)
app.add_typer(train, name="train")


@app.command("enrich-file")
@handles_errors
def enrich_file(
    source: Path = typer.Argument(..., help="CSV file (UTF-8, UTF-8 with BOM or Latin-1)."),
    text_column: str = typer.Option(..., "--text-column", help="Column holding the text."),
    output: Path = typer.Option(..., "--output", "-o", help="CSV file to write (UTF-8)."),
    workers: int | None = typer.Option(
        None,
        min=1,
        help="Processes to enrich with (default: one per core when there is more than one "
        "batch; 1: in this process).",
    ),
) -> None:
    """Add language, sentiment and topic columns to any CSV; no store needed."""
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TimeRemainingColumn

    from mixroom.pipelines.enrichers.files import enrich_csv
    from mixroom.pipelines.enrichers.pipeline import default_context

    context = default_context(home=Settings().home)
    columns = (BarColumn(), TaskProgressColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task(f"enrich {source.name}", total=None)
        rows = enrich_csv(
            source,
            output,
            text_column,
            context,
            workers=workers,
            progress=lambda done, total: bar.update(task, completed=done, total=total or None),
        )
    console.print(f"{rows} rows enriched into {output}", markup=False, highlight=False)


@train.command("sentiment")
@handles_errors
def train_sentiment(
    examples: Path = typer.Argument(..., help="CSV with columns text,label."),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Model file (default: home/models/sentiment.npz)."
    ),
    with_shipped: bool = typer.Option(
        True, "--with-shipped/--only-file", help="Also learn from the shipped examples."
    ),
) -> None:
    """Fit the sentiment model on labelled examples (positive, neutral, negative)."""
    from mixroom.pipelines.enrichers.pipeline import trained_model_path
    from mixroom.pipelines.enrichers.training import train_sentiment_file

    target = output or trained_model_path(Settings().home)
    model, count = train_sentiment_file(examples, with_shipped=with_shipped)
    model.save(target)
    console.print(f"trained on {count} examples: {model.version} saved to {target}", soft_wrap=True)
    console.print("run `mixroom enrich` to reprocess the stored posts with it")


@app.command("enrich")
@handles_errors
def enrich(
    everything: bool = typer.Option(
        False, "--all", help="Reprocess every post, not only those enriched by other versions."
    ),
    workers: int | None = typer.Option(
        None,
        min=1,
        help="Processes to enrich with (default: one per core when there is more than one "
        "batch; 1: in this process).",
    ),
    batch_size: int = typer.Option(500, min=1, help="Posts per batch."),
) -> None:
    """Enrich the stored posts whose enrichment is missing or made by other model versions."""
    report = enrich_with_progress(
        load_instance(), everything=everything, batch_size=batch_size, workers=workers
    )
    console.print(
        f"{report.enriched} posts enriched, {report.already_current} already current "
        f"({report.fingerprint})"
    )


def enrich_with_progress(instance: Instance, **options: Any) -> EnrichReport:
    """``enrich_posts`` in one unit of work with a progress bar; ``options`` go to it."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    from mixroom.pipelines.enrichers.store import enrich_posts, load_context

    columns = (BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True) as bar, work(instance) as session:
        context = load_context(session, instance.settings.home)
        task = bar.add_task("enrich posts", total=None)
        return enrich_posts(
            session,
            context,
            progress=lambda done, total: bar.update(task, completed=done, total=total),
            **options,
        )
