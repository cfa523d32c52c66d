"""Quick capture pages: an invite to join, then three one-form steps ending on the prototype.

``/join/<invite>`` makes the account; ``/capture`` (title, pitch, site), ``/capture/<id>/photo``
and ``/capture/<id>/team`` each hold one form that works without JavaScript; ``capture.js``
adds autosave (``/capture/autosave``) and a copy in the browser's localStorage.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from mixroom.errors import InvalidInput, NotAuthenticated
from mixroom.models.participations import ROLES
from mixroom.schemas.licences import CONTENT_LICENCES
from mixroom.services.accounts import start_login_session
from mixroom.services.actors import Actor
from mixroom.services.browse import get_prototype_view
from mixroom.services.capture import (
    Draft,
    Member,
    autosave_draft,
    capture_sites,
    save_draft,
    save_team,
)
from mixroom.services.invites import Newcomer, issue_invite, join_with_invite, read_invite
from mixroom.services.media_files import PhotoDetails, add_photo
from mixroom.services.prototypes import PROTOTYPES
from mixroom.services.records import get_record
from mixroom.services.sites import SITES
from mixroom.web.deps import SESSION_COOKIE, CurrentActor, SessionDep, SettingsDep, get_instance
from mixroom.web.i18n import current_language
from mixroom.web.pages.csrf import check_csrf_token
from mixroom.web.pages.rendering import form_page

router = APIRouter()
FormText = Annotated[str, Form()]
#: rows for new team members when the page has no JavaScript to add more
EMPTY_MEMBER_ROWS = 3


def _see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _sign_in_first(request: Request) -> RedirectResponse:
    return _see_other(f"/login?next={request.url.path}")


# -- joining -------------------------------------------------------------------------------


@router.get("/join/{token}", response_class=HTMLResponse, name="join")
def join_form(
    request: Request, token: str, session: SessionDep, settings: SettingsDep, actor: CurrentActor
) -> HTMLResponse:
    invite = read_invite(get_instance(request).secret, token)
    site = get_record(session, SITES, actor, invite.site_id)
    context = {"token": token, "site": site, "roles": ROLES, "error": None, "values": {}}
    return form_page(request, settings, actor, "capture/join.html", context)


@router.post("/join/{token}", response_class=HTMLResponse)
def join(
    request: Request,
    token: str,
    session: SessionDep,
    settings: SettingsDep,
    actor: CurrentActor,
    csrf_token: FormText,
    username: FormText,
    display_name: FormText,
    password: FormText,
    role: FormText = "participant",
) -> Response:
    check_csrf_token(request, csrf_token)
    secret = get_instance(request).secret
    newcomer = Newcomer(username, display_name, password, role)
    try:
        user = join_with_invite(session, secret, token, newcomer)
    except InvalidInput as error:
        session.rollback()
        site = get_record(session, SITES, actor, read_invite(secret, token).site_id)
        values = {"username": username, "display_name": display_name, "role": role}
        context = {"token": token, "site": site, "roles": ROLES, "error": error, "values": values}
        return form_page(request, settings, actor, "capture/join.html", context, 422)
    login = start_login_session(session, user, settings.session_days)
    session.commit()
    response = _see_other("/capture")
    response.set_cookie(
        SESSION_COOKIE,
        login,
        max_age=settings.session_days * 86400,
        path="/",
        httponly=True,
        samesite="lax",
        secure=settings.cookie_secure,
    )
    return response


@router.get("/capture/invite", response_class=HTMLResponse, name="capture-invite")
def invite_form(
    request: Request, session: SessionDep, settings: SettingsDep, actor: CurrentActor
) -> Response:
    if actor.is_public:
        return _sign_in_first(request)
    context = {"sites": capture_sites(session, actor), "link": None, "error": None}
    return form_page(request, settings, actor, "capture/invite.html", context)


@router.post("/capture/invite", response_class=HTMLResponse)
def invite(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    actor: CurrentActor,
    csrf_token: FormText,
    site_id: Annotated[int, Form()],
    days: Annotated[int, Form()] = 7,
) -> HTMLResponse:
    check_csrf_token(request, csrf_token)
    link, error = None, None
    try:
        token = issue_invite(session, actor, get_instance(request).secret, site_id, None, days)
        link = f"{request.base_url}join/{token}"
    except InvalidInput as caught:
        error = caught
    context = {"sites": capture_sites(session, actor), "link": link, "error": error}
    return form_page(request, settings, actor, "capture/invite.html", context)


# -- step 1: title, pitch, site -------------------------------------------------------------


def _start_context(
    session: Session, actor: Actor, prototype: Any, values: dict[str, Any], error: Any = None
) -> dict[str, Any]:
    return {
        "sites": capture_sites(session, actor),
        "prototype": prototype,
        "values": values,
        "error": error,
        "step": 1,
    }


@router.get("/capture", response_class=HTMLResponse, name="capture")
def start_form(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    actor: CurrentActor,
    prototype_id: int | None = None,
) -> Response:
    if actor.is_public:
        return _sign_in_first(request)
    prototype = None
    values: dict[str, Any] = {}
    if prototype_id is not None:
        prototype = get_record(session, PROTOTYPES, actor, prototype_id)
        values = {"title": prototype.title, "subtitle": prototype.subtitle}
        values["site_id"] = prototype.site_id
    context = _start_context(session, actor, prototype, values)
    return form_page(request, settings, actor, "capture/start.html", context)


def _draft(title: str, subtitle: str, site_id: str) -> Draft:
    site = int(site_id) if site_id.strip().isdigit() else None
    return Draft(title=title, pitch=subtitle, site_id=site, language=current_language.get())


def _prototype_id(raw: str) -> int | None:
    return int(raw) if raw.strip().isdigit() else None


@router.post("/capture", response_class=HTMLResponse)
def start(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    actor: CurrentActor,
    csrf_token: FormText,
    title: FormText = "",
    subtitle: FormText = "",
    site_id: FormText = "",
    prototype_id: FormText = "",
) -> Response:
    check_csrf_token(request, csrf_token)
    try:
        prototype = save_draft(
            session, actor, _prototype_id(prototype_id), _draft(title, subtitle, site_id)
        )
    except InvalidInput as error:
        session.rollback()
        values = {"title": title, "subtitle": subtitle, "site_id": _prototype_id(site_id)}
        context = _start_context(session, actor, None, values, error)
        context["prototype_id"] = prototype_id
        return form_page(request, settings, actor, "capture/start.html", context, 422)
    session.commit()
    return _see_other(f"/capture/{prototype.id}/photo")


@router.post("/capture/autosave")
def autosave(
    request: Request,
    session: SessionDep,
    actor: CurrentActor,
    csrf_token: FormText,
    title: FormText = "",
    subtitle: FormText = "",
    site_id: FormText = "",
    prototype_id: FormText = "",
) -> JSONResponse:
    """Save the draft as the team types; answers the draft's id for the next save."""
    check_csrf_token(request, csrf_token)
    if actor.is_public:
        raise NotAuthenticated("sign in to save a draft")
    try:
        prototype = autosave_draft(
            session, actor, _prototype_id(prototype_id), _draft(title, subtitle, site_id)
        )
    except InvalidInput as error:
        return JSONResponse({"saved": False, "detail": error.detail}, status_code=422)
    session.commit()
    body = {"saved": True, "id": prototype.id, "version": prototype.version}
    return JSONResponse(body, headers={"Cache-Control": "no-store"})


# -- step 2: a photo --------------------------------------------------------------------------


def _photo_context(prototype: Any, error: Any = None) -> dict[str, Any]:
    return {"prototype": prototype, "licences": CONTENT_LICENCES, "error": error, "step": 2}


@router.get("/capture/{prototype_id:int}/photo", response_class=HTMLResponse)
def photo_form(
    request: Request,
    prototype_id: int,
    session: SessionDep,
    settings: SettingsDep,
    actor: CurrentActor,
) -> Response:
    if actor.is_public:
        return _sign_in_first(request)
    prototype = get_record(session, PROTOTYPES, actor, prototype_id)
    return form_page(request, settings, actor, "capture/photo.html", _photo_context(prototype))


@router.post("/capture/{prototype_id:int}/photo", response_class=HTMLResponse)
def photo(
    request: Request,
    prototype_id: int,
    session: SessionDep,
    settings: SettingsDep,
    actor: CurrentActor,
    csrf_token: FormText,
    photo: Annotated[UploadFile | None, File()] = None,
    alt_text: FormText = "",
    credits: FormText = "",
    licence: FormText = "",
    shows_people: FormText = "",
    consent_given: FormText = "",
) -> Response:
    check_csrf_token(request, csrf_token)
    prototype = get_record(session, PROTOTYPES, actor, prototype_id)
    if photo is None or not photo.filename:
        return _see_other(f"/capture/{prototype_id}/team")  # the photo may come later
    data = photo.file.read(settings.media_max_bytes + 1)
    details = PhotoDetails(
        title=prototype.title,
        alt_text=alt_text.strip(),
        credits=credits.strip(),
        licence=licence or None,
        shows_people=bool(shows_people),
        consent_given=bool(shows_people) and bool(consent_given),
    )
    media_dir = settings.resolved_media_dir()
    try:
        add_photo(session, actor, media_dir, prototype_id, data, details, settings.media_max_bytes)
    except InvalidInput as error:
        session.rollback()
        context = _photo_context(get_record(session, PROTOTYPES, actor, prototype_id), error)
        return form_page(request, settings, actor, "capture/photo.html", context, 422)
    session.commit()
    return _see_other(f"/capture/{prototype_id}/team")


# -- step 3: the team, and publish ------------------------------------------------------------


@router.get("/capture/{prototype_id:int}/team", response_class=HTMLResponse)
def team_form(
    request: Request,
    prototype_id: int,
    session: SessionDep,
    settings: SettingsDep,
    actor: CurrentActor,
) -> Response:
    if actor.is_public:
        return _sign_in_first(request)
    view = get_prototype_view(session, actor, prototype_id)
    context = {
        "view": view,
        "roles": ROLES,
        "empty_rows": range(EMPTY_MEMBER_ROWS),
        "error": None,
        "step": 3,
    }
    return form_page(request, settings, actor, "capture/team.html", context)


@router.post("/capture/{prototype_id:int}/team", response_class=HTMLResponse)
def team(
    request: Request,
    prototype_id: int,
    session: SessionDep,
    actor: CurrentActor,
    csrf_token: FormText,
    team_name: FormText = "",
    member_name: Annotated[list[str] | None, Form()] = None,
    member_role: Annotated[list[str] | None, Form()] = None,
    visibility: FormText = "public",
) -> Response:
    check_csrf_token(request, csrf_token)
    pairs = zip(member_name or [], member_role or [], strict=False)
    members = [Member(name, role) for name, role in pairs]
    save_team(session, actor, prototype_id, team_name, members, visibility == "public")
    session.commit()
    return _see_other(f"/prototypes/{prototype_id}")
