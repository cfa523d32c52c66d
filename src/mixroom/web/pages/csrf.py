"""CSRF protection of the page forms: a signed double-submit token bound to the login session.

A form page sets the token in the ``mixroom_csrf`` cookie (HttpOnly, SameSite=Strict) and in a
hidden field. A POST is accepted only when the field equals the cookie *and* the token's HMAC
(keyed with the instance secret) covers its nonce and the current session cookie. Another site
can make a browser send the cookie but can neither read it nor forge the field; and since the
signature binds the token to the session, a token planted in the cookie from elsewhere (say, a
sibling sub-domain) does not fit the victim's session.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from fastapi import Request, Response

from mixroom.errors import PermissionDenied
from mixroom.settings import Settings
from mixroom.web.deps import SESSION_COOKIE, get_instance

CSRF_COOKIE = "mixroom_csrf"
CSRF_FIELD = "csrf_token"
#: how long a form stays valid, in seconds
CSRF_MAX_AGE = 2 * 3600


def _signature(request: Request, nonce: str) -> str:
    session_secret = request.cookies.get(SESSION_COOKIE, "")
    message = f"csrf|{nonce}|{session_secret}".encode()
    key = get_instance(request).secret.encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def issue_csrf_token(request: Request) -> str:
    nonce = secrets.token_urlsafe(16)
    return f"{nonce}.{_signature(request, nonce)}"


def set_csrf_cookie(response: Response, token: str, settings: Settings) -> None:
    response.set_cookie(
        CSRF_COOKIE,
        token,
        max_age=CSRF_MAX_AGE,
        path="/",
        httponly=True,
        samesite="strict",
        secure=settings.cookie_secure,
    )


def check_csrf_token(request: Request, submitted: str) -> None:
    """Raise PermissionDenied unless the form's token matches the cookie and is ours."""
    cookie = request.cookies.get(CSRF_COOKIE, "")
    nonce, _, signature = submitted.partition(".")
    valid = (
        bool(cookie)
        and hmac.compare_digest(cookie, submitted)
        and hmac.compare_digest(signature, _signature(request, nonce))
    )
    if not valid:
        raise PermissionDenied(
            "this form has expired or was not sent from this site: reload the page and try again"
        )
