"""Follow-ups: dated check-ins on prototypes and sites after the event."""

from __future__ import annotations

from sqlalchemy import ColumnElement, or_
from sqlalchemy.orm import Session

from mixroom.errors import InvalidInput
from mixroom.models import FollowUp, Prototype
from mixroom.models.followups import FOLLOWUP_STATES
from mixroom.schemas.followups import FollowUpCreate, FollowUpOut, FollowUpUpdate
from mixroom.services.actors import Actor, Scope
from mixroom.services.chains import prototype_chain, site_chain
from mixroom.services.filters import equals_int, equals_text
from mixroom.services.prototypes import PROTOTYPES
from mixroom.services.records import Resource
from mixroom.services.visibility import visible_prototype_ids


def _chain(session: Session, followup: FollowUp) -> list[Scope]:
    if followup.prototype_id is None and followup.site_id is None:
        raise InvalidInput("a follow-up is about a prototype or a site")
    if followup.prototype_id is not None:
        return prototype_chain(session, followup.prototype_id)
    return site_chain(session, followup.site_id)


def _visible_to(actor: Actor) -> ColumnElement[bool] | None:
    ids = visible_prototype_ids(actor)
    if ids is None:
        return None
    return or_(FollowUp.prototype_id.is_(None), FollowUp.prototype_id.in_(ids))


def _is_visible(session: Session, actor: Actor, followup: FollowUp) -> bool:
    if followup.prototype_id is None:
        return True
    prototype = session.get(Prototype, followup.prototype_id)
    return prototype is not None and PROTOTYPES.is_visible(session, actor, prototype)


FOLLOWUPS = Resource(
    noun="followups",
    title="follow-up",
    model=FollowUp,
    out=FollowUpOut,
    create=FollowUpCreate,
    update=FollowUpUpdate,
    chain=_chain,
    filters={
        "prototype_id": equals_int(FollowUp.prototype_id),
        "site_id": equals_int(FollowUp.site_id),
        "state": equals_text(FollowUp.state, FOLLOWUP_STATES),
    },
    visible_to=_visible_to,
    is_visible=_is_visible,
)
