"""Lineage: typed links between prototypes across sites and years."""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_
from sqlalchemy.orm import Session

from mixroom.errors import InvalidInput
from mixroom.models import LineageEdge, Prototype
from mixroom.models.lineage import LINEAGE_KINDS
from mixroom.schemas.lineage import LineageEdgeCreate, LineageEdgeOut, LineageEdgeUpdate
from mixroom.services.actors import Actor, Scope
from mixroom.services.chains import prototype_chain
from mixroom.services.filters import equals_int, equals_text
from mixroom.services.prototypes import PROTOTYPES
from mixroom.services.records import Resource
from mixroom.services.visibility import visible_prototype_ids


def _chain(session: Session, edge: LineageEdge) -> list[Scope]:
    """Who may record that B descends from A: those who may edit B (the later work)."""
    if edge.from_prototype_id == edge.to_prototype_id:
        raise InvalidInput("a prototype cannot descend from itself")
    return prototype_chain(session, edge.from_prototype_id)


def _visible_to(actor: Actor) -> ColumnElement[bool] | None:
    ids = visible_prototype_ids(actor)
    if ids is None:
        return None
    return and_(LineageEdge.from_prototype_id.in_(ids), LineageEdge.to_prototype_id.in_(ids))


def _is_visible(session: Session, actor: Actor, edge: LineageEdge) -> bool:
    ends = (
        session.get(Prototype, edge.from_prototype_id),
        session.get(Prototype, edge.to_prototype_id),
    )
    return all(end is not None and PROTOTYPES.is_visible(session, actor, end) for end in ends)


LINEAGE = Resource(
    noun="lineage",
    title="lineage link",
    model=LineageEdge,
    out=LineageEdgeOut,
    create=LineageEdgeCreate,
    update=LineageEdgeUpdate,
    chain=_chain,
    filters={
        "from_prototype_id": equals_int(LineageEdge.from_prototype_id),
        "to_prototype_id": equals_int(LineageEdge.to_prototype_id),
        "kind": equals_text(LineageEdge.kind, LINEAGE_KINDS),
    },
    visible_to=_visible_to,
    is_visible=_is_visible,
)
