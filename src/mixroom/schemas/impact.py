"""What POST /api/v1/impact takes and returns (the same object as ``mixroom impact --json``)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from mixroom.schemas.base import InModel

MAX_DATES = 5000
MAX_SERIES = 60


class ImpactCreate(InModel):
    """Series in the body: one list of dates, one list of values (null = missing) per series."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    dates: list[dt.date] = Field(min_length=3, max_length=MAX_DATES)
    series: dict[str, list[float | None]] = Field(min_length=1, max_length=MAX_SERIES)
    target: str = Field(description="The series the intervention may move.")
    start: dt.date = Field(alias="date", description="First day of the intervention.")
    end: dt.date | None = Field(default=None, description="Last day of the effect window.")
    controls: list[str] | None = Field(
        default=None, description="Control series; null means every other series."
    )
    no_controls: bool = Field(default=False, description="An interrupted time series.")
    stock: bool = Field(
        default=False,
        description="The series are running totals (followers): analysed by their daily gains.",
    )
    languages: list[Literal["en", "fr"]] = Field(default=["en", "fr"], min_length=1)


class IntervalOut(BaseModel):
    estimate: float | None
    lower: float | None
    upper: float | None


class EffectOut(BaseModel):
    """The effect over the window; relative effects are fractions, bounds of the 95 % interval."""

    cumulative: float | None
    cumulative_lower: float | None
    cumulative_upper: float | None
    average: float | None
    average_lower: float | None
    average_upper: float | None
    relative: float | None
    relative_lower: float | None
    relative_upper: float | None


class PlacebosOut(BaseModel):
    runs: int
    false_alarms: int
    rate: float | None
    inflation: float


class NoticeOut(BaseModel):
    code: str
    values: dict[str, str | float | int]


class PathOut(BaseModel):
    dates: list[str]
    observed: list[float | None]
    counterfactual: list[float | None]
    counterfactual_lower: list[float | None]
    counterfactual_upper: list[float | None]
    effect: list[float | None]
    effect_lower: list[float | None]
    effect_upper: list[float | None]
    cumulative: list[float | None]
    cumulative_lower: list[float | None]
    cumulative_upper: list[float | None]


class ImpactOut(BaseModel):
    design: Literal["structural", "interrupted"]
    target: str
    controls: list[str]
    start: str
    end: str
    frequency: str
    level: float
    pre_periods: int
    post_periods: int
    count_model: bool
    observed: float
    counterfactual: IntervalOut
    cumulative: IntervalOut
    average: IntervalOut
    relative: IntervalOut
    effect: EffectOut
    p: float = Field(description="Two-sided posterior tail area of the cumulative effect at 0.")
    probability: float = Field(description="Posterior probability of an effect of that sign.")
    pre_r2: float
    placebos: PlacebosOut
    notices: list[NoticeOut]
    path: PathOut
    coefficients: dict[str, float]
    summary: dict[str, str]
