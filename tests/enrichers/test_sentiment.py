"""Sentiment: the lexicon baseline, the logistic regression, training and saving."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from mixroom.errors import InvalidInput
from mixroom.pipelines.enrichers.base import clean_text
from mixroom.pipelines.enrichers.embeddings import get_embedder
from mixroom.pipelines.enrichers.sentiment import (
    LexiconSentiment,
    SentimentModel,
    lexicon_counts,
    shipped_model_path,
    train_sentiment,
)


@pytest.mark.parametrize(
    ("text", "counts"),
    [
        ("What a wonderful and inspiring day", (2, 0)),
        ("This is not good", (0, 1)),
        ("C'est pas génial, franchement décevant", (0, 2)),
        ("Schade, die Ausstellung war langweilig 😞", (0, 3)),
        ("Il museo è aperto dalle 10", (0, 0)),
        ("Well done 👏", (2, 0)),
    ],
)
def test_lexicon_counts(text: str, counts: tuple[int, int]) -> None:
    assert lexicon_counts(text) == counts


def test_lexicon_baseline_labels() -> None:
    labels = LexiconSentiment().classify(
        ["Quina passada, genial!", "Una estafa, horrible", "Reunió demà a les 18 h"]
    )
    assert labels == [("positive", 1.0), ("negative", 1.0), ("neutral", 1.0)]


@pytest.fixture(scope="module")
def model() -> SentimentModel:
    return SentimentModel.load(shipped_model_path())


def classify(model: SentimentModel, texts: list[str]) -> list[str]:
    cleaned = [clean_text(text) for text in texts]
    vectors = get_embedder().embed(cleaned)
    return [label for label, _ in model.classify(cleaned, vectors)]


def test_shipped_model_in_several_languages(model: SentimentModel) -> None:
    texts = [
        "An absolutely magical evening at the museum, thank you so much!",
        "Nous sommes déçus : l'atelier a été annulé sans prévenir personne",
        "La exposición se inaugura el jueves a las siete de la tarde",
        "Che meraviglia questa mostra, complimenti a tutti!",
        "Die Führung war eine Katastrophe und viel zu teuer",
        "De tentoonstelling opent op donderdag om zeven uur",
    ]
    assert classify(model, texts) == [
        "positive",
        "negative",
        "neutral",
        "positive",
        "negative",
        "neutral",
    ]


def test_save_and_load_round_trip(model: SentimentModel, tmp_path: Path) -> None:
    path = tmp_path / "models" / "sentiment.npz"
    model.save(path)
    loaded = SentimentModel.load(path)
    assert loaded.version == model.version
    assert np.array_equal(loaded.weights, model.weights)


def test_training_learns_and_changes_the_version(model: SentimentModel) -> None:
    texts = ["I love it", "wonderful", "I hate it", "awful", "it opens at nine", "on Tuesday"]
    labels = ["positive", "positive", "negative", "negative", "neutral", "neutral"]
    vectors = get_embedder().embed(texts)
    trained = train_sentiment(texts, labels, vectors, steps=300)
    assert trained.version != model.version
    assert [label for label, _ in trained.classify(texts, vectors)] == labels


def test_unknown_label_is_refused() -> None:
    vectors = np.zeros((2, 512), dtype=np.float32)
    with pytest.raises(InvalidInput, match="unknown sentiment labels: great"):
        train_sentiment(["a", "b"], ["great", "neutral"], vectors)


def test_loading_something_else_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.npz"
    np.savez(path, weights=np.zeros((3, 2)), classes=np.array(["yes", "no"]))
    with pytest.raises(InvalidInput, match="not a sentiment model"):
        SentimentModel.load(path)
