"""Causal impact over the API: the series come in the body, nothing is stored."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from mixroom.analysis.impact import words
from mixroom.analysis.impact.study import estimate_impact
from mixroom.analysis.series import table_from_columns
from mixroom.errors import InvalidInput
from mixroom.schemas.impact import ImpactCreate, ImpactOut

router = APIRouter(tags=["impact"])


@router.post("/impact", response_model=ImpactOut)
def impact(body: ImpactCreate) -> dict[str, Any]:
    """Estimate an intervention's effect on one series, with a counterfactual and intervals."""
    if body.no_controls and body.controls is not None:
        raise InvalidInput("controls and no_controls exclude each other")
    result = estimate_impact(
        table_from_columns(body.dates, body.series),
        body.target,
        body.start,
        controls=[] if body.no_controls else body.controls,
        end=body.end,
        stock=body.stock,
    )
    summary = {code: words.summarise(result, code) for code in body.languages}
    return {**result.to_dict(), "summary": summary}
