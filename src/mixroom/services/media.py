"""Media records: photos, videos and sounds of prototypes and sites."""

from __future__ import annotations

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from mixroom.errors import InvalidInput
from mixroom.models import Media, Prototype
from mixroom.models.media import MEDIA_KINDS
from mixroom.schemas.media import MediaCreate, MediaOut, MediaUpdate
from mixroom.services.actors import Actor, Scope, may_edit
from mixroom.services.chains import prototype_chain, site_chain
from mixroom.services.filters import equals_int, equals_text
from mixroom.services.records import Resource
from mixroom.services.visibility import editable_prototypes, editable_sites, public_media_condition


def _chain(session: Session, media: Media) -> list[Scope]:
    if media.prototype_id is None and media.site_id is None:
        raise InvalidInput("a media record belongs to a prototype or a site")
    if media.prototype_id is not None:
        return prototype_chain(session, media.prototype_id)
    return site_chain(session, media.site_id)


def _visible_to(actor: Actor) -> ColumnElement[bool] | None:
    if actor.is_admin:
        return None
    public = Prototype.visibility == "public"
    published = or_(
        Media.prototype_id.is_(None), Media.prototype_id.in_(select(Prototype.id).where(public))
    )
    condition = public_media_condition() & published
    if actor.is_public:
        return condition
    editable = [Media.prototype_id.in_(select(Prototype.id).where(editable_prototypes(actor)))]
    sites = editable_sites(actor)
    if sites is not None:
        editable.append(Media.site_id.in_(sites))
    return or_(condition, *editable)


def _is_visible(session: Session, actor: Actor, media: Media) -> bool:
    if may_edit(actor, _chain(session, media)):
        return True
    if media.shows_people and not media.consent_given:
        return False
    prototype = None if media.prototype_id is None else session.get(Prototype, media.prototype_id)
    return prototype is None or prototype.visibility == "public"


MEDIA = Resource(
    noun="media",
    title="media record",
    model=Media,
    out=MediaOut,
    create=MediaCreate,
    update=MediaUpdate,
    chain=_chain,
    filters={
        "prototype_id": equals_int(Media.prototype_id),
        "site_id": equals_int(Media.site_id),
        "kind": equals_text(Media.kind, MEDIA_KINDS),
    },
    visible_to=_visible_to,
    is_visible=_is_visible,
)
