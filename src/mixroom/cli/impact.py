"""``mixroom impact`` (the causal impact of an intervention on a CSV of series) and
``mixroom series`` (daily series of stored posts, as such a CSV)."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import typer

from mixroom.cli.common import app, console, handles_errors, load_instance, work
from mixroom.errors import InvalidInput


def _day(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    try:
        return datetime.strptime(text, "%Y-%m-%d").date()
    except ValueError:
        raise InvalidInput(f"{option} must be a date as YYYY-MM-DD, not '{text}'") from None


@app.command("impact")
@handles_errors
def impact(
    path: Path = typer.Argument(..., help="CSV with a 'date' column and one column per series."),
    target: str = typer.Option(..., "--target", help="The column the intervention may move."),
    start: str = typer.Option(..., "--date", help="First day of the intervention (YYYY-MM-DD)."),
    controls: str | None = typer.Option(
        None, "--controls", help="Control columns, comma-separated (default: all the others)."
    ),
    no_controls: bool = typer.Option(
        False, "--no-controls", help="Use no control: an interrupted time series."
    ),
    end: str | None = typer.Option(None, "--end", help="Last day of the effect window."),
    stock: bool = typer.Option(
        False,
        "--stock",
        help="The target and controls are running totals (followers): measure their gains.",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the result as one JSON object."),
    charts: Path | None = typer.Option(
        None, "--charts", help="Write Vega-Lite charts (observed, pointwise, cumulative) here."
    ),
    language: str = typer.Option("en,fr", "--lang", help="Languages of the summary: en, fr."),
) -> None:
    """Estimate the effect of an intervention with a counterfactual and honest intervals."""
    from mixroom.analysis.impact import charts as chart_specs
    from mixroom.analysis.impact import words
    from mixroom.analysis.impact.study import estimate_impact
    from mixroom.analysis.series import parse_csv

    if controls is not None and no_controls:
        raise InvalidInput("--controls and --no-controls exclude each other")
    languages = [code.strip() for code in language.split(",") if code.strip()]
    if not languages or any(code not in words.LANGUAGES for code in languages):
        raise InvalidInput(f"--lang takes {', '.join(words.LANGUAGES)}")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidInput(f"cannot read {path}: {error}") from None
    names: list[str] | None = [] if no_controls else None
    if controls is not None:
        names = [name.strip() for name in controls.split(",") if name.strip()]
    day = _day(start, "--date")
    assert day is not None
    result = estimate_impact(
        parse_csv(text), target, day, controls=names, end=_day(end, "--end"), stock=stock
    )
    summaries = {code: words.summarise(result, code) for code in languages}
    if charts is not None:
        charts.mkdir(parents=True, exist_ok=True)
        for stem, spec in chart_specs.charts(result).items():
            (charts / f"{stem}.vl.json").write_text(json.dumps(spec), encoding="utf-8")
    if as_json:
        typer.echo(json.dumps({**result.to_dict(), "summary": summaries}, allow_nan=False))
        return
    for code in languages:
        console.print(summaries[code], soft_wrap=True, highlight=False)
        console.print()


@app.command("series")
@handles_errors
def series(
    since: str = typer.Option(..., "--since", help="First day (YYYY-MM-DD)."),
    until: str = typer.Option(..., "--until", help="Last day (YYYY-MM-DD)."),
    institution: int | None = typer.Option(None, help="Posts by or about this institution."),
    site: int | None = typer.Option(None, help="Posts linked to this site."),
    edition: int | None = typer.Option(None, help="Posts linked to this edition."),
    hashtag: str | None = typer.Option(None, help="Posts with this hashtag."),
    source: str | None = typer.Option(None, help="Posts of this source (by name)."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write here, not stdout."),
) -> None:
    """Daily series of stored posts (posts, authors, engagement, negative share) as CSV,
    ready for ``mixroom impact``; days lost to collection gaps are left empty."""
    from mixroom.analysis.series import to_csv
    from mixroom.schemas.posts import PostFilters
    from mixroom.services.series import get_daily_series

    first, last = _day(since, "--since"), _day(until, "--until")
    assert first is not None and last is not None
    filters = PostFilters(
        institution=institution, site=site, edition=edition, hashtag=hashtag, source=source
    )
    instance = load_instance()
    with work(instance) as session:
        text = to_csv(get_daily_series(session, filters, first, last))
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        console.print(f"{text.count(chr(10)) - 1} days written to {output}")
