"""Enrich texts in batches: in this process, on a pool of processes, or on a Dask cluster.

An :class:`EnrichmentContext` is plain data (topic specs, calibration, the sentiment weights, the
gazetteer, the embedder's name), cheap to pickle and to send to a worker. The models themselves
load once per process, on first use, and stay cached: a worker pays the 1.5 s of loading USE once,
not per batch. ``enrich_texts`` is the one function every runner calls.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from mixroom.pipelines.enrichers.base import NETWORK_LANGUAGES, Enrichment, clean_text
from mixroom.pipelines.enrichers.embeddings import DEFAULT_EMBEDDER, get_embedder
from mixroom.pipelines.enrichers.entities import Gazetteer
from mixroom.pipelines.enrichers.language import LanguageDetector
from mixroom.pipelines.enrichers.sentiment import SentimentModel, shipped_model_path
from mixroom.pipelines.enrichers.topics import (
    Calibration,
    TopicScorer,
    TopicSpec,
    default_topic_specs,
    shipped_calibration,
    specs_version,
)


@dataclass(frozen=True, eq=False)
class EnrichmentContext:
    """What enrichment needs besides the texts; its ``fingerprint`` names the result."""

    topics: tuple[TopicSpec, ...]
    calibration: Calibration
    sentiment: SentimentModel
    gazetteer: Gazetteer = field(default_factory=Gazetteer)
    embedder: str = DEFAULT_EMBEDDER
    languages: tuple[str, ...] = NETWORK_LANGUAGES

    def versions(self) -> dict[str, str]:
        """The version of every enricher, as it goes into the fingerprint.

        The gazetteer's contents are left out on purpose: adding one institution would otherwise
        mark every post as stale. ``mixroom enrich --all`` relinks after a registry change.
        """
        return {
            "language": f"{LanguageDetector.version}:{','.join(self.languages)}",
            "embedding": f"{self.embedder}:{get_embedder(self.embedder).version}",
            "topics": f"{TopicScorer.version}:{specs_version(self.topics, self.calibration)}",
            "sentiment": self.sentiment.version,
            "entities": "gazetteer.1",
        }

    @property
    def fingerprint(self) -> str:
        payload = json.dumps(self.versions(), sort_keys=True)
        return "e1-" + hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


def trained_model_path(home: Path) -> Path:
    """Where ``mixroom train sentiment`` keeps an instance's own sentiment model."""
    return home / "models" / "sentiment.npz"


def sentiment_model(home: Path | None = None) -> SentimentModel:
    """The instance's trained model when there is one, else the shipped one."""
    if home is not None and trained_model_path(home).is_file():
        return SentimentModel.load(trained_model_path(home))
    return SentimentModel.load(shipped_model_path())


def default_context(
    gazetteer: Gazetteer | None = None, home: Path | None = None
) -> EnrichmentContext:
    """The default framework, the shipped calibration and the instance's sentiment model."""
    return EnrichmentContext(
        topics=default_topic_specs(),
        calibration=shipped_calibration(),
        sentiment=sentiment_model(home),
        gazetteer=gazetteer or Gazetteer(),
    )


@lru_cache(maxsize=4)
def _scorer(embedder: str, topics: tuple[TopicSpec, ...], calibration: Calibration) -> TopicScorer:
    return TopicScorer(topics, get_embedder(embedder), calibration)


def enrich_texts(texts: Sequence[str], context: EnrichmentContext) -> list[Enrichment]:
    """Language, topics, sentiment and entity links of each text, in order."""
    if not texts:
        return []
    detector = LanguageDetector(context.languages)
    cleaned = [clean_text(text) for text in texts]
    vectors = get_embedder(context.embedder).embed(cleaned)
    scorer = _scorer(context.embedder, context.topics, context.calibration)
    topics = scorer.assign(scorer.scores(cleaned, vectors))
    sentiments = context.sentiment.classify(cleaned, vectors)
    results = []
    for index, text in enumerate(texts):
        language, language_score = detector.detect(text)
        sentiment, sentiment_score = sentiments[index]
        blank = not cleaned[index]
        results.append(
            Enrichment(
                language=language,
                language_score=language_score,
                sentiment=None if blank else sentiment,
                sentiment_score=None if blank else sentiment_score,
                topics={} if blank else topics[index],
                entities=context.gazetteer.link(text),
            )
        )
    return results
