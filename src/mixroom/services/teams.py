"""Teams, their members, and people's roles at sites."""

from __future__ import annotations

from sqlalchemy.orm import Session

from mixroom.models import Participation, Team, TeamMember
from mixroom.models.participations import ROLES
from mixroom.schemas.participations import (
    ParticipationCreate,
    ParticipationOut,
    ParticipationUpdate,
)
from mixroom.schemas.teams import (
    TeamCreate,
    TeamMemberCreate,
    TeamMemberOut,
    TeamMemberUpdate,
    TeamOut,
    TeamUpdate,
)
from mixroom.services.actors import Scope
from mixroom.services.chains import site_chain, team_chain
from mixroom.services.filters import contains, equals_int, equals_text
from mixroom.services.records import Resource


def _team_chain(session: Session, team: Team) -> list[Scope]:
    own: list[Scope] = [] if team.id is None else [("teams", team.id)]
    return own + site_chain(session, team.site_id)


def _member_chain(session: Session, member: TeamMember) -> list[Scope]:
    return team_chain(session, member.team_id)


def _participation_chain(session: Session, participation: Participation) -> list[Scope]:
    return site_chain(session, participation.site_id)


TEAMS = Resource(
    noun="teams",
    title="team",
    model=Team,
    out=TeamOut,
    create=TeamCreate,
    update=TeamUpdate,
    chain=_team_chain,
    filters={"site_id": equals_int(Team.site_id), "q": contains(Team.name)},
)

TEAM_MEMBERS = Resource(
    noun="team-members",
    title="team member",
    model=TeamMember,
    out=TeamMemberOut,
    create=TeamMemberCreate,
    update=TeamMemberUpdate,
    chain=_member_chain,
    filters={
        "team_id": equals_int(TeamMember.team_id),
        "person_id": equals_int(TeamMember.person_id),
        "role": equals_text(TeamMember.role, ROLES),
    },
)

PARTICIPATIONS = Resource(
    noun="participations",
    title="participation",
    model=Participation,
    out=ParticipationOut,
    create=ParticipationCreate,
    update=ParticipationUpdate,
    chain=_participation_chain,
    filters={
        "site_id": equals_int(Participation.site_id),
        "person_id": equals_int(Participation.person_id),
        "role": equals_text(Participation.role, ROLES),
    },
)
