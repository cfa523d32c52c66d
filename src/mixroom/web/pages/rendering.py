"""What every page does alike: the template context, list parameters and the next-page link."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from mixroom.services.actors import Actor
from mixroom.services.browse import list_view
from mixroom.settings import Settings
from mixroom.web.pages.csrf import issue_csrf_token, set_csrf_cookie
from mixroom.web.templating import templates


def render(
    request: Request,
    template: str,
    context: Mapping[str, Any],
    actor: Actor,
    status_code: int = 200,
) -> HTMLResponse:
    """A page; a signed-in actor's pages may show drafts, so no cache may keep them."""
    response = templates.TemplateResponse(
        request, template, {"actor": actor, **context}, status_code=status_code
    )
    if not actor.is_public:
        response.headers["Cache-Control"] = "private, no-store"
    return response


def form_page(
    request: Request,
    settings: Settings,
    actor: Actor,
    template: str,
    context: Mapping[str, Any],
    status_code: int = 200,
) -> HTMLResponse:
    """A page with a form: a fresh CSRF token in the form and in its cookie."""
    token = issue_csrf_token(request)
    response = render(request, template, {"csrf_token": token, **context}, actor, status_code)
    response.headers["Cache-Control"] = "no-store"
    set_csrf_cookie(response, token, settings)
    return response


def list_filters(request: Request, names: Iterable[str]) -> dict[str, str]:
    """The filters of a list page that were filled in; an empty form field is no filter."""
    found = {name: request.query_params.get(name, "").strip() for name in names}
    return {name: value for name, value in found.items() if value}


def page_link(request: Request, filters: Mapping[str, str], cursor: str | None) -> str | None:
    """A relative link to the page after this one, keeping the filters."""
    if cursor is None:
        return None
    return f"{request.url.path}?{urlencode({**filters, 'cursor': cursor})}"


def render_list(
    request: Request,
    session: Session,
    actor: Actor,
    settings: Settings,
    noun: str,
    names: Iterable[str],
    cursor: str | None,
    **extra: Any,
) -> HTMLResponse:
    """The list page of a noun: its filters, one page of records and the next-page link."""
    filters = list_filters(request, names)
    if "country" in filters:  # codes are stored upper-case; people type them any way
        filters["country"] = filters["country"].upper()
    view = list_view(session, noun, actor, filters, cursor=cursor, limit=settings.page_size)
    context = {
        "view": view,
        "filters": filters,
        "next_url": page_link(request, filters, view.next_cursor),
        **extra,
    }
    return render(request, f"{noun}/list.html", context, actor)
