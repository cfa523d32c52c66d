"""``mixroom enrich-file`` and ``mixroom train sentiment`` through Typer's runner."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mixroom import cli
from mixroom.pipelines.enrichers.files import detect_encoding
from mixroom.pipelines.enrichers.pipeline import trained_model_path

COMMENTS = Path(__file__).resolve().parents[1] / "data" / "enrich" / "visitor_comments.csv"
runner = CliRunner()


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MIXROOM_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("MIXROOM_SECRET_KEY", "test-secret")
    return tmp_path / "home"


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize(
    ("encoding", "detected"),
    [("utf-8", "utf-8-sig"), ("utf-8-sig", "utf-8-sig"), ("latin-1", "cp1252")],
)
def test_enrich_file_in_three_encodings(
    home: Path, tmp_path: Path, encoding: str, detected: str
) -> None:
    source = tmp_path / f"comments-{encoding}.csv"
    source.write_bytes(COMMENTS.read_text(encoding="utf-8").encode(encoding))
    assert detect_encoding(source) == detected
    target = tmp_path / "out.csv"
    result = runner.invoke(
        cli.app, ["enrich-file", str(source), "--text-column", "comment", "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    assert f"8 rows enriched into {target}" in " ".join(result.output.split())
    rows = read(target)
    assert list(rows[0]) == [
        "id", "date", "comment", "rating",
        "language", "language_score", "sentiment", "sentiment_score", "topics", "topic_scores",
    ]  # fmt: skip
    assert rows[0]["comment"].startswith("Superbe exposition, les enfants ont adoré")
    assert [row["language"] for row in rows] == ["fr", "en", "de", "ca", "es", "it", "", "fr"]
    assert [row["sentiment"] for row in rows] == [
        "positive", "negative", "neutral", "positive", "negative", "neutral", "", "positive",
    ]  # fmt: skip
    assert rows[7]["topics"].split(";")[0] == "ER"
    assert json.loads(rows[7]["topic_scores"])["ER"] > 0.2
    assert rows[6]["topics"] == rows[6]["topic_scores"] == ""


def test_enrich_file_in_one_process(home: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    arguments = ["enrich-file", str(COMMENTS), "--text-column", "comment", "-o", str(target)]
    result = runner.invoke(cli.app, [*arguments, "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert len(read(target)) == 8


def test_a_very_long_field(home: Path, tmp_path: Path) -> None:
    source = tmp_path / "long.csv"
    long_text = "Le musée a rouvert ses salles, quelle joie ! " * 50_000  # 2.3 MB
    with source.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["id", "text"], ["1", long_text], ["2", "Short one"]])
    target = tmp_path / "out.csv"
    arguments = ["enrich-file", str(source), "--text-column", "text", "-o", str(target)]
    result = runner.invoke(cli.app, [*arguments, "--workers", "1"])
    assert result.exit_code == 0, result.output
    rows = read(target)
    assert [(row["id"], row["language"]) for row in rows] == [("1", "fr"), ("2", "en")]
    assert rows[0]["text"] == long_text


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--text-column", "body"], "no column 'body' (columns: id, date, comment, rating)"),
        (["--text-column", "comment", "--workers", "1"], None),
    ],
)
def test_enrich_file_errors(
    home: Path, tmp_path: Path, arguments: list[str], message: str | None
) -> None:
    source = str(COMMENTS) if message else str(tmp_path / "missing.csv")
    result = runner.invoke(
        cli.app, ["enrich-file", source, *arguments, "-o", str(tmp_path / "out.csv")]
    )
    assert result.exit_code == 1
    assert (message or "no such file") in " ".join(result.output.split())


def test_train_sentiment_writes_the_instance_model(home: Path, tmp_path: Path) -> None:
    examples = tmp_path / "labelled.csv"
    examples.write_text(
        "text,label\nSo much fun!,positive\nWhat a mess,negative\nOpens at ten,neutral\n",
        encoding="utf-8",
    )
    result = runner.invoke(cli.app, ["train", "sentiment", str(examples)])
    assert result.exit_code == 0, result.output
    output = " ".join(result.output.split())
    assert "trained on 311 examples" in output
    assert trained_model_path(home).is_file()
    only = runner.invoke(
        cli.app,
        ["train", "sentiment", str(examples), "--only-file", "-o", str(tmp_path / "m.npz")],
    )
    assert only.exit_code == 0, only.output
    assert "trained on 3 examples" in " ".join(only.output.split())


def test_train_sentiment_refuses_bad_files(home: Path, tmp_path: Path) -> None:
    examples = tmp_path / "labelled.csv"
    examples.write_text("body,label\nhello,positive\n", encoding="utf-8")
    result = runner.invoke(cli.app, ["train", "sentiment", str(examples)])
    assert result.exit_code == 1
    assert "missing column(s) text" in result.output
    examples.write_text("text,label\nhello,great\n", encoding="utf-8")
    result = runner.invoke(cli.app, ["train", "sentiment", str(examples), "--only-file"])
    assert result.exit_code == 1
    assert "unknown sentiment labels: great" in result.output
