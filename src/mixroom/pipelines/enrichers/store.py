"""Enrichment over the store: the context from the registry, and posts written back in batches.

``load_context`` reads the network's topics and builds the gazetteer from institutions, sites,
editions and public prototypes. ``enrich_posts`` reprocesses only the posts whose
``enriched_with`` differs from the context's fingerprint, in batches by id, and writes them
with bulk updates (no identity map growing with the store). It flushes, never commits: the
command that calls it owns the transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from mixroom.models.editions import Edition
from mixroom.models.institutions import Institution
from mixroom.models.posts import Post
from mixroom.models.prototypes import Prototype
from mixroom.models.sites import Site
from mixroom.models.topics import Topic
from mixroom.pipelines.enrichers.entities import Gazetteer, GazetteerEntry
from mixroom.pipelines.enrichers.pipeline import EnrichmentContext, default_context
from mixroom.pipelines.enrichers.runners import EnrichmentPool, plan_workers
from mixroom.pipelines.enrichers.topics import topic_specs
from mixroom.slugs import ascii_slug

#: called with (posts done, posts to do)
Progress = Callable[[int, int], None]


def _strings(*values: Any) -> tuple[str, ...]:
    return tuple(str(value) for value in values if isinstance(value, str) and value.strip())


def _institutions(session: Session) -> Iterator[GazetteerEntry]:
    rows = session.execute(
        select(
            Institution.id,
            Institution.name,
            Institution.alt_name,
            Institution.website,
            Institution.social_accounts,
        )
    )
    for id_, name, alt_name, website, accounts in rows:
        accounts = [account for account in accounts or [] if isinstance(account, dict)]
        yield GazetteerEntry(
            kind="institution",
            id=id_,
            names=_strings(name, alt_name),
            handles=_strings(*(account.get("handle") for account in accounts)),
            websites=_strings(website),
        )


def _events(session: Session) -> Iterator[GazetteerEntry]:
    for id_, name, slug, website in session.execute(
        select(Site.id, Site.name, Site.slug, Site.website)
    ):
        yield GazetteerEntry(
            "site", id_, _strings(name), hashtags=_strings(slug), websites=_strings(website)
        )
    for id_, name, slug, website, hashtags in session.execute(
        select(Edition.id, Edition.name, Edition.slug, Edition.website, Edition.hashtags)
    ):
        tags = _strings(slug, *(hashtags or []))
        yield GazetteerEntry(
            "edition", id_, _strings(name), hashtags=tags, websites=_strings(website)
        )


def _prototypes(session: Session) -> Iterator[GazetteerEntry]:
    rows = session.execute(
        select(Prototype.id, Prototype.title, Prototype.links).where(
            Prototype.visibility == "public"
        )
    )
    for id_, title, links in rows:
        urls = [link.get("url") for link in links or [] if isinstance(link, dict)]
        yield GazetteerEntry(
            "prototype",
            id_,
            _strings(title),
            hashtags=_strings(ascii_slug(title)),
            websites=_strings(*urls),
        )


def load_gazetteer(session: Session) -> Gazetteer:
    """Every institution, site, edition and public prototype, indexed for linking."""
    return Gazetteer.build([*_institutions(session), *_events(session), *_prototypes(session)])


def load_context(session: Session, home: Path | None = None) -> EnrichmentContext:
    """The stored topic framework (the default one when none is stored) and the gazetteer."""
    context = default_context(load_gazetteer(session), home)
    topics = session.scalars(select(Topic).where(Topic.kind == "topic").order_by(Topic.id)).all()
    seen: dict[str, dict[str, Any]] = {}
    for topic in topics:
        seen.setdefault(
            topic.code,
            {"code": topic.code, "descriptions": topic.descriptions, "keywords": topic.keywords},
        )
    if not seen:
        return context
    return EnrichmentContext(
        topics=topic_specs(seen.values()),
        calibration=context.calibration,
        sentiment=context.sentiment,
        gazetteer=context.gazetteer,
        embedder=context.embedder,
        languages=context.languages,
    )


@dataclass(slots=True)
class EnrichReport:
    fingerprint: str
    enriched: int = 0
    already_current: int = 0


def _linkable(text: str, links: Sequence[str]) -> str:
    """The post's text plus links the platform kept apart (link cards, shortened URLs)."""
    extra = [link for link in links if isinstance(link, str) and link not in text]
    return " ".join([text, *extra]) if extra else text


def enrich_posts(
    session: Session,
    context: EnrichmentContext,
    *,
    everything: bool = False,
    batch_size: int = 500,
    workers: int | None = 1,
    progress: Progress | None = None,
    run_ids: Sequence[int] | None = None,
) -> EnrichReport:
    """Enrich the posts not enriched with this context yet (or all, with ``everything``).

    ``run_ids`` narrows it to the posts those collection runs added or changed (an import
    enriches what it brought in, nothing else). ``workers=None``: one process per core when
    there is more than one batch.
    """
    fingerprint = context.fingerprint
    stale = or_(Post.enriched_with.is_(None), Post.enriched_with != fingerprint)
    query = select(Post.id).order_by(Post.id)
    counted = select(func.count()).select_from(Post)
    if run_ids is not None:
        query = query.where(Post.run_id.in_(list(run_ids)))
        counted = counted.where(Post.run_id.in_(list(run_ids)))
    if not everything:
        query = query.where(stale)
    ids = list(session.scalars(query))
    total = session.scalar(counted) or 0
    report = EnrichReport(fingerprint=fingerprint, already_current=total - len(ids))
    batches = [ids[start : start + batch_size] for start in range(0, len(ids), batch_size)]
    texts: list[list[str]] = []

    def read() -> Iterator[list[str]]:
        for batch in batches:
            rows = session.execute(
                select(Post.text, Post.links).where(Post.id.in_(batch)).order_by(Post.id)
            ).all()
            texts.append([_linkable(text or "", links or []) for text, links in rows])
            yield [text or "" for text, _ in rows]

    # entities are linked here, so the workers need no copy of the gazetteer
    # starting workers (models load in each) pays off only beyond one batch
    processes = plan_workers(len(ids), batch_size, workers)
    with EnrichmentPool(replace(context, gazetteer=Gazetteer()), processes) as pool:
        for batch, results in zip(batches, pool.map(read()), strict=True):
            linkable = texts.pop(0)
            values = [
                {
                    "id": id_,
                    "language": result.language,
                    "language_score": result.language_score,
                    "sentiment": result.sentiment,
                    "sentiment_score": result.sentiment_score,
                    "topics": result.topics,
                    "entities": context.gazetteer.link(full),
                    "enriched_with": fingerprint,
                }
                for id_, result, full in zip(batch, results, linkable, strict=True)
            ]
            session.execute(update(Post), values)
            report.enriched += len(values)
            if progress is not None:
                progress(report.enriched, len(ids))
    session.flush()
    return report
