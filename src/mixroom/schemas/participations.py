from __future__ import annotations

from typing import Literal

from mixroom.models.participations import ROLES
from mixroom.schemas.base import InModel, OutModel

Role = Literal[ROLES]  # type: ignore[valid-type]


class ParticipationCreate(InModel):
    person_id: int
    site_id: int
    role: Role = "participant"


class ParticipationUpdate(InModel):
    role: Role | None = None


class ParticipationOut(OutModel):
    person_id: int
    site_id: int
    role: str
