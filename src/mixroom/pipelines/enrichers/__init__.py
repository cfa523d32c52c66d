"""Enrichment: language, embedding, topics, sentiment and entity links of posts and texts.

Pure batch functions first (``enrich_texts(texts, context)``), run in this process, on a pool of
processes (``EnrichmentPool``) or on Dask (``enrich_on_dask``); the store side reads the context
from the store and writes results to posts (``store.py``). Every enricher is a small class with
``name``, ``title``, ``description`` and ``version``; the versions make the fingerprint each
result carries (``enriched_with``), so that a model change reprocesses only what it changed.
"""

from __future__ import annotations

from mixroom.pipelines.enrichers.base import NETWORK_LANGUAGES, Enrichment, EntityLink
from mixroom.pipelines.enrichers.embeddings import Embedder, UseEmbedder, get_embedder
from mixroom.pipelines.enrichers.entities import Gazetteer, GazetteerEntry
from mixroom.pipelines.enrichers.language import LanguageDetector
from mixroom.pipelines.enrichers.pipeline import EnrichmentContext, default_context, enrich_texts
from mixroom.pipelines.enrichers.runners import EnrichmentPool, enrich_on_dask
from mixroom.pipelines.enrichers.sentiment import LexiconSentiment, SentimentModel
from mixroom.pipelines.enrichers.topics import TopicScorer, TopicSpec

__all__ = [
    "NETWORK_LANGUAGES",
    "Embedder",
    "Enrichment",
    "EnrichmentContext",
    "EnrichmentPool",
    "EntityLink",
    "Gazetteer",
    "GazetteerEntry",
    "LanguageDetector",
    "LexiconSentiment",
    "SentimentModel",
    "TopicScorer",
    "TopicSpec",
    "UseEmbedder",
    "default_context",
    "enrich_on_dask",
    "enrich_texts",
    "get_embedder",
]
