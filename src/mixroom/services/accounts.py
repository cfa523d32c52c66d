"""Accounts: local users with Argon2 hashes, role grants, API tokens and login sessions.

Tokens and session ids are random 256-bit values; only their SHA-256 is stored, so a copy of
the database does not let anyone act as a user.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from mixroom.errors import Conflict, InvalidInput, NotAuthenticated, NotFound
from mixroom.models import ApiToken, LoginSession, Person, RoleGrant, User
from mixroom.models.accounts import GRANT_ROLES, GRANT_SCOPES
from mixroom.models.base import utcnow
from mixroom.services.actors import PUBLIC, Actor, load_actor

_hasher = PasswordHasher()
TOKEN_PREFIX = "mxr_"
MIN_PASSWORD_LENGTH = 10
SCOPE_MODELS = {"network": "networks", "community": "communities", "site": "sites", "team": "teams"}


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_user(
    session: Session,
    username: str,
    password: str,
    *,
    email: str | None = None,
    is_admin: bool = False,
    person_id: int | None = None,
) -> User:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
    if session.scalar(select(User.id).where(User.username == username)) is not None:
        raise Conflict(f"the username {username!r} is taken")
    if person_id is not None and session.get(Person, person_id) is None:
        raise InvalidInput(f"no person with id {person_id}")
    user = User(
        username=username,
        email=email,
        password_hash=_hasher.hash(password),
        is_admin=is_admin,
        person_id=person_id,
    )
    session.add(user)
    session.flush()
    return user


def find_user(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise NotFound(f"no user named {username!r}")
    return user


def user_exists(session: Session, username: str) -> bool:
    return session.scalar(select(User.id).where(User.username == username)) is not None


def authenticate(session: Session, username: str, password: str) -> User:
    """The active user with these credentials, or NotAuthenticated (same message either way)."""
    user = session.scalar(select(User).where(User.username == username))
    try:
        if user is None or not user.is_active:
            raise VerificationError
        _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError) as error:
        raise NotAuthenticated("wrong username or password") from error
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    return user


def grant_role(session: Session, user_id: int, role: str, scope: str, scope_id: int) -> RoleGrant:
    """Make a user organiser of a network, community or site, or member of a team."""
    if role not in GRANT_ROLES or scope not in GRANT_SCOPES:
        raise InvalidInput(f"roles are {GRANT_ROLES}, scopes {GRANT_SCOPES}")
    if (role == "member") != (scope == "team"):
        raise InvalidInput("members belong to teams; organisers to networks, communities or sites")
    if session.get(User, user_id) is None:
        raise NotFound(f"no user with id {user_id}")
    plural = SCOPE_MODELS[scope]
    grant = RoleGrant(user_id=user_id, role=role, scope=plural, scope_id=scope_id)
    session.add(grant)
    session.flush()
    return grant


def create_token(session: Session, user: User, name: str) -> tuple[ApiToken, str]:
    """A new API token; the secret is returned once and never stored."""
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, name=name, prefix=secret[:10], token_hash=hash_secret(secret))
    session.add(token)
    session.flush()
    return token, secret


def actor_for_token(session: Session, secret: str) -> Actor:
    token = session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_secret(secret)))
    if token is None or token.revoked:
        raise NotAuthenticated("unknown or revoked API token")
    user = session.get(User, token.user_id)
    if user is None or not user.is_active:
        raise NotAuthenticated("unknown or revoked API token")
    token.last_used_at = utcnow()
    return load_actor(session, user)


def revoke_token(session: Session, actor: Actor, token_id: int) -> None:
    token = session.get(ApiToken, token_id)
    if token is None or (token.user_id != actor.user_id and not actor.is_admin):
        raise NotFound(f"no token with id {token_id}")
    token.revoked = True


def start_login_session(session: Session, user: User, days: int) -> str:
    secret = secrets.token_urlsafe(32)
    session.add(
        LoginSession(
            user_id=user.id,
            token_hash=hash_secret(secret),
            expires_at=utcnow() + timedelta(days=days),
        )
    )
    session.flush()
    return secret


def actor_for_login_session(session: Session, secret: str | None) -> Actor:
    """The actor of a session cookie; the public when absent, unknown or expired."""
    if not secret:
        return PUBLIC
    login = session.scalar(
        select(LoginSession).where(LoginSession.token_hash == hash_secret(secret))
    )
    if login is None or login.expires_at < datetime.now(UTC):
        return PUBLIC
    user = session.get(User, login.user_id)
    if user is None or not user.is_active:
        return PUBLIC
    return load_actor(session, user)


def end_login_session(session: Session, secret: str) -> None:
    session.execute(delete(LoginSession).where(LoginSession.token_hash == hash_secret(secret)))
