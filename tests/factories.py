"""Factory helpers for tests: each makes one valid record, with overrides for what matters."""

from __future__ import annotations

from itertools import count
from typing import Any

from sqlalchemy.orm import Session

from mixroom.models import (
    Edition,
    Institution,
    Network,
    Person,
    PersonPrivate,
    Prototype,
    Site,
    Team,
    TeamMember,
    User,
)
from mixroom.services.accounts import create_token, create_user, grant_role

_numbers = count(1)
PASSWORD = "correct horse battery"


def _next() -> int:
    return next(_numbers)


def make_network(session: Session, **overrides: Any) -> Network:
    number = _next()
    network = Network(**{"slug": f"network-{number}", "name": f"Network {number}", **overrides})
    session.add(network)
    session.flush()
    return network


def make_edition(session: Session, **overrides: Any) -> Edition:
    number = _next()
    if "network_id" not in overrides:
        overrides["network_id"] = make_network(session).id
    edition = Edition(
        **{"slug": f"edition-{number}", "name": f"Edition {number}", "year": 2014, **overrides}
    )
    session.add(edition)
    session.flush()
    return edition


def make_site(session: Session, **overrides: Any) -> Site:
    number = _next()
    if "edition_id" not in overrides:
        overrides["edition_id"] = make_edition(session).id
    site = Site(**{"slug": f"site-{number}", "name": f"Site {number}", **overrides})
    session.add(site)
    session.flush()
    return site


def make_team(session: Session, **overrides: Any) -> Team:
    if "site_id" not in overrides:
        overrides["site_id"] = make_site(session).id
    team = Team(**{"name": f"Team {_next()}", **overrides})
    session.add(team)
    session.flush()
    return team


def make_person(session: Session, email: str | None = None, **overrides: Any) -> Person:
    number = _next()
    person = Person(
        **{"handle": f"person{number}", "display_name": f"Person {number}", **overrides}
    )
    session.add(person)
    session.flush()
    if email is not None:
        session.add(PersonPrivate(person_id=person.id, email=email, consents={"photos": True}))
        session.flush()
    return person


def make_prototype(session: Session, **overrides: Any) -> Prototype:
    if "team_id" not in overrides and "site_id" not in overrides:
        team = make_team(session)
        overrides["team_id"], overrides["site_id"] = team.id, team.site_id
    prototype = Prototype(
        **{"title": f"Prototype {_next()}", "summary": "What it does.", **overrides}
    )
    session.add(prototype)
    session.flush()
    return prototype


def make_institution(session: Session, **overrides: Any) -> Institution:
    institution = Institution(**{"name": f"Museum {_next()}", "country": "FR", **overrides})
    session.add(institution)
    session.flush()
    return institution


def make_user(
    session: Session,
    *,
    grants: tuple[tuple[str, str, int], ...] = (),
    member_of: tuple[int, ...] = (),
    is_admin: bool = False,
) -> User:
    """An account with role grants and, through a person, team memberships."""
    number = _next()
    person = make_person(session)
    user = create_user(session, f"user{number}", PASSWORD, is_admin=is_admin, person_id=person.id)
    for role, scope, scope_id in grants:
        grant_role(session, user.id, role, scope, scope_id)
    for team_id in member_of:
        session.add(TeamMember(team_id=team_id, person_id=person.id, role="coder"))
    session.flush()
    return user


def make_token(session: Session, user: User) -> dict[str, str]:
    """Authorization headers carrying a fresh API token of the user."""
    _token, secret = create_token(session, user, "tests")
    session.flush()
    return {"Authorization": f"Bearer {secret}"}
