"""The language switcher: remembers the reader's choice in a cookie for a year."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import RedirectResponse

from mixroom.errors import NotFound
from mixroom.web.i18n import COOKIE, LANGUAGES

router = APIRouter()
ONE_YEAR = 365 * 24 * 3600


def local_path(target: str) -> str:
    """``target`` when it is a path on this site, else ``/``: the switcher is no open redirect."""
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


@router.get("/language/{code}")
def switch_language(code: str, next: str = "/") -> RedirectResponse:
    if code not in LANGUAGES:
        raise NotFound(f"no interface language {code!r}; there are {', '.join(LANGUAGES)}")
    response = RedirectResponse(local_path(next), status_code=303)
    response.set_cookie(COOKIE, code, max_age=ONE_YEAR, samesite="lax", httponly=True)
    return response
