"""A network at a glance: what it is, its editions year by year, its sites, its numbers and
its latest prototypes. A reader: every count follows the prototypes' visibility rule."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, distinct, func, select, union
from sqlalchemy.orm import Session

from mixroom.models import Edition, Participation, Prototype, Site, Team, TeamMember
from mixroom.models.sites import site_institutions
from mixroom.services.actors import Actor
from mixroom.services.facets import CARD_COLUMNS, card
from mixroom.services.networks import EDITIONS, NETWORKS
from mixroom.services.prototypes import PROTOTYPES
from mixroom.services.records import get_record

Out = dict[str, Any]
#: what the page shows of a site
SITE_COLUMNS = ("id", "name", "city", "country", "edition_id")


@dataclass
class EditionLine:
    edition: Out
    sites: int
    prototypes: int


@dataclass
class NetworkView:
    network: Out
    #: newest first, each with its numbers of sites and of visible prototypes
    editions: list[EditionLine]
    #: ``{"editions": 12, "sites": 80, "prototypes": 950, "institutions": 70, "people": 850}``
    numbers: dict[str, int]
    #: the sites of the latest editions, newest first (id, name, city, country, edition_id)
    sites: list[Out]
    site_editions: dict[int, str]
    latest_prototypes: list[Out]
    site_names: dict[int, str]


def _visible(actor: Actor) -> list[ColumnElement[bool]]:
    restriction = PROTOTYPES.visible_to(actor)
    return [] if restriction is None else [restriction]


def get_network_view(
    session: Session, actor: Actor, network_id: int, latest: int = 6, sites: int = 24
) -> NetworkView:
    network = get_record(session, NETWORKS, actor, network_id)
    editions = list(
        session.scalars(
            select(Edition)
            .where(Edition.network_id == network.id)
            .order_by(Edition.year.desc().nulls_last(), Edition.id.desc())
        )
    )
    edition_ids = [edition.id for edition in editions]
    in_network = Site.edition_id.in_(edition_ids)
    site_counts = dict(
        session.execute(
            select(Site.edition_id, func.count()).where(in_network).group_by(Site.edition_id)
        ).all()
    )
    prototype_counts = dict(
        session.execute(
            select(Site.edition_id, func.count(Prototype.id))
            .join(Site, Site.id == Prototype.site_id)
            .where(in_network, *_visible(actor))
            .group_by(Site.edition_id)
        ).all()
    )
    order = {edition_id: position for position, edition_id in enumerate(edition_ids)}
    site_rows = sorted(
        (
            dict(zip(SITE_COLUMNS, row, strict=True))
            for row in session.execute(
                select(*(getattr(Site, name) for name in SITE_COLUMNS)).where(in_network)
            )
        ),
        key=lambda site: (order[site["edition_id"]], site["name"]),
    )
    newest = session.execute(
        select(*CARD_COLUMNS)
        .join(Site, Site.id == Prototype.site_id)
        .where(in_network, *_visible(actor))
        .order_by(Prototype.id.desc())
        .limit(latest)
    )
    latest_prototypes = [card(row) for row in newest]
    names = {site["id"]: site["name"] for site in site_rows}
    return NetworkView(
        network=NETWORKS.to_out(network),
        editions=[
            EditionLine(
                EDITIONS.to_out(edition),
                site_counts.get(edition.id, 0),
                prototype_counts.get(edition.id, 0),
            )
            for edition in editions
        ],
        numbers=_numbers(session, actor, edition_ids, len(site_rows)),
        sites=site_rows[:sites],
        site_editions={edition.id: edition.name for edition in editions},
        latest_prototypes=latest_prototypes,
        site_names={item["site_id"]: names.get(item["site_id"], "") for item in latest_prototypes},
    )


def _numbers(session: Session, actor: Actor, edition_ids: list[int], sites: int) -> dict[str, int]:
    site_ids = select(Site.id).where(Site.edition_id.in_(edition_ids))
    prototypes = session.scalar(
        select(func.count())
        .select_from(Prototype)
        .where(Prototype.site_id.in_(site_ids), *_visible(actor))
    )
    institutions = session.scalar(
        select(func.count(distinct(site_institutions.c.institution_id))).where(
            site_institutions.c.site_id.in_(site_ids)
        )
    )
    people = union(
        select(Participation.person_id).where(Participation.site_id.in_(site_ids)),
        select(TeamMember.person_id)
        .join(Team, Team.id == TeamMember.team_id)
        .where(Team.site_id.in_(site_ids)),
    ).subquery()
    return {
        "editions": len(edition_ids),
        "sites": sites,
        "prototypes": prototypes or 0,
        "institutions": institutions or 0,
        "people": session.scalar(select(func.count()).select_from(people)) or 0,
    }
