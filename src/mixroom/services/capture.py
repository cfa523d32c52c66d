"""Quick capture: a prototype documented from a phone in three short steps.

1. ``save_draft``: title, one-line pitch and site make a *draft* prototype (the team's own,
   seen by nobody else); the page calls it again as the team types (autosave).
2. a photo (``media_files.add_photo``).
3. ``save_team``: the team's name, its members and their roles, and whether to publish now or
   keep the prototype as a team-only draft.

Every write goes through the prototype and team resources (or records a revision itself), so
permissions and history are those of the commons.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from mixroom.errors import InvalidInput, PermissionDenied
from mixroom.models import Person, Prototype, Revision, Site, Team, TeamMember
from mixroom.models.base import utcnow
from mixroom.models.participations import ROLES
from mixroom.schemas.prototypes import PrototypeCreate, PrototypeUpdate
from mixroom.schemas.teams import TeamCreate, TeamUpdate
from mixroom.services.actors import Actor, may_edit, require_edit
from mixroom.services.chains import site_chain, team_chain
from mixroom.services.history import record_revision
from mixroom.services.invites import unique_handle
from mixroom.services.people import PEOPLE
from mixroom.services.prototypes import PROTOTYPES
from mixroom.services.records import create_record, get_record, update_record
from mixroom.services.teams import TEAM_MEMBERS, TEAMS
from mixroom.services.visibility import editable_sites

TITLE_MAX = 300
PITCH_MAX = 500
MAX_MEMBERS = 30
#: autosaves by one person within this time of their last revision update it, not add one
AUTOSAVE_WINDOW = timedelta(minutes=10)


def capture_sites(session: Session, actor: Actor) -> list[Site]:
    """The sites where the actor may document a prototype: their teams' and those they run."""
    if actor.is_public:
        return []
    query = select(Site).order_by(Site.name, Site.id)
    if not actor.is_admin:
        teams = select(Team.site_id).where(Team.id.in_(actor.scopes("teams")))
        organised = editable_sites(actor)
        conditions = [Site.id.in_(teams)]
        if organised is not None:
            conditions.append(Site.id.in_(organised))
        query = query.where(or_(*conditions))
    return list(session.scalars(query))


def team_of_actor_at(session: Session, actor: Actor, site_id: int) -> Team | None:
    """The actor's own team at a site, if they are in one (the first one they joined)."""
    teams = actor.scopes("teams")
    if not teams:
        return None
    query = select(Team).where(Team.site_id == site_id, Team.id.in_(teams)).order_by(Team.id)
    return session.scalars(query.limit(1)).first()


@dataclass(frozen=True)
class Draft:
    title: str
    pitch: str
    site_id: int | None
    language: str = "en"


def save_draft(session: Session, actor: Actor, prototype_id: int | None, draft: Draft) -> Prototype:
    """Create the draft prototype, or update its title, pitch and site."""
    title, pitch = " ".join(draft.title.split()), " ".join(draft.pitch.split())
    if not title:
        raise InvalidInput("give your prototype a title", errors=[{"field": "title"}])
    if len(title) > TITLE_MAX or len(pitch) > PITCH_MAX:
        raise InvalidInput(
            f"keep the title under {TITLE_MAX} and the pitch under {PITCH_MAX} characters",
            errors=[{"field": "title" if len(title) > TITLE_MAX else "subtitle"}],
        )
    sites = {site.id for site in capture_sites(session, actor)}
    if draft.site_id is None or draft.site_id not in sites:
        raise InvalidInput("choose the site where you made it", errors=[{"field": "site_id"}])
    team = team_of_actor_at(session, actor, draft.site_id)
    team_id = None if team is None else team.id
    if prototype_id is None:
        data = PrototypeCreate(
            title=title,
            subtitle=pitch,
            site_id=draft.site_id,
            team_id=team_id,
            visibility="draft",
            language=draft.language,
        )
        return create_record(session, PROTOTYPES, actor, data)
    current = get_record(session, PROTOTYPES, actor, prototype_id)
    changes: dict[str, object] = {}
    if (current.title, current.subtitle) != (title, pitch):
        changes.update(title=title, subtitle=pitch)
    if current.site_id != draft.site_id:
        changes.update(site_id=draft.site_id, team_id=team_id)
    if not changes:
        return current
    return update_record(
        session, PROTOTYPES, actor, prototype_id, PrototypeUpdate.model_validate(changes)
    )


def autosave_draft(
    session: Session, actor: Actor, prototype_id: int | None, draft: Draft
) -> Prototype:
    """``save_draft`` as the team types: one revision per person and ten minutes, not per burst.

    When the prototype's last revision is an update by the same person less than
    ``AUTOSAVE_WINDOW`` ago, that revision takes the new state instead of a new one being
    added; so the history shows what changed, not every pause in the typing.
    """
    before = None if prototype_id is None else _last_revision(session, prototype_id)
    prototype = save_draft(session, actor, prototype_id, draft)
    after = _last_revision(session, prototype.id)
    coalesce = (
        before is not None
        and after is not None
        and after.id != before.id
        and before.action == "update"
        and before.user_id is not None
        and before.user_id == actor.user_id == after.user_id
        and utcnow() - before.created_at < AUTOSAVE_WINDOW
    )
    if coalesce and before is not None and after is not None:
        before.data, before.version = after.data, after.version
        session.delete(after)
        session.flush()
    return prototype


def _last_revision(session: Session, prototype_id: int) -> Revision | None:
    query = (
        select(Revision)
        .where(Revision.noun == "prototypes", Revision.record_id == prototype_id)
        .order_by(Revision.id.desc())
        .limit(1)
    )
    return session.scalars(query).first()


@dataclass(frozen=True)
class Member:
    name: str
    role: str = "participant"


def save_team(
    session: Session,
    actor: Actor,
    prototype_id: int,
    team_name: str,
    members: Sequence[Member],
    publish: bool,
) -> Prototype:
    """Name the team, record its members with their roles, and publish or keep as a draft."""
    prototype = get_record(session, PROTOTYPES, actor, prototype_id)
    require_edit(actor, PROTOTYPES.chain(session, prototype), "this prototype")
    name = " ".join(team_name.split())[:300]
    team = _ensure_team(session, actor, prototype, name)
    for member in members[:MAX_MEMBERS]:
        _add_member(session, actor, team, member)
    if actor.person_id is not None:
        _add_member(session, actor, team, None)
    visibility = "public" if publish else "draft"
    changes: dict[str, object] = {"team_id": team.id, "visibility": visibility}
    if prototype.team_id == team.id and prototype.visibility == visibility:
        return prototype
    return update_record(
        session, PROTOTYPES, actor, prototype.id, PrototypeUpdate.model_validate(changes)
    )


def _ensure_team(session: Session, actor: Actor, prototype: Prototype, name: str) -> Team:
    if prototype.team_id is not None:
        team = session.get(Team, prototype.team_id)
        if team is not None:
            if name and name != team.name:
                update_record(session, TEAMS, actor, team.id, TeamUpdate(name=name))
            return team
    if prototype.site_id is None:
        raise InvalidInput("choose the site first", errors=[{"field": "site_id"}])
    if not may_edit(actor, site_chain(session, prototype.site_id)):
        raise PermissionDenied("only the site's organisers may start a team here")
    data = TeamCreate(site_id=prototype.site_id, name=name or prototype.title[:300])
    return create_record(session, TEAMS, actor, data)


def _add_member(session: Session, actor: Actor, team: Team, member: Member | None) -> None:
    """Add a person by name (a new public profile), or the actor (``None``), to the team."""
    require_edit(actor, team_chain(session, team.id), "this team")
    if member is None:
        person = session.get(Person, actor.person_id)
        role = "participant"
    else:
        name = " ".join(member.name.split())[:300]
        if not name:
            return
        if member.role not in ROLES:
            raise InvalidInput(f"unknown role {member.role!r}", errors=[{"field": "role"}])
        person = _member_named(session, team.id, name)
        role = member.role
        if person is None:
            person = Person(handle=unique_handle(session, name), display_name=name)
            session.add(person)
            session.flush()
            record_revision(session, "people", person, "create", PEOPLE.to_out(person), actor)
    if person is None:
        return
    existing = session.scalar(
        select(TeamMember).where(TeamMember.team_id == team.id, TeamMember.person_id == person.id)
    )
    if existing is not None:
        if member is not None and existing.role != role:
            existing.role = role
            session.flush()
            out = TEAM_MEMBERS.to_out(existing)
            record_revision(session, "team-members", existing, "update", out, actor)
        return
    row = TeamMember(team_id=team.id, person_id=person.id, role=role)
    session.add(row)
    session.flush()
    record_revision(session, "team-members", row, "create", TEAM_MEMBERS.to_out(row), actor)


def _member_named(session: Session, team_id: int, name: str) -> Person | None:
    query = (
        select(Person)
        .join(TeamMember, TeamMember.person_id == Person.id)
        .where(TeamMember.team_id == team_id, Person.display_name == name)
    )
    return session.scalars(query.limit(1)).first()
