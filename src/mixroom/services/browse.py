"""Read-only views composed for the pages: a record with the records around it.

Every record comes out in its noun's public shape (``Resource.to_out``, what the API serves),
and every query goes through the noun's visibility rule (``get_record``, ``list_records`` or the
resource's ``visible_to`` condition), so a draft or a media record without consent cannot reach
a page through a side door. Readers only: nothing here adds, changes or flushes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.orm import Session

from mixroom.models import (
    Edition,
    Institution,
    LineageEdge,
    Network,
    Participation,
    Person,
    Prototype,
    Record,
    Site,
    Team,
    TeamMember,
)
from mixroom.models.sites import site_institutions
from mixroom.services.actors import Actor
from mixroom.services.catalogue import RESOURCES
from mixroom.services.institutions import INSTITUTIONS
from mixroom.services.lineage import LINEAGE
from mixroom.services.media import MEDIA
from mixroom.services.networks import EDITIONS, NETWORKS
from mixroom.services.people import PEOPLE
from mixroom.services.prototypes import PROTOTYPES
from mixroom.services.records import Resource, get_record, list_records
from mixroom.services.sites import PLAYGROUNDS, SITES
from mixroom.services.teams import TEAMS
from mixroom.services.topics import TOPICS_RESOURCE

Out = dict[str, Any]
#: the most related records a detail view shows of one kind (a site's prototypes...)
RELATED_LIMIT = 200

#: for each noun's list, the foreign keys whose names a list page shows beside each item
LABELS: dict[str, dict[str, tuple[type[Record], Any]]] = {
    "prototypes": {
        "site_id": (Site, Site.name),
        "team_id": (Team, Team.name),
        "institution_id": (Institution, Institution.name),
    },
    "sites": {"edition_id": (Edition, Edition.name)},
    "editions": {"network_id": (Network, Network.name)},
}


@dataclass
class ListView:
    """One page of a list in public shapes, with the names of the records they point to."""

    items: list[Out]
    total: int
    limit: int
    next_cursor: str | None
    #: ``labels["site_id"][3] == "Museomix Lyon"``
    labels: dict[str, dict[int, str]] = field(default_factory=dict)


def list_view(
    session: Session,
    noun: str,
    actor: Actor,
    filters: Mapping[str, str],
    *,
    cursor: str | None = None,
    limit: int = 50,
) -> ListView:
    """A page of ``noun`` as the API lists it, plus one query per linked noun for names."""
    resource = RESOURCES[noun]
    listing = list_records(session, resource, actor, filters, cursor=cursor, limit=limit)
    items = [resource.to_out(record) for record in listing.items]
    labels = {
        key: _names(session, model, column, {item[key] for item in items if item.get(key)})
        for key, (model, column) in LABELS.get(noun, {}).items()
    }
    return ListView(items, listing.total, listing.limit, listing.next_cursor, labels)


def _names(session: Session, model: type[Record], column: Any, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = session.execute(select(model.id, column).where(model.id.in_(ids)))
    return {row_id: name for row_id, name in rows}


def _visible(
    session: Session, resource: Resource[Any], actor: Actor, *where: ColumnElement[bool]
) -> list[Any]:
    """Records of ``resource`` matching ``where`` that the actor may see, in id order."""
    query: Select[Any] = select(resource.model).where(*where)
    restriction = resource.visible_to(actor)
    if restriction is not None:
        query = query.where(restriction)
    return list(session.scalars(query.order_by(resource.model.id).limit(RELATED_LIMIT)))


def _out_or_none(
    session: Session, resource: Resource[Any], actor: Actor, record_id: int | None
) -> Out | None:
    if record_id is None:
        return None
    return resource.to_out(get_record(session, resource, actor, record_id))


# -- prototypes ---------------------------------------------------------------------------


@dataclass
class PrototypeView:
    prototype: Out
    team: Out | None
    #: ``[{"person": PersonOut, "role": "coder"}]``
    members: list[Out]
    site: Out | None
    edition: Out | None
    network: Out | None
    institution: Out | None
    playground: Out | None
    topics: list[Out]
    media: list[Out]
    #: ``[{"kind": "remix-of", "direction": "from" | "to", "prototype": {"id", "title"}}]``
    lineage: list[Out]


def get_prototype_view(session: Session, actor: Actor, prototype_id: int) -> PrototypeView:
    """A prototype with its team and members, its event (site, edition, network) and more."""
    prototype = get_record(session, PROTOTYPES, actor, prototype_id)
    site = _out_or_none(session, SITES, actor, prototype.site_id)
    edition = None if site is None else _out_or_none(session, EDITIONS, actor, site["edition_id"])
    network = (
        None if edition is None else _out_or_none(session, NETWORKS, actor, edition["network_id"])
    )
    return PrototypeView(
        prototype=PROTOTYPES.to_out(prototype),
        team=_out_or_none(session, TEAMS, actor, prototype.team_id),
        members=[] if prototype.team_id is None else list_team_members(session, prototype.team_id),
        site=site,
        edition=edition,
        network=network,
        institution=_out_or_none(session, INSTITUTIONS, actor, prototype.institution_id),
        playground=_out_or_none(session, PLAYGROUNDS, actor, prototype.playground_id),
        topics=[TOPICS_RESOURCE.to_out(topic) for topic in prototype.topics],
        media=list_prototype_media(session, actor, prototype.id),
        lineage=list_lineage(session, actor, prototype.id),
    )


def list_prototype_media(session: Session, actor: Actor, prototype_id: int) -> list[Out]:
    """A prototype's media the actor may see: pictures of people only with their consent.

    Callers have already checked that the actor may see the prototype; the media resource's own
    visibility rule (the one the API applies) decides about each picture.
    """
    listing = list_records(
        session, MEDIA, actor, {"prototype_id": str(prototype_id)}, limit=RELATED_LIMIT
    )
    return [MEDIA.to_out(media) for media in listing.items]


def list_team_members(session: Session, team_id: int) -> list[Out]:
    """A team's members, each with their public profile and role, in one query."""
    rows = session.execute(
        select(TeamMember.role, Person)
        .join(Person, Person.id == TeamMember.person_id)
        .where(TeamMember.team_id == team_id)
        .order_by(TeamMember.id)
    )
    return [{"person": PEOPLE.to_out(person), "role": role} for role, person in rows]


def list_lineage(session: Session, actor: Actor, prototype_id: int) -> list[Out]:
    """Typed links from and to a prototype whose both ends the actor may see."""
    edges = _visible(
        session,
        LINEAGE,
        actor,
        or_(
            LineageEdge.from_prototype_id == prototype_id,
            LineageEdge.to_prototype_id == prototype_id,
        ),
    )
    others = {
        edge.to_prototype_id if edge.from_prototype_id == prototype_id else edge.from_prototype_id
        for edge in edges
    }
    titles = _names(session, Prototype, Prototype.title, others)
    views = []
    for edge in edges:
        outgoing = edge.from_prototype_id == prototype_id
        other = edge.to_prototype_id if outgoing else edge.from_prototype_id
        views.append(
            {
                "kind": edge.kind,
                "direction": "from" if outgoing else "to",
                "note": edge.note,
                "prototype": {"id": other, "title": titles.get(other, "")},
            }
        )
    return views


# -- sites, editions, institutions ---------------------------------------------------------


@dataclass
class SiteView:
    site: Out
    edition: Out
    network: Out
    playgrounds: list[Out]
    teams: list[Out]
    prototypes: list[Out]


def get_site_view(session: Session, actor: Actor, site_id: int) -> SiteView:
    site = get_record(session, SITES, actor, site_id)
    edition = get_record(session, EDITIONS, actor, site.edition_id)
    where_site = PLAYGROUNDS.model.site_id == site.id
    return SiteView(
        site=SITES.to_out(site),
        edition=EDITIONS.to_out(edition),
        network=NETWORKS.to_out(get_record(session, NETWORKS, actor, edition.network_id)),
        playgrounds=[
            PLAYGROUNDS.to_out(p) for p in _visible(session, PLAYGROUNDS, actor, where_site)
        ],
        teams=[TEAMS.to_out(t) for t in _visible(session, TEAMS, actor, Team.site_id == site.id)],
        prototypes=_prototypes(session, actor, Prototype.site_id == site.id),
    )


def _prototypes(session: Session, actor: Actor, where: ColumnElement[bool]) -> list[Out]:
    return [PROTOTYPES.to_out(p) for p in _visible(session, PROTOTYPES, actor, where)]


@dataclass
class EditionView:
    edition: Out
    network: Out
    sites: list[Out]
    #: visible prototypes per site id
    prototype_counts: dict[int, int]


def get_edition_view(session: Session, actor: Actor, edition_id: int) -> EditionView:
    edition = get_record(session, EDITIONS, actor, edition_id)
    sites = _visible(session, SITES, actor, Site.edition_id == edition.id)
    return EditionView(
        edition=EDITIONS.to_out(edition),
        network=NETWORKS.to_out(get_record(session, NETWORKS, actor, edition.network_id)),
        sites=[SITES.to_out(site) for site in sites],
        prototype_counts=_count_prototypes_by_site(session, actor, [site.id for site in sites]),
    )


def _count_prototypes_by_site(
    session: Session, actor: Actor, site_ids: list[int]
) -> dict[int, int]:
    if not site_ids:
        return {}
    query = (
        select(Prototype.site_id, func.count())
        .where(Prototype.site_id.in_(site_ids))
        .group_by(Prototype.site_id)
    )
    restriction = PROTOTYPES.visible_to(actor)
    if restriction is not None:
        query = query.where(restriction)
    return {site_id: number for site_id, number in session.execute(query) if site_id is not None}


@dataclass
class InstitutionView:
    institution: Out
    #: sites held at the institution, each with its edition's name
    sites: list[Out]
    edition_names: dict[int, str]
    prototypes: list[Out]


def get_institution_view(session: Session, actor: Actor, institution_id: int) -> InstitutionView:
    institution = get_record(session, INSTITUTIONS, actor, institution_id)
    held_here = Site.id.in_(
        select(site_institutions.c.site_id).where(
            site_institutions.c.institution_id == institution.id
        )
    )
    sites = [SITES.to_out(site) for site in _visible(session, SITES, actor, held_here)]
    edition_ids = {site["edition_id"] for site in sites}
    return InstitutionView(
        institution=INSTITUTIONS.to_out(institution),
        sites=sites,
        edition_names=_names(session, Edition, Edition.name, edition_ids),
        prototypes=_prototypes(session, actor, Prototype.institution_id == institution.id),
    )


# -- people -------------------------------------------------------------------------------


@dataclass
class PersonView:
    person: Out
    #: ``[{"role", "site": {"id", "name"}, "edition": {"id", "name", "year"}, "team": ...}]``
    roles: list[Out]
    prototypes: list[Out]


def get_person_view(session: Session, actor: Actor, person_id: int) -> PersonView:
    """A public profile with the person's roles across editions and their teams' prototypes."""
    person = get_record(session, PEOPLE, actor, person_id)
    roles = _participation_roles(session, person.id) + _team_roles(session, person.id)
    roles.sort(key=lambda role: (-(role["edition"]["year"] or 0), role["site"]["name"]))
    teams = select(TeamMember.team_id).where(TeamMember.person_id == person.id)
    return PersonView(
        person=PEOPLE.to_out(person),
        roles=roles,
        prototypes=_prototypes(session, actor, Prototype.team_id.in_(teams)),
    )


def _event(site: Site, edition: Edition) -> Out:
    return {
        "site": {"id": site.id, "name": site.name, "city": site.city},
        "edition": {"id": edition.id, "name": edition.name, "year": edition.year},
    }


def _participation_roles(session: Session, person_id: int) -> list[Out]:
    rows = session.execute(
        select(Participation.role, Site, Edition)
        .join(Site, Site.id == Participation.site_id)
        .join(Edition, Edition.id == Site.edition_id)
        .where(Participation.person_id == person_id)
    )
    return [{"role": role, "team": None, **_event(site, edition)} for role, site, edition in rows]


def _team_roles(session: Session, person_id: int) -> list[Out]:
    rows = session.execute(
        select(TeamMember.role, Team, Site, Edition)
        .join(Team, Team.id == TeamMember.team_id)
        .join(Site, Site.id == Team.site_id)
        .join(Edition, Edition.id == Site.edition_id)
        .where(TeamMember.person_id == person_id)
    )
    return [
        {"role": role, "team": {"id": team.id, "name": team.name}, **_event(site, edition)}
        for role, team, site, edition in rows
    ]


# -- home ---------------------------------------------------------------------------------

#: the nouns whose counts the home page shows, in its order
COUNTED = ("prototypes", "sites", "editions", "institutions", "people")


@dataclass
class HomeView:
    networks: list[Out]
    #: visible records per noun, e.g. ``{"prototypes": 937, ...}``
    counts: dict[str, int]
    latest_prototypes: list[Out]
    site_names: dict[int, str]


def get_home_view(session: Session, actor: Actor, latest: int = 6) -> HomeView:
    query = select(Prototype).order_by(Prototype.id.desc()).limit(latest)
    restriction = PROTOTYPES.visible_to(actor)
    if restriction is not None:
        query = query.where(restriction)
    newest = [PROTOTYPES.to_out(prototype) for prototype in session.scalars(query)]
    site_ids = {item["site_id"] for item in newest if item["site_id"]}
    return HomeView(
        networks=[NETWORKS.to_out(n) for n in _visible(session, NETWORKS, actor)],
        counts={noun: count_visible(session, RESOURCES[noun], actor) for noun in COUNTED},
        latest_prototypes=newest,
        site_names=_names(session, Site, Site.name, site_ids),
    )


def count_visible(session: Session, resource: Resource[Any], actor: Actor) -> int:
    query = select(func.count()).select_from(resource.model)
    restriction = resource.visible_to(actor)
    if restriction is not None:
        query = query.where(restriction)
    return session.scalar(query) or 0
