"""Sites and their playgrounds."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mixroom.errors import InvalidInput
from mixroom.models import Institution, Playground, Site
from mixroom.schemas.sites import (
    PlaygroundCreate,
    PlaygroundOut,
    PlaygroundUpdate,
    SiteCreate,
    SiteOut,
    SiteUpdate,
)
from mixroom.services.actors import Scope
from mixroom.services.chains import community_chain, edition_chain, site_chain
from mixroom.services.filters import contains, equals_int, equals_text
from mixroom.services.records import Resource


def _site_chain(session: Session, site: Site) -> list[Scope]:
    if site.id is not None:
        return site_chain(session, site.id)
    return community_chain(session, site.community_id) + edition_chain(session, site.edition_id)


def _assign_site(session: Session, site: Site, extra: dict[str, Any]) -> None:
    ids = extra.get("institution_ids")
    if ids is None:
        return
    found = list(session.scalars(select(Institution).where(Institution.id.in_(ids))))
    missing = sorted(set(ids) - {institution.id for institution in found})
    if missing:
        raise InvalidInput(
            f"no institution with id {missing[0]}", errors=[{"field": "institution_ids"}]
        )
    site.institutions = sorted(found, key=lambda institution: institution.id)


def _playground_chain(session: Session, playground: Playground) -> list[Scope]:
    return site_chain(session, playground.site_id)


SITES = Resource(
    noun="sites",
    title="site",
    model=Site,
    out=SiteOut,
    create=SiteCreate,
    update=SiteUpdate,
    chain=_site_chain,
    filters={
        "edition_id": equals_int(Site.edition_id),
        "community_id": equals_int(Site.community_id),
        "country": equals_text(Site.country),
        "q": contains(Site.name, Site.city),
    },
    special=frozenset({"institution_ids"}),
    assign=_assign_site,
    slug_within="edition_id",
)

PLAYGROUNDS = Resource(
    noun="playgrounds",
    title="playground",
    model=Playground,
    out=PlaygroundOut,
    create=PlaygroundCreate,
    update=PlaygroundUpdate,
    chain=_playground_chain,
    filters={"site_id": equals_int(Playground.site_id), "q": contains(Playground.title)},
)
