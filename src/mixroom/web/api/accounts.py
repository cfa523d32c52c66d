"""Accounts over the API: who am I, API tokens, and a person's private data."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from mixroom.errors import NotAuthenticated
from mixroom.schemas.people import PersonPrivateOut
from mixroom.services.accounts import authenticate, create_token
from mixroom.services.people import get_private
from mixroom.web.deps import CurrentActor, SessionDep

router = APIRouter(tags=["accounts"])


class TokenRequest(BaseModel):
    username: str
    password: str
    name: str = Field(default="script", max_length=120, description="What the token is for.")


class TokenOut(BaseModel):
    id: int
    name: str
    token: str = Field(description="Shown once: keep it; only its hash is stored.")


@router.post("/tokens", status_code=201, response_model=TokenOut)
def issue_token(body: TokenRequest, session: SessionDep) -> TokenOut:
    """Exchange a username and password for an API token."""
    user = authenticate(session, body.username, body.password)
    token, secret = create_token(session, user, body.name)
    session.commit()
    return TokenOut(id=token.id, name=token.name, token=secret)


@router.get("/me")
def who_am_i(actor: CurrentActor) -> dict[str, Any]:
    """The signed-in account and its roles."""
    if actor.is_public:
        raise NotAuthenticated("not signed in")
    grants = [
        {"role": role, "scope": scope, "id": scope_id}
        for role, scope, scope_id in sorted(actor.grants)
        if scope != "organisers"
    ]
    return {
        "id": actor.user_id,
        "username": actor.username,
        "is_admin": actor.is_admin,
        "person_id": actor.person_id,
        "grants": grants,
    }


@router.get("/people/{person_id}/private", response_model=PersonPrivateOut)
def private_data(person_id: int, session: SessionDep, actor: CurrentActor) -> PersonPrivateOut:
    """A person's e-mail and consents: for that person and the instance admin only."""
    return get_private(session, actor, person_id)
