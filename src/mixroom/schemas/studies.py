"""What a stored impact study takes and returns (pages and GET /api/v1/studies)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints, model_validator

from mixroom.schemas.base import InModel
from mixroom.schemas.impact import ImpactOut

TargetKind = Literal["institution", "site", "edition"]
#: the same names as services.series.METRICS
Metric = Literal["posts", "authors", "engagement", "negative_share"]
ControlMode = Literal["chosen", "none", "proposed"]
MAX_CONTROLS = 20


class EntityRef(InModel):
    """An institution, a site or an edition, by id."""

    kind: TargetKind
    id: int = Field(ge=1)


class StudyCreate(InModel):
    """A study: what changed when, measured on which daily series, against which controls."""

    title: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    target: EntityRef
    metric: Metric = "posts"
    start: dt.date = Field(description="First day of the intervention.")
    end: dt.date | None = Field(default=None, description="Last day of the effect window.")
    control_mode: ControlMode = Field(
        default="proposed",
        description="chosen: the controls listed; none: an interrupted time series; proposed: "
        "the most correlated entities of the same kind before the date.",
    )
    controls: list[EntityRef] = Field(default=[], max_length=MAX_CONTROLS)
    public: bool = False

    @model_validator(mode="after")
    def _coherent(self) -> StudyCreate:
        if self.end is not None and self.end < self.start:
            raise ValueError("the end of the window comes before the intervention date")
        if self.control_mode == "chosen" and not self.controls:
            raise ValueError("choose at least one control, or let them be proposed")
        if self.control_mode != "chosen":
            self.controls = []
        if self.target in self.controls:
            raise ValueError("the target cannot be its own control")
        return self


class EntityOut(BaseModel):
    kind: str
    id: int
    name: str


class StudyOut(BaseModel):
    """A study as lists show it; ``result`` only in the detail."""

    id: int
    version: int
    title: str
    target: EntityOut
    metric: str
    start: dt.date
    end: dt.date | None
    control_mode: str
    controls: list[EntityOut]
    public: bool
    created_by: str | None
    created_at: dt.datetime
    updated_at: dt.datetime
    computed_at: dt.datetime | None


class StudyDetail(StudyOut):
    """A study with its result (computed from the stored posts) or why there is none."""

    used_controls: list[EntityOut] = Field(
        default=[], description="The controls the estimate used (the proposed ones included)."
    )
    result: ImpactOut | None
    error: str | None = None
