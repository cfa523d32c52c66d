"""ImpactStudy: a stored causal-impact study of an institution, a site or an edition.

The study names its target, the daily metric of the posts about it, the intervention date and
its controls; the estimate is computed from the stored posts and cached with the fingerprint of
the series it came from, so it is recomputed only when those series change.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from mixroom.models.base import Record

TARGET_KINDS = ("institution", "site", "edition")
#: chosen controls, none (an interrupted time series) or proposed by pre-period correlation
CONTROL_MODES = ("chosen", "none", "proposed")


class ImpactStudy(Record):
    __tablename__ = "impact_studies"
    noun = "studies"

    title: Mapped[str] = mapped_column(String(200))
    target_kind: Mapped[str] = mapped_column(String(20))
    target_id: Mapped[int] = mapped_column()
    #: one of services.series.METRICS
    metric: Mapped[str] = mapped_column(String(40), default="posts")
    #: the first day of the intervention, and the last day of the effect window (None: the data)
    start: Mapped[date] = mapped_column(Date)
    end: Mapped[date | None] = mapped_column(Date, default=None)
    control_mode: Mapped[str] = mapped_column(String(20), default="proposed")
    #: [{"kind": "institution", "id": 3}, ...] when the controls are chosen
    controls: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    public: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True, default=None
    )
    #: the last result (ImpactResult.to_dict() plus the controls used) and what it came from
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    fingerprint: Mapped[str | None] = mapped_column(String(64), default=None)
    computed_at: Mapped[datetime | None] = mapped_column(default=None)
