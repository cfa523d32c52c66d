"""Named dependencies of the routes: the session, the settings and who is asking."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from mixroom.instance import Instance
from mixroom.services.accounts import actor_for_login_session, actor_for_token
from mixroom.services.actors import Actor
from mixroom.settings import Settings

SESSION_COOKIE = "mixroom_session"


def get_instance(request: Request) -> Instance:
    instance: Instance = request.app.state.instance
    return instance


def get_settings(request: Request) -> Settings:
    return get_instance(request).settings


def get_session(request: Request) -> Iterator[Session]:
    """One session per request; the route commits what it writes, anything else rolls back."""
    session = get_instance(request).sessions()
    try:
        yield session
    finally:
        session.rollback()
        session.close()


SessionDep = Annotated[Session, Depends(get_session)]
SettingsDep = Annotated[Settings, Depends(get_settings)]


def get_actor(request: Request, session: SessionDep) -> Actor:
    """A bearer token for scripts, or the session cookie of a signed-in browser."""
    authorization = request.headers.get("authorization", "")
    scheme, _, credentials = authorization.partition(" ")
    if scheme.lower() == "bearer" and credentials:
        return actor_for_token(session, credentials.strip())
    return actor_for_login_session(session, request.cookies.get(SESSION_COOKIE))


CurrentActor = Annotated[Actor, Depends(get_actor)]
