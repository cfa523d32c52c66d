"""Which credentials may write through the API.

The API takes writes from bearer tokens only. A browser's session cookie is sent by the browser
on any site's behalf, so accepting it for writes would open the API to cross-site requests;
cookie sessions may read (and so see their own drafts) but the pages write through their own
forms, which carry CSRF protection.
"""

from __future__ import annotations

from fastapi import Request

from mixroom.errors import NotAuthenticated
from mixroom.services.actors import Actor


def require_token(request: Request, actor: Actor) -> None:
    scheme = request.headers.get("authorization", "").partition(" ")[0].lower()
    if actor.is_public or scheme != "bearer":
        raise NotAuthenticated("writing through the API needs an API token (Authorization: Bearer)")
