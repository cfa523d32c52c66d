"""Who is acting, and what they may change.

An ``Actor`` carries its grants as ``(role, scope, id)`` triples. A record answers with its
*chain*: the scopes it sits in, innermost first (a prototype: its team, its site, the site's
community and the edition's network). An actor may edit a record when it is the instance admin
or holds a grant on any scope of the chain. Two pseudo-scopes cover records that sit in no
network: ``("organiser", "organisers", 0)`` is held by anyone who organises something, and
``("self", "people", id)`` by the person an account belongs to.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from mixroom.errors import NotAuthenticated, PermissionDenied
from mixroom.models import RoleGrant, TeamMember, User

Grant = tuple[str, str, int]
Scope = tuple[str, int]
ANY_ORGANISER: Scope = ("organisers", 0)


@dataclass(frozen=True)
class Actor:
    user_id: int | None = None
    username: str = ""
    is_admin: bool = False
    person_id: int | None = None
    grants: frozenset[Grant] = field(default_factory=frozenset)

    @property
    def is_public(self) -> bool:
        return self.user_id is None

    def scopes(self, scope: str) -> set[int]:
        """Ids of the scopes of one kind on which the actor holds any grant."""
        return {scope_id for _role, kind, scope_id in self.grants if kind == scope}


PUBLIC = Actor()


def load_actor(session: Session, user: User) -> Actor:
    """The actor of an account: its grants, its team memberships and itself."""
    grants: set[Grant] = {
        (grant.role, grant.scope, grant.scope_id)
        for grant in session.scalars(select(RoleGrant).where(RoleGrant.user_id == user.id))
    }
    if user.person_id is not None:
        grants.add(("self", "people", user.person_id))
        teams = session.scalars(
            select(TeamMember.team_id).where(TeamMember.person_id == user.person_id)
        )
        grants.update(("member", "teams", team_id) for team_id in teams)
    if any(role == "organiser" for role, _scope, _id in grants):
        grants.add(("organiser", *ANY_ORGANISER))
    return Actor(
        user_id=user.id,
        username=user.username,
        is_admin=user.is_admin,
        person_id=user.person_id,
        grants=frozenset(grants),
    )


def may_edit(actor: Actor, chain: Iterable[Scope]) -> bool:
    if actor.is_admin:
        return True
    held = {(scope, scope_id) for _role, scope, scope_id in actor.grants}
    return any(link in held for link in chain)


def require_edit(actor: Actor, chain: Iterable[Scope], what: str) -> None:
    """Raise unless the actor may change a record in this chain."""
    if actor.is_public:
        raise NotAuthenticated(f"sign in to change {what}")
    if not may_edit(actor, chain):
        raise PermissionDenied(f"you may not change {what}")
