from __future__ import annotations

from typing import Literal

from mixroom.models.lineage import LINEAGE_KINDS
from mixroom.schemas.base import InModel, LongText, OutModel

Kind = Literal[LINEAGE_KINDS]  # type: ignore[valid-type]


class LineageEdgeCreate(InModel):
    from_prototype_id: int
    to_prototype_id: int
    kind: Kind
    institution_id: int | None = None
    note: LongText = ""


class LineageEdgeUpdate(InModel):
    kind: Kind | None = None
    institution_id: int | None = None
    note: LongText | None = None


class LineageEdgeOut(OutModel):
    from_prototype_id: int
    to_prototype_id: int
    kind: str
    institution_id: int | None
    note: str
