from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from mixroom.models.followups import FOLLOWUP_STATES, OUTCOMES, RESPONDENTS
from mixroom.schemas.base import InModel, LongText, OutModel
from mixroom.schemas.prototypes import Status

State = Literal[FOLLOWUP_STATES]  # type: ignore[valid-type]
Respondent = Literal[RESPONDENTS]  # type: ignore[valid-type]
Outcome = Literal[OUTCOMES]  # type: ignore[valid-type]


class FollowUpCreate(InModel):
    prototype_id: int | None = None
    site_id: int | None = None
    months_after: int | None = Field(default=None, ge=0, le=120)
    due_on: date | None = None
    answered_on: date | None = None
    state: State = "scheduled"
    respondent: Respondent = "team"
    prototype_status: Status | None = None
    still_used_by_museum: bool | None = None
    progress: int | None = Field(default=None, ge=0, le=100)
    outcomes: list[Outcome] = []
    evidence: LongText = ""
    notes: LongText = ""


class FollowUpUpdate(InModel):
    months_after: int | None = Field(default=None, ge=0, le=120)
    due_on: date | None = None
    answered_on: date | None = None
    state: State | None = None
    respondent: Respondent | None = None
    prototype_status: Status | None = None
    still_used_by_museum: bool | None = None
    progress: int | None = Field(default=None, ge=0, le=100)
    outcomes: list[Outcome] | None = None
    evidence: LongText | None = None
    notes: LongText | None = None


class FollowUpOut(OutModel):
    prototype_id: int | None
    site_id: int | None
    months_after: int | None
    due_on: date | None
    answered_on: date | None
    state: str
    respondent: str
    prototype_status: str | None
    still_used_by_museum: bool | None
    progress: int | None
    outcomes: list[str]
    evidence: str
    notes: str
