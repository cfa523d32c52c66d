"""``mixroom impact`` through Typer's runner."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from mixroom.cli import app
from mixroom.models.posts import Post, Source
from mixroom.settings import Settings

runner = CliRunner()


def write_csv(path: Path, days: int = 200, launch: int = 150) -> Path:
    rng = np.random.default_rng(4)
    dates = np.datetime64("2024-01-01") + np.arange(days)
    control = 40 + np.cumsum(rng.normal(0, 0.5, days))
    other = 10 + rng.normal(0, 1, days)
    visits = 5 + 0.7 * control + rng.normal(0, 1, days)
    visits[launch:] += 5
    lines = ["date,visits,control,other"] + [
        f"{d},{v:.3f},{c:.3f},{o:.3f}"
        for d, v, c, o in zip(dates, visits, control, other, strict=True)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_impact_prints_the_summary_in_english_and_french(tmp_path: Path) -> None:
    data = write_csv(tmp_path / "series.csv")
    result = runner.invoke(app, ["impact", str(data), "--target", "visits", "--date", "2024-05-30"])
    assert result.exit_code == 0, result.output
    assert "From 2024-05-30 to 2024-07-18 (50 days), visits totalled" in result.output
    assert "Du 2024-05-30 au 2024-07-18 (50 jours), visits a totalisé" in result.output


def test_impact_json_has_the_effect_and_p(tmp_path: Path) -> None:
    data = write_csv(tmp_path / "series.csv")
    result = runner.invoke(
        app,
        [
            "impact",
            str(data),
            "--target",
            "visits",
            "--date",
            "2024-05-30",
            "--controls",
            "control",
            "--end",
            "2024-06-28",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    body = json.loads(result.output)
    effect = body["effect"]
    assert effect["cumulative_lower"] < 150 < effect["cumulative_upper"]
    assert effect["relative_lower"] < effect["relative"] < effect["relative_upper"]
    assert 0 <= body["p"] < 0.05
    assert body["controls"] == ["control"]
    assert body["post_periods"] == 30
    assert sorted(body["summary"]) == ["en", "fr"]


def test_no_controls_and_charts(tmp_path: Path) -> None:
    data = write_csv(tmp_path / "series.csv")
    charts = tmp_path / "charts"
    result = runner.invoke(
        app,
        [
            "impact",
            str(data),
            "--target",
            "visits",
            "--date",
            "2024-05-30",
            "--no-controls",
            "--json",
            "--charts",
            str(charts),
        ],
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["design"] == "interrupted"
    written = sorted(path.name for path in charts.iterdir())
    assert written == ["cumulative.vl.json", "observed.vl.json", "pointwise.vl.json"]
    spec = json.loads((charts / "observed.vl.json").read_text(encoding="utf-8"))
    assert spec["title"] == "visits: observed and counterfactual"


#: the day running totals' target gains 15 a day more, of ``running_totals``' 200 days
STOCK_LAUNCH = 150


def running_totals() -> tuple[Any, Any]:
    """Dates, and two follower counts (target, other) gaining about 40 a day; from
    ``STOCK_LAUNCH`` (2024-05-30) the target gains 15 a day more, 750 over the 50 days."""
    rng = np.random.default_rng(6)
    days = 200
    dates = np.datetime64("2024-01-01") + np.arange(days)
    gains = rng.poisson(40.0, (2, days)).astype(float)
    gains[0, STOCK_LAUNCH:] += 15
    return dates, 1000 + np.cumsum(gains, axis=1)


def test_stock_measures_the_gain_of_a_running_total(tmp_path: Path) -> None:
    dates, totals = running_totals()
    launch = STOCK_LAUNCH
    lines = ["date,followers,other"] + [
        f"{d},{f:.0f},{o:.0f}" for d, f, o in zip(dates, totals[0], totals[1], strict=True)
    ]
    data = tmp_path / "followers.csv"
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    args = ["impact", str(data), "--target", "followers", "--date", "2024-05-30"]
    result = runner.invoke(app, [*args, "--stock", "--json", "--lang", "en"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.output)
    assert body["observed"] == totals[0, -1] - totals[0, launch - 1]
    assert body["effect"]["cumulative_lower"] < 15 * 50 < body["effect"]["cumulative_upper"]
    assert [notice["code"] for notice in body["notices"]][-1] == "stock"
    plain = runner.invoke(app, [*args, "--lang", "en"])
    assert "never decreases, like a running total" in plain.output


def test_bad_csv_names_the_line(tmp_path: Path) -> None:
    data = tmp_path / "bad.csv"
    data.write_text("date,visits,control\n2024-01-01,1,2\n2024-01-02,x,3\n", encoding="utf-8")
    result = runner.invoke(app, ["impact", str(data), "--target", "visits", "--date", "2024-01-02"])
    assert result.exit_code == 1
    assert "line 3, column 'visits': 'x' is not a number" in result.output


def test_conflicting_options_and_bad_dates_are_one_line_errors(tmp_path: Path) -> None:
    data = write_csv(tmp_path / "series.csv")
    both = runner.invoke(
        app,
        [
            "impact",
            str(data),
            "--target",
            "visits",
            "--date",
            "2024-05-30",
            "--controls",
            "control",
            "--no-controls",
        ],
    )
    assert both.exit_code == 1
    assert "--controls and --no-controls exclude each other" in both.output
    bad_date = runner.invoke(app, ["impact", str(data), "--target", "visits", "--date", "30/05"])
    assert bad_date.exit_code == 1
    assert "--date must be a date as YYYY-MM-DD" in bad_date.output
    missing = runner.invoke(
        app, ["impact", str(tmp_path / "nope.csv"), "--target", "v", "--date", "2024-01-01"]
    )
    assert missing.exit_code == 1
    assert "cannot read" in missing.output


def test_series_writes_stored_posts_as_a_csv_that_impact_reads(
    settings: Settings, session: Session, tmp_path: Path
) -> None:
    source = Source(name="masto", platform="mastodon", kind="search")
    session.add(source)
    session.flush()
    rng = np.random.default_rng(1)
    number = 0
    for day in range(120):
        for _ in range(int(rng.poisson(4 if day < 100 else 9))):
            number += 1
            created = datetime(2024, 1, 1, 12, tzinfo=UTC) + timedelta(days=day)
            session.add(
                Post(
                    source_id=source.id,
                    platform="mastodon",
                    external_id=f"p{number}",
                    author=f"anon:{number % 7}",
                    created_at=created,
                    hashtags=["mx"],
                )
            )
    session.commit()
    env = {
        "MIXROOM_HOME": str(settings.home),
        "MIXROOM_DATABASE_URL": settings.database_url,
        "MIXROOM_SECRET_KEY": "test-secret",
    }
    out = tmp_path / "posts.csv"
    made = runner.invoke(
        app,
        [
            "series",
            "--since",
            "2024-01-01",
            "--until",
            "2024-04-29",
            "--hashtag",
            "mx",
            "-o",
            str(out),
        ],
        env=env,
    )
    assert made.exit_code == 0, made.output
    assert "120 days written" in made.output
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "date,posts,authors,engagement,negative_share"
    assert lines[1].startswith("2024-01-01,")
    result = runner.invoke(
        app,
        [
            "impact",
            str(out),
            "--target",
            "posts",
            "--date",
            "2024-04-10",
            "--no-controls",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    body = json.loads(result.output)
    assert body["count_model"] is True
    assert body["effect"]["cumulative_lower"] > 0  # about 5 more posts a day for 20 days
