"""Invites: how a new participant gets an account, from an organiser, in one screen.

An organiser of a site (or of its community or network) issues an invite link for the site, or
for one team of it. The invite is a signed token (HMAC-SHA256 keyed with the instance secret)
that carries the site, the team and an expiry, so it needs no table and cannot be forged or
altered. Whoever opens the link chooses a username and a password; the account gets a public
profile (a ``Person``) and joins the invite's team, or a new team of its own at the site.
Rights then come from team membership only (decision 8): the newcomer may edit their team's
prototypes and nothing else.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import time
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from mixroom.errors import InvalidInput, NotFound
from mixroom.models import Person, Site, Team, TeamMember, User
from mixroom.models.participations import ROLES
from mixroom.services.accounts import create_user
from mixroom.services.actors import Actor, require_edit
from mixroom.services.chains import site_chain, team_chain
from mixroom.services.history import record_revision
from mixroom.services.people import PEOPLE
from mixroom.services.teams import TEAM_MEMBERS, TEAMS
from mixroom.slugs import slugify

DEFAULT_DAYS = 7
MAX_DAYS = 90
USERNAME = re.compile(r"[A-Za-z0-9_.-]{2,40}")


@dataclass(frozen=True)
class Invite:
    site_id: int
    team_id: int | None
    expires: int


def _sign(secret: str, payload: str) -> str:
    digest = hmac.new(secret.encode(), f"invite|{payload}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def issue_invite(
    session: Session,
    actor: Actor,
    secret: str,
    site_id: int,
    team_id: int | None = None,
    days: int = DEFAULT_DAYS,
) -> str:
    """A signed invite token; only those who may change the site (or the team) issue one."""
    if not 1 <= days <= MAX_DAYS:
        raise InvalidInput(f"an invite lasts from 1 to {MAX_DAYS} days", errors=[{"field": "days"}])
    if session.get(Site, site_id) is None:
        raise NotFound(f"no site with id {site_id}")
    if team_id is None:
        require_edit(actor, site_chain(session, site_id), "who joins this site")
    else:
        team = session.get(Team, team_id)
        if team is None or team.site_id != site_id:
            raise NotFound(f"no team with id {team_id} at site {site_id}")
        require_edit(actor, team_chain(session, team_id), "who joins this team")
    raw = {"s": site_id, "t": team_id, "e": int(time.time()) + days * 86400}
    payload = base64.urlsafe_b64encode(json.dumps(raw).encode()).decode().rstrip("=")
    return f"{payload}.{_sign(secret, payload)}"


def read_invite(secret: str, token: str, now: float | None = None) -> Invite:
    """The invite a token carries, or NotFound when it is forged, altered or expired."""
    payload, _, signature = token.partition(".")
    invalid = NotFound("this invite link is not valid: ask your organiser for a new one")
    if not payload or not hmac.compare_digest(signature, _sign(secret, payload)):
        raise invalid
    try:
        raw = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        invite = Invite(site_id=int(raw["s"]), team_id=raw["t"], expires=int(raw["e"]))
    except (ValueError, KeyError, TypeError) as error:
        raise invalid from error
    if invite.expires < (time.time() if now is None else now):
        raise NotFound("this invite link has expired: ask your organiser for a new one")
    return invite


@dataclass(frozen=True)
class Newcomer:
    username: str
    display_name: str
    password: str
    role: str = "participant"


def join_with_invite(session: Session, secret: str, token: str, newcomer: Newcomer) -> User:
    """An account, its public profile and a place in a team, from an invite."""
    invite = read_invite(secret, token)
    site = session.get(Site, invite.site_id)
    if site is None:
        raise NotFound("the site of this invite no longer exists")
    name = newcomer.display_name.strip()
    if not name or len(name) > 300:
        raise InvalidInput("give the name others will see", errors=[{"field": "display_name"}])
    if newcomer.role not in ROLES:
        raise InvalidInput(f"unknown role {newcomer.role!r}", errors=[{"field": "role"}])
    username = newcomer.username.strip()
    if not USERNAME.fullmatch(username):
        raise InvalidInput(
            "a username has 2 to 40 letters, digits, dots, dashes or underscores, no spaces",
            errors=[{"field": "username"}],
        )
    person = Person(handle=unique_handle(session, name), display_name=name)
    session.add(person)
    session.flush()
    user = create_user(session, username, newcomer.password, person_id=person.id)
    actor = Actor(user_id=user.id, username=user.username, person_id=person.id)
    record_revision(session, "people", person, "create", PEOPLE.to_out(person), actor)
    team = session.get(Team, invite.team_id) if invite.team_id is not None else None
    if team is None or team.site_id != site.id:
        team = Team(site_id=site.id, name=f"Team of {name}"[:300])
        session.add(team)
        session.flush()
        record_revision(session, "teams", team, "create", TEAMS.to_out(team), actor)
    member = TeamMember(team_id=team.id, person_id=person.id, role=newcomer.role)
    session.add(member)
    session.flush()
    record_revision(session, "team-members", member, "create", TEAM_MEMBERS.to_out(member), actor)
    return user


def unique_handle(session: Session, name: str) -> str:
    """A public handle made from a name, numbered when taken."""
    base = slugify(name)[:100] or "person"
    taken = set(session.scalars(select(Person.handle).where(Person.handle.like(f"{base}%"))))
    handle, number = base, 1
    while handle in taken:
        number += 1
        handle = f"{base}-{number}"
    return handle
