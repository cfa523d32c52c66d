"""Fit the sentiment model and calibrate topic thresholds from labelled CSV files.

Labelled files have a ``text`` column and a ``label`` column (``positive``, ``neutral`` or
``negative``) for sentiment, a ``topics`` column (codes separated by ``;``) for topics. The shipped
examples (``data/sentiment_train.csv``, 308 short posts in eight languages) are kept apart from
the evaluation set in ``bench/data``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from mixroom.errors import InvalidInput
from mixroom.pipelines.enrichers.base import SENTIMENTS, clean_text
from mixroom.pipelines.enrichers.data import data_path
from mixroom.pipelines.enrichers.embeddings import DEFAULT_EMBEDDER, get_embedder
from mixroom.pipelines.enrichers.files import read_labelled
from mixroom.pipelines.enrichers.sentiment import SentimentModel, train_sentiment
from mixroom.pipelines.enrichers.topics import (
    Calibration,
    TopicScorer,
    TopicSpec,
    calibrate,
    shipped_calibration,
)

SHIPPED_EXAMPLES = "sentiment_train.csv"


def shipped_examples() -> list[dict[str, str]]:
    return read_labelled(data_path(SHIPPED_EXAMPLES), "text", "label")


def split_topics(value: str | None) -> list[str]:
    return [code.strip() for code in (value or "").replace(",", ";").split(";") if code.strip()]


def fit_sentiment(
    rows: Sequence[dict[str, str]], embedder: str = DEFAULT_EMBEDDER
) -> SentimentModel:
    """A sentiment model fitted on labelled rows (``text``, ``label``)."""
    usable = [row for row in rows if (row.get("text") or "").strip()]
    labels = [(row.get("label") or "").strip().lower() for row in usable]
    unknown = sorted(set(labels) - set(SENTIMENTS))
    if unknown:
        raise InvalidInput(f"unknown sentiment labels: {', '.join(unknown)} (use {SENTIMENTS})")
    if len(set(labels)) < 2:
        raise InvalidInput("sentiment training needs examples of at least two labels")
    texts = [clean_text(row["text"]) for row in usable]
    return train_sentiment(texts, labels, get_embedder(embedder).embed(texts))


def train_sentiment_file(path: Path, *, with_shipped: bool = True) -> tuple[SentimentModel, int]:
    """The model fitted on ``path`` (plus the shipped examples) and the number of examples."""
    rows = read_labelled(path, "text", "label")
    if with_shipped:
        rows = [*rows, *shipped_examples()]
    return fit_sentiment(rows), len(rows)


def calibrate_topics(
    specs: Sequence[TopicSpec], rows: Sequence[dict[str, str]], embedder: str = DEFAULT_EMBEDDER
) -> Calibration:
    """Threshold, margin and keyword bonus that fit labelled rows (``text``, ``topics``) best."""
    model = get_embedder(embedder)
    texts = [clean_text(row["text"]) for row in rows]
    scorer = TopicScorer(specs, model, shipped_calibration())
    labels = [split_topics(row.get("topics")) for row in rows]
    return calibrate(scorer, texts, model.embed(texts), labels)
