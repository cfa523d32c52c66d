"""Signing in and out of the pages with a session cookie; both forms carry a CSRF token."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from mixroom.errors import NotAuthenticated
from mixroom.services.accounts import authenticate, end_login_session, start_login_session
from mixroom.services.actors import PUBLIC
from mixroom.web.deps import SESSION_COOKIE, CurrentActor, SessionDep, SettingsDep
from mixroom.web.pages.csrf import CSRF_COOKIE, check_csrf_token
from mixroom.web.pages.rendering import form_page

router = APIRouter()
FormText = Annotated[str, Form()]


def safe_next(target: str) -> str:
    """Only a path on this site: an open redirect would help phishing."""
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


@router.get("/login", response_class=HTMLResponse, name="login")
def login_form(
    request: Request, settings: SettingsDep, actor: CurrentActor, next: str = "/"
) -> HTMLResponse:
    context: dict[str, object] = {"next": safe_next(next), "error": None}
    return form_page(request, settings, actor, "auth/login.html", context)


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    username: FormText,
    password: FormText,
    csrf_token: FormText,
    next: FormText = "/",
) -> Response:
    check_csrf_token(request, csrf_token)
    try:
        user = authenticate(session, username.strip(), password)
    except NotAuthenticated as error:
        context: dict[str, object] = {"next": safe_next(next), "error": error.detail}
        return form_page(request, settings, PUBLIC, "auth/login.html", context, 401)
    secret = start_login_session(session, user, settings.session_days)
    session.commit()
    response = RedirectResponse(safe_next(next), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        secret,
        max_age=settings.session_days * 86400,
        path="/",
        httponly=True,
        samesite="lax",
        secure=settings.cookie_secure,
    )
    response.delete_cookie(CSRF_COOKIE, path="/")
    return response


@router.get("/logout", response_class=HTMLResponse, name="logout")
def logout_form(request: Request, settings: SettingsDep, actor: CurrentActor) -> HTMLResponse:
    return form_page(request, settings, actor, "auth/logout.html", {})


@router.post("/logout")
def logout(request: Request, session: SessionDep, csrf_token: FormText) -> Response:
    check_csrf_token(request, csrf_token)
    secret = request.cookies.get(SESSION_COOKIE)
    if secret:
        end_login_session(session, secret)
        session.commit()
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    response.delete_cookie(CSRF_COOKIE, path="/")
    return response
