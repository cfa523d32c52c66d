"""POST /api/v1/impact: the same result object as ``mixroom impact --json``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from mixroom.cli import app
from test_cli_impact import STOCK_LAUNCH, running_totals

PROBLEM = "application/problem+json"


def body(days: int = 160, launch: int = 120) -> dict[str, Any]:
    rng = np.random.default_rng(8)
    dates = np.datetime64("2024-01-01") + np.arange(days)
    control = 40 + np.cumsum(rng.normal(0, 0.5, days))
    visits = 5 + 0.7 * control + rng.normal(0, 1, days)
    visits[launch:] += 4
    values: list[float | None] = [round(float(v), 3) for v in visits]
    values[10] = None
    return {
        "dates": [str(d) for d in dates],
        "series": {"visits": values, "control": [round(float(c), 3) for c in control]},
        "target": "visits",
        "date": str(dates[launch]),
    }


def test_impact_returns_the_effect_with_intervals_and_words(client: TestClient) -> None:
    response = client.post("/api/v1/impact", json=body())
    assert response.status_code == 200, response.text
    result = response.json()
    effect = result["effect"]
    assert effect["cumulative_lower"] < 160 < effect["cumulative_upper"]
    assert effect["relative_lower"] < effect["relative"] < effect["relative_upper"]
    assert result["p"] < 0.05
    assert result["controls"] == ["control"]
    assert result["pre_periods"] == 119  # the missing day is left out
    assert result["post_periods"] == 40
    assert result["path"]["observed"][10] is None
    assert result["summary"]["fr"].startswith("Du 2024-04-30 au 2024-06-08 (40 jours)")


def test_api_and_cli_give_the_same_object(client: TestClient, tmp_path: Path) -> None:
    data = body()
    lines = ["date,visits,control"] + [
        f"{d},{'' if v is None else v},{c}"
        for d, v, c in zip(
            data["dates"], data["series"]["visits"], data["series"]["control"], strict=True
        )
    ]
    path = tmp_path / "series.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    cli = CliRunner().invoke(
        app, ["impact", str(path), "--target", "visits", "--date", data["date"], "--json"]
    )
    assert cli.exit_code == 0, cli.output
    api = client.post("/api/v1/impact", json=data).json()
    assert json.loads(cli.output) == api


def test_bad_bodies_are_problems(client: TestClient) -> None:
    data = body()
    data["target"] = "nope"
    response = client.post("/api/v1/impact", json=data)
    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["detail"] == "no column named 'nope'"

    data = body()
    data["series"]["control"] = data["series"]["control"][:-1]
    response = client.post("/api/v1/impact", json=data)
    assert response.json()["detail"] == "series 'control' has 159 values for 160 dates"

    data = body()
    data["no_controls"] = True
    data["controls"] = ["control"]
    response = client.post("/api/v1/impact", json=data)
    assert response.json()["detail"] == "controls and no_controls exclude each other"

    data = body()
    del data["date"]
    response = client.post("/api/v1/impact", json=data)
    assert response.status_code == 422
    assert "date" in response.json()["detail"]


def test_impact_is_in_the_openapi_document(client: TestClient) -> None:
    document = client.get("/api/v1/openapi.json").json()
    operation = document["paths"]["/api/v1/impact"]["post"]
    assert operation["tags"] == ["impact"]
    schema = document["components"]["schemas"]["ImpactOut"]
    assert {"effect", "p", "path", "placebos", "summary"} <= set(schema["properties"])


def test_stock_series_are_analysed_by_their_gains(client: TestClient) -> None:
    dates, totals = running_totals()
    launch = STOCK_LAUNCH
    data = {
        "dates": [str(d) for d in dates],
        "series": {"followers": totals[0].tolist(), "other": totals[1].tolist()},
        "target": "followers",
        "date": str(dates[launch]),
        "stock": True,
    }
    result = client.post("/api/v1/impact", json=data).json()
    assert result["observed"] == totals[0, -1] - totals[0, launch - 1]
    assert result["effect"]["cumulative_lower"] < 15 * 50 < result["effect"]["cumulative_upper"]
    assert [notice["code"] for notice in result["notices"]][-1] == "stock"
