"""Multi-label topic scores against the network's topic framework.

Each topic becomes one prototype vector: the mean embedding of its keyword-rich descriptions in
every language we have (the store's, plus ES/CA/IT/DE/NL/PT translations of the default framework
shipped in ``data/topics.json``). A post's score for a topic is its cosine to that prototype, plus
a bonus when one of the topic's keywords occurs in the post. A post gets every topic whose score
passes a threshold and lies within a margin of its best one, so it may get none, one or several.
Threshold, margin and bonus are calibrated on the shipped labelled examples (``calibrate``), never
on the evaluation set.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import product
from typing import Any

import numpy as np
from numpy.typing import NDArray

from mixroom.pipelines.enrichers.data import data_path
from mixroom.pipelines.enrichers.embeddings import Embedder, Vectors
from mixroom.slugs import fold_ascii


@dataclass(frozen=True, slots=True)
class TopicSpec:
    """One topic as the scorer sees it: its code, texts to embed and keywords to spot."""

    code: str
    texts: tuple[str, ...]
    keywords: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Calibration:
    threshold: float = 0.2
    margin: float = 0.05
    keyword_bonus: float = 0.1


@lru_cache(maxsize=1)
def shipped_topics() -> dict[str, Any]:
    """``data/topics.json``: translations of the default framework and its calibration."""
    with data_path("topics.json").open(encoding="utf-8") as handle:
        loaded: dict[str, Any] = json.load(handle)
    return loaded


def shipped_calibration() -> Calibration:
    return Calibration(**shipped_topics()["calibration"])


def topic_specs(topics: Iterable[Mapping[str, Any]]) -> tuple[TopicSpec, ...]:
    """Specs from topic records (``code``, ``descriptions`` and ``keywords`` per language).

    A code of the default framework also gets the shipped descriptions and keywords in the
    languages the record lacks.
    """
    extra = shipped_topics()["topics"]
    specs = []
    for topic in topics:
        code = str(topic["code"])
        descriptions = dict(extra.get(code, {}).get("descriptions", {}))
        descriptions.update(topic.get("descriptions") or {})
        keywords: dict[str, list[str]] = {}
        for source in (extra.get(code, {}).get("keywords", {}), topic.get("keywords") or {}):
            for language, words in source.items():
                keywords.setdefault(language, []).extend(words)
        texts = [text for _, text in sorted(descriptions.items()) if text]
        texts += [", ".join(words) for _, words in sorted(keywords.items()) if words]
        flat = sorted({word for words in keywords.values() for word in words})
        specs.append(TopicSpec(code=code, texts=tuple(texts), keywords=tuple(flat)))
    return tuple(specs)


def default_topic_specs() -> tuple[TopicSpec, ...]:
    """The seven We Are Museums topics, as seeded into every store."""
    from mixroom.services.topic_framework import TOPICS

    return topic_specs(TOPICS)


def specs_version(specs: Sequence[TopicSpec], calibration: Calibration) -> str:
    payload = json.dumps(
        [[spec.code, spec.texts, spec.keywords] for spec in specs]
        + [[calibration.threshold, calibration.margin, calibration.keyword_bonus]],
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:10]


def _keyword_pattern(keywords: Sequence[str]) -> tuple[re.Pattern[str] | None, re.Pattern[str]]:
    """(acronyms matched with their case, words matched without case or accents).

    Short lower-case keywords are dropped: French "son" (sound) is mostly "his".
    """
    acronyms = [word for word in keywords if len(word) <= 3 and word.upper() == word]
    words = [fold_ascii(word) for word in keywords if len(word) >= 4]
    acronym_pattern = (
        re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, acronyms)) + r")(?!\w)")
        if acronyms
        else None
    )
    word_pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\w{0,4}\b")
    return acronym_pattern, word_pattern


class TopicScorer:
    """Enricher: scores of every topic for each text, and the topics a text is about."""

    name = "topics"
    title = "Topics"
    description = "cosine to multilingual topic descriptions, plus a keyword bonus"
    version = "proto-kw.1"

    def __init__(
        self, specs: Sequence[TopicSpec], embedder: Embedder, calibration: Calibration
    ) -> None:
        self.codes = [spec.code for spec in specs]
        self.calibration = calibration
        prototypes = []
        for spec in specs:
            mean = embedder.embed(list(spec.texts)).mean(axis=0)
            prototypes.append(mean / max(float(np.linalg.norm(mean)), 1e-12))
        self.prototypes: Vectors = np.asarray(prototypes, dtype=np.float32).reshape(
            len(specs), embedder.dimension
        )
        self.patterns = [_keyword_pattern(spec.keywords) for spec in specs]

    def keyword_hits(self, texts: Sequence[str]) -> NDArray[np.float32]:
        hits = np.zeros((len(texts), len(self.codes)), dtype=np.float32)
        for row, text in enumerate(texts):
            folded = fold_ascii(text)
            for column, (acronyms, words) in enumerate(self.patterns):
                if words.search(folded) or (acronyms is not None and acronyms.search(text)):
                    hits[row, column] = 1.0
        return hits

    def scores(self, texts: Sequence[str], vectors: Vectors) -> NDArray[np.float32]:
        """One row per text, one column per topic: cosine plus the keyword bonus."""
        similarity = vectors @ self.prototypes.T
        bonus = self.calibration.keyword_bonus * self.keyword_hits(texts)
        return np.asarray(similarity + bonus, dtype=np.float32)

    def assign(self, scores: NDArray[np.float32]) -> list[dict[str, float]]:
        return assign_topics(scores, self.codes, self.calibration)


def assign_topics(
    scores: NDArray[np.float32], codes: Sequence[str], calibration: Calibration
) -> list[dict[str, float]]:
    """The topics of each row: above the threshold and within the margin of the row's best."""
    assigned = []
    for row in scores:
        best = float(row.max()) if row.size else 0.0
        floor = max(calibration.threshold, best - calibration.margin)
        assigned.append(
            {
                code: round(float(score), 4)
                for code, score in sorted(zip(codes, row, strict=True), key=lambda pair: -pair[1])
                if score >= floor
            }
        )
    return assigned


def micro_f1(predicted: Sequence[Iterable[str]], expected: Sequence[Iterable[str]]) -> float:
    true_positive = false_positive = false_negative = 0
    for guess, truth in zip(predicted, expected, strict=True):
        guessed, wanted = set(guess), set(truth)
        true_positive += len(guessed & wanted)
        false_positive += len(guessed - wanted)
        false_negative += len(wanted - guessed)
    denominator = 2 * true_positive + false_positive + false_negative
    return 2 * true_positive / denominator if denominator else 1.0


def calibrate(
    scorer: TopicScorer, texts: Sequence[str], vectors: Vectors, labels: Sequence[Iterable[str]]
) -> Calibration:
    """The threshold, margin and keyword bonus that maximise micro-F1 on labelled texts."""
    similarity = vectors @ scorer.prototypes.T
    hits = scorer.keyword_hits(texts)
    best, best_f1 = scorer.calibration, -1.0
    grid = product(
        np.arange(0.10, 0.45, 0.01), (0.0, 0.02, 0.04, 0.06, 0.08, 0.1), (0.0, 0.05, 0.1, 0.15, 0.2)
    )
    for threshold, margin, bonus in grid:
        candidate = Calibration(round(float(threshold), 2), margin, bonus)
        assigned = assign_topics(similarity + bonus * hits, scorer.codes, candidate)
        f1 = micro_f1([list(row) for row in assigned], labels)
        if f1 > best_f1:
            best, best_f1 = candidate, f1
    return best
