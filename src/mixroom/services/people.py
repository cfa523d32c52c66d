"""People: public profiles, with e-mail and consents kept apart."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from mixroom.errors import NotAuthenticated, PermissionDenied
from mixroom.models import Person, PersonPrivate
from mixroom.schemas.people import PersonCreate, PersonOut, PersonPrivateOut, PersonUpdate
from mixroom.services.actors import Actor, Scope
from mixroom.services.chains import registry_chain
from mixroom.services.filters import contains, equals_text
from mixroom.services.records import Resource


def _person_chain(_session: Session, person: Person) -> list[Scope]:
    own: list[Scope] = [] if person.id is None else [("people", person.id)]
    return own + registry_chain()


def _assign_private(session: Session, person: Person, extra: dict[str, Any]) -> None:
    if not extra:
        return
    session.flush()
    private = session.get(PersonPrivate, person.id) or PersonPrivate(person_id=person.id)
    if "email" in extra:
        private.email = extra["email"]
    if "consents" in extra:
        private.consents = extra["consents"] or {}
    session.add(private)


PEOPLE = Resource(
    noun="people",
    title="person",
    model=Person,
    out=PersonOut,
    create=PersonCreate,
    update=PersonUpdate,
    chain=_person_chain,
    filters={
        "handle": equals_text(Person.handle),
        "q": contains(Person.display_name, Person.handle),
    },
    special=frozenset({"email", "consents"}),
    assign=_assign_private,
)


def get_private(session: Session, actor: Actor, person_id: int) -> PersonPrivateOut:
    """A person's private data, for that person or the instance admin only."""
    if actor.is_public:
        raise NotAuthenticated("sign in to see private data")
    if not (actor.is_admin or actor.person_id == person_id):
        raise PermissionDenied("private data is shown only to the person it belongs to")
    private = session.get(PersonPrivate, person_id)
    if private is None:
        return PersonPrivateOut(email=None, consents={})
    return PersonPrivateOut(email=private.email, consents=private.consents)
