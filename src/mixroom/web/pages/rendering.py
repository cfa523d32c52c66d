"""What every page does alike: the template context, list parameters and the next-page link."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse

from mixroom.services.actors import Actor
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


def list_filters(request: Request, names: Iterable[str]) -> dict[str, str]:
    """The filters of a list page that were filled in; an empty form field is no filter."""
    found = {name: request.query_params.get(name, "").strip() for name in names}
    return {name: value for name, value in found.items() if value}


def page_link(request: Request, filters: Mapping[str, str], cursor: str | None) -> str | None:
    """A relative link to the page after this one, keeping the filters."""
    if cursor is None:
        return None
    return f"{request.url.path}?{urlencode({**filters, 'cursor': cursor})}"
