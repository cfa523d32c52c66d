"""``enrich_texts`` and the fingerprint of a context."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np

from mixroom.pipelines.enrichers import EnrichmentContext, default_context, enrich_texts
from mixroom.pipelines.enrichers.entities import Gazetteer, GazetteerEntry
from mixroom.pipelines.enrichers.pipeline import sentiment_model, trained_model_path
from mixroom.pipelines.enrichers.sentiment import SentimentModel
from mixroom.pipelines.enrichers.topics import Calibration


def test_every_field_of_a_post() -> None:
    gazetteer = Gazetteer.build(
        [GazetteerEntry(kind="edition", id=7, names=("Museomix 2024",), hashtags=("museomix",))]
    )
    context = default_context(gazetteer)
    first, blank = enrich_texts(
        ["Trop bien l'atelier de réalité virtuelle au musée ! #Museomix", "https://x.org"],
        context,
    )
    assert first.language == "fr" and first.language_score is not None
    assert first.sentiment == "positive" and first.sentiment_score is not None
    assert next(iter(first.topics)) == "ER"
    assert first.entities == [{"kind": "edition", "id": 7, "text": "#Museomix", "how": "hashtag"}]
    assert (blank.language, blank.sentiment, blank.topics, blank.entities) == (None, None, {}, [])


def test_empty_batch() -> None:
    assert enrich_texts([], default_context()) == []


def test_fingerprint_names_the_versions() -> None:
    context = default_context()
    assert context.fingerprint == default_context().fingerprint
    assert context.fingerprint.startswith("e1-") and len(context.fingerprint) == 19
    assert set(context.versions()) == {"language", "embedding", "topics", "sentiment", "entities"}


def test_fingerprint_moves_with_each_model() -> None:
    context = default_context()
    other_weights = SentimentModel(weights=context.sentiment.weights + 0.01)
    changed: list[EnrichmentContext] = [
        replace(context, sentiment=other_weights),
        replace(context, calibration=Calibration(threshold=0.5)),
        replace(context, topics=context.topics[:-1]),
        replace(context, languages=("en", "fr")),
    ]
    prints = {context.fingerprint, *(each.fingerprint for each in changed)}
    assert len(prints) == 5
    # a new institution in the registry does not make every post stale
    entry = GazetteerEntry(kind="institution", id=1, names=("Musée Test",))
    assert replace(context, gazetteer=Gazetteer.build([entry])).fingerprint == context.fingerprint


def test_an_instance_model_replaces_the_shipped_one(tmp_path: Path) -> None:
    shipped = sentiment_model(tmp_path)
    own = SentimentModel(weights=np.zeros_like(shipped.weights))
    own.save(trained_model_path(tmp_path))
    assert sentiment_model(tmp_path).version == own.version != shipped.version
    assert default_context(home=tmp_path).sentiment.version == own.version
