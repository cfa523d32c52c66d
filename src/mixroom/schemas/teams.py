from __future__ import annotations

from mixroom.schemas.base import InModel, LongText, Name, OutModel
from mixroom.schemas.participations import Role


class TeamCreate(InModel):
    site_id: int
    name: Name
    description: LongText = ""


class TeamUpdate(InModel):
    name: Name | None = None
    description: LongText | None = None


class TeamOut(OutModel):
    site_id: int
    name: str
    description: str


class TeamMemberCreate(InModel):
    team_id: int
    person_id: int
    role: Role = "participant"


class TeamMemberUpdate(InModel):
    role: Role | None = None


class TeamMemberOut(OutModel):
    team_id: int
    person_id: int
    role: str
