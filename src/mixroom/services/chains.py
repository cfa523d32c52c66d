"""The scope chain of each kind of record: where it sits in networks, sites and teams."""

from __future__ import annotations

from sqlalchemy.orm import Session

from mixroom.models import Community, Edition, Prototype, Site, Team
from mixroom.services.actors import ANY_ORGANISER, Scope


def network_chain(network_id: int | None) -> list[Scope]:
    return [] if network_id is None else [("networks", network_id)]


def community_chain(session: Session, community_id: int | None) -> list[Scope]:
    community = None if community_id is None else session.get(Community, community_id)
    if community is None:
        return []
    return [("communities", community.id), *network_chain(community.network_id)]


def edition_chain(session: Session, edition_id: int | None) -> list[Scope]:
    edition = None if edition_id is None else session.get(Edition, edition_id)
    return [] if edition is None else network_chain(edition.network_id)


def site_chain(session: Session, site_id: int | None) -> list[Scope]:
    site = None if site_id is None else session.get(Site, site_id)
    if site is None:
        return []
    return [
        ("sites", site.id),
        *community_chain(session, site.community_id),
        *edition_chain(session, site.edition_id),
    ]


def team_chain(session: Session, team_id: int | None) -> list[Scope]:
    team = None if team_id is None else session.get(Team, team_id)
    return [] if team is None else [("teams", team.id), *site_chain(session, team.site_id)]


def prototype_chain(session: Session, prototype_id: int | None) -> list[Scope]:
    prototype = None if prototype_id is None else session.get(Prototype, prototype_id)
    return [] if prototype is None else chain_of_prototype(session, prototype)


def chain_of_prototype(session: Session, prototype: Prototype) -> list[Scope]:
    chain = team_chain(session, prototype.team_id)
    site_part = site_chain(session, prototype.site_id)
    return chain + [scope for scope in site_part if scope not in chain]


def registry_chain() -> list[Scope]:
    """Shared records (institutions, people) that any organiser may keep up to date."""
    return [ANY_ORGANISER]
