"""History: a snapshot of a record's public shape after each change."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mixroom.models import Record, Revision

if TYPE_CHECKING:
    from mixroom.services.actors import Actor


def record_revision(
    session: Session,
    noun: str,
    record: Record,
    action: str,
    snapshot: dict[str, Any],
    actor: Actor,
) -> Revision:
    revision = Revision(
        noun=noun,
        record_id=record.id,
        version=record.version,
        action=action,
        data=snapshot,
        user_id=actor.user_id,
    )
    session.add(revision)
    session.flush()
    return revision


def list_revisions(session: Session, noun: str, record_id: int) -> list[Revision]:
    """Every snapshot of one record, oldest first."""
    query = (
        select(Revision)
        .where(Revision.noun == noun, Revision.record_id == record_id)
        .order_by(Revision.id)
    )
    return list(session.scalars(query))
