"""Stored impact studies over the API: public ones for everyone, one's own with a token."""

from __future__ import annotations

from fastapi import APIRouter

from mixroom.schemas.studies import StudyDetail, StudyOut
from mixroom.services.studies import describe, get_study_detail, list_studies
from mixroom.web.deps import CurrentActor, SessionDep

router = APIRouter(tags=["studies"])


@router.get("/studies", response_model=list[StudyOut])
def studies(session: SessionDep, actor: CurrentActor) -> list[StudyOut]:
    """Public impact studies, and the caller's own (every study for an admin), newest first."""
    return [describe(session, study) for study in list_studies(session, actor)]


@router.get("/studies/{study_id}", response_model=StudyDetail)
def study(study_id: int, session: SessionDep, actor: CurrentActor) -> StudyDetail:
    """One study with its result, recomputed when its posts changed since it was cached."""
    detail = get_study_detail(session, actor, study_id)
    session.commit()
    return detail
