"""Three-class sentiment (negative, neutral, positive) in every language of the network.

Two classifiers share one interface:

- :class:`LexiconSentiment`, the baseline: hand-written word lists per language (``data/
  lexicon.json``) and emoji; a text is positive when it has more positive than negative words.
- :class:`SentimentModel`, the default: a multinomial logistic regression on the multilingual
  sentence embedding (plus the lexicon's two counts), trained on labelled examples. The shipped
  weights (``data/sentiment.npz``) come from ``data/sentiment_train.csv``; ``mixroom train
  sentiment FILE.csv`` fits new ones from any labelled file. Its version is a hash of its weights,
  so a retrained model changes the enrichment fingerprint and the posts get reprocessed.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from mixroom.errors import InvalidInput
from mixroom.pipelines.enrichers.base import SENTIMENTS, Sentiment
from mixroom.pipelines.enrichers.data import data_path
from mixroom.pipelines.enrichers.embeddings import Vectors
from mixroom.slugs import fold_ascii

_WORD = re.compile(r"[\w·'’-]+")
Matrix = NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class _Lexicon:
    exact: dict[str, int]
    prefixes: tuple[tuple[str, int], ...]
    negators: frozenset[str]
    emoji: dict[str, int]


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    with data_path("lexicon.json").open(encoding="utf-8") as handle:
        raw: dict[str, Any] = json.load(handle)
    exact: dict[str, int] = {}
    prefixes: list[tuple[str, int]] = []
    for words in raw["languages"].values():
        for polarity, sign in (("positive", 1), ("negative", -1)):
            for word in words[polarity]:
                folded = fold_ascii(word)
                if folded.endswith("*"):
                    prefixes.append((folded[:-1], sign))
                else:
                    exact[folded] = sign
    emoji = {mark: 1 for mark in raw["emoji"]["positive"]}
    emoji.update({mark: -1 for mark in raw["emoji"]["negative"]})
    negators = frozenset(fold_ascii(word) for word in raw["negators"])
    return _Lexicon(exact, tuple(sorted(prefixes, key=lambda p: -len(p[0]))), negators, emoji)


@lru_cache(maxsize=200_000)
def _polarity(token: str) -> int:
    """+1, -1 or 0 for one folded word; cached, as words repeat across posts."""
    lexicon = _lexicon()
    sign = lexicon.exact.get(token)
    if sign is not None:
        return sign
    for prefix, prefix_sign in lexicon.prefixes:
        if token.startswith(prefix):
            return prefix_sign
    return 0


def lexicon_counts(text: str) -> tuple[int, int]:
    """(positive, negative) lexicon hits in a text, negation and emoji included."""
    lexicon = _lexicon()
    tokens = [fold_ascii(token).strip("'’-") for token in _WORD.findall(text)]
    positive = negative = 0
    for index, token in enumerate(tokens):
        sign = _polarity(token)
        if index and not sign:
            sign = lexicon.exact.get(f"{tokens[index - 1]} {token}", 0)
        if sign and lexicon.negators.intersection(tokens[max(0, index - 2) : index]):
            sign = -sign
        positive += sign > 0
        negative += sign < 0
    for mark, sign in lexicon.emoji.items():
        if mark in text:
            positive += sign > 0
            negative += sign < 0
    return positive, negative


class LexiconSentiment:
    """Baseline enricher: more positive than negative words is positive, and so on."""

    name = "sentiment-lexicon"
    title = "Sentiment (lexicon baseline)"
    description = "hand-written word lists in eight languages and emoji, with negation"
    version = "lexicon.1"

    def classify(self, texts: Sequence[str]) -> list[tuple[Sentiment, float]]:
        results: list[tuple[Sentiment, float]] = []
        for text in texts:
            positive, negative = lexicon_counts(text)
            total = positive + negative
            if positive > negative:
                results.append(("positive", positive / total))
            elif negative > positive:
                results.append(("negative", negative / total))
            else:
                results.append(("neutral", 1.0))
        return results


def sentiment_features(texts: Sequence[str], vectors: Vectors) -> Matrix:
    """The embedding, the lexicon's two capped counts and a bias column."""
    counts = np.array([lexicon_counts(text) for text in texts], dtype=np.float64).reshape(-1, 2)
    bias = np.ones((len(texts), 1))
    return np.hstack([vectors.astype(np.float64), np.minimum(counts, 3.0) / 3.0, bias])


def _softmax(logits: Matrix) -> Matrix:
    shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
    return np.asarray(shifted / shifted.sum(axis=1, keepdims=True))


@dataclass(frozen=True, slots=True, eq=False)
class SentimentModel:
    """A multinomial logistic regression over :func:`sentiment_features`."""

    weights: Matrix  # (features, classes)
    classes: tuple[Sentiment, ...] = SENTIMENTS

    name = "sentiment"
    title = "Sentiment"
    description = "logistic regression on the multilingual embedding and the lexicon counts"

    @property
    def version(self) -> str:
        digest = hashlib.sha256(np.ascontiguousarray(self.weights).tobytes()).hexdigest()
        return f"logreg-{digest[:10]}"

    def probabilities(self, texts: Sequence[str], vectors: Vectors) -> Matrix:
        return _softmax(sentiment_features(texts, vectors) @ self.weights)

    def classify(self, texts: Sequence[str], vectors: Vectors) -> list[tuple[Sentiment, float]]:
        probabilities = self.probabilities(texts, vectors)
        best = probabilities.argmax(axis=1)
        return [
            (self.classes[column], round(float(row[column]), 4))
            for column, row in zip(best, probabilities, strict=True)
        ]

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            np.savez(handle, weights=self.weights, classes=np.array(self.classes))

    @classmethod
    def load(cls, path: Path) -> SentimentModel:
        with np.load(path, allow_pickle=False) as stored:
            classes = tuple(str(name) for name in stored["classes"])
            if sorted(classes) != sorted(SENTIMENTS):
                raise InvalidInput(f"{path}: not a sentiment model")
            return cls(weights=np.asarray(stored["weights"], dtype=np.float64), classes=classes)  # type: ignore[arg-type]


def shipped_model_path() -> Path:
    return data_path("sentiment.npz")


def train_sentiment(
    texts: Sequence[str],
    labels: Sequence[str],
    vectors: Vectors,
    *,
    l2: float = 1e-3,
    steps: int = 400,
) -> SentimentModel:
    """Fit the logistic regression (full-batch gradient descent with Adam, balanced classes)."""
    unknown = sorted(set(labels) - set(SENTIMENTS))
    if unknown:
        raise InvalidInput(f"unknown sentiment labels: {', '.join(unknown)} (use {SENTIMENTS})")
    features = sentiment_features(texts, vectors)
    targets = np.zeros((len(labels), len(SENTIMENTS)))
    targets[np.arange(len(labels)), [SENTIMENTS.index(label) for label in labels]] = 1.0
    class_share = targets.mean(axis=0)
    sample_weight = (targets / np.where(class_share > 0, class_share, 1.0)).sum(axis=1)
    sample_weight /= sample_weight.sum()
    weights = np.zeros((features.shape[1], len(SENTIMENTS)))
    first, second = np.zeros_like(weights), np.zeros_like(weights)
    for step in range(1, steps + 1):
        error = (_softmax(features @ weights) - targets) * sample_weight[:, None]
        gradient = features.T @ error + l2 * weights
        first = 0.9 * first + 0.1 * gradient
        second = 0.999 * second + 0.001 * gradient**2
        update = (first / (1 - 0.9**step)) / (np.sqrt(second / (1 - 0.999**step)) + 1e-8)
        weights -= 0.05 * update
    return SentimentModel(weights=weights)
