"""What the public, and each actor, may see of unpublished work.

Drafts are seen only by those who may edit them: their team, the organisers of their site,
community or network, and the instance admin.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, Select, false, or_, select

from mixroom.models import Edition, Media, Prototype, Site
from mixroom.services.actors import Actor


def editable_sites(actor: Actor) -> Select[int] | None:
    """Ids of the sites the actor organises, directly or through a community or network."""
    sites, communities, networks = (
        actor.scopes("sites"),
        actor.scopes("communities"),
        actor.scopes("networks"),
    )
    if not (sites or communities or networks):
        return None
    editions = select(Edition.id).where(Edition.network_id.in_(networks))
    return select(Site.id).where(
        or_(Site.id.in_(sites), Site.community_id.in_(communities), Site.edition_id.in_(editions))
    )


def editable_prototypes(actor: Actor) -> ColumnElement[bool]:
    """SQL condition: prototypes the actor may edit (and so see as drafts)."""
    parts: list[ColumnElement[bool]] = []
    teams = actor.scopes("teams")
    if teams:
        parts.append(Prototype.team_id.in_(teams))
    sites = editable_sites(actor)
    if sites is not None:
        parts.append(Prototype.site_id.in_(sites))
    return or_(*parts) if parts else false()


def visible_prototypes(actor: Actor) -> ColumnElement[bool] | None:
    if actor.is_admin:
        return None
    published = Prototype.visibility == "public"
    if actor.is_public:
        return published
    return or_(published, editable_prototypes(actor))


def visible_prototype_ids(actor: Actor) -> Select[int] | None:
    """A sub-query of the prototype ids the actor may see; None means all."""
    condition = visible_prototypes(actor)
    return None if condition is None else select(Prototype.id).where(condition)


def public_media_condition() -> ColumnElement[bool]:
    """Images of people are public only with their consent."""
    return or_(Media.shows_people.is_(False), Media.consent_given.is_(True))
