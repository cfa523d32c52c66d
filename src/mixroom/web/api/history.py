"""The history of a record: every snapshot, oldest first."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from mixroom.errors import NotFound
from mixroom.services.catalogue import RESOURCES
from mixroom.services.history import list_revisions
from mixroom.services.records import get_record
from mixroom.web.deps import CurrentActor, SessionDep

router = APIRouter(tags=["history"])


@router.get("/{noun}/{record_id}/history")
def history(noun: str, record_id: int, session: SessionDep, actor: CurrentActor) -> dict[str, Any]:
    """Versions of a record the caller may see, with who changed it and when."""
    resource = RESOURCES.get(noun)
    if resource is None:
        raise NotFound(f"no such kind of record: {noun}")
    get_record(session, resource, actor, record_id)
    return {
        "items": [
            {
                "version": revision.version,
                "action": revision.action,
                "at": revision.created_at.isoformat(),
                "data": revision.data,
            }
            for revision in list_revisions(session, noun, record_id)
        ]
    }
