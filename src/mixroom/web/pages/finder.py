"""The prototype finder at ``/prototypes``: a search with facets and counts.

A plain GET form, so the URL is the state (shareable, bookmarkable, working without
JavaScript); with htmx, ticking a value asks for the same URL with an ``HX-Request`` header and
gets back only the facets and results, which htmx swaps in place and pushes to the history.
With ``Accept: application/json`` the same view comes back as JSON.
"""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from mixroom.errors import InvalidInput
from mixroom.services.facets import (
    FACET_NAMES,
    FinderView,
    Selection,
    find_prototypes,
    make_selection,
)
from mixroom.web.deps import CurrentActor, SessionDep, SettingsDep
from mixroom.web.i18n import current_language
from mixroom.web.pages.rendering import render

router = APIRouter()
FRAGMENT = "prototypes/_finder.html"


def query_of(selection: Selection, **changes: object) -> str:
    """The query string of ``selection`` (with ``changes``): what a link to that state carries."""
    pairs: list[tuple[str, object]] = []
    if selection.q:
        pairs.append(("q", selection.q))
    for name in FACET_NAMES:
        pairs += [(name, value) for value in selection.chosen(name)]
    pairs += [("more", name) for name in sorted(selection.expanded)]
    page = changes.get("page", selection.page)
    if page != 1:
        pairs.append(("page", page))
    return urlencode(pairs)


def as_json(view: FinderView) -> JSONResponse:
    """The same view for scripts (``Accept: application/json``): results, total and facets."""
    body = {
        "total": view.total,
        "page": view.selection.page,
        "pages": view.pages,
        "items": view.items,
        "facets": {
            facet.name: [
                {"value": v.value, "label": v.label, "count": v.count, "selected": v.selected}
                for v in facet.values
            ]
            for facet in view.facets
        },
    }
    response = JSONResponse(body)
    response.headers["Vary"] = "Accept, HX-Request, Cookie, Accept-Language"
    return response


@router.get("/prototypes", response_class=HTMLResponse, name="prototypes")
def finder(
    request: Request, session: SessionDep, actor: CurrentActor, settings: SettingsDep
) -> Response:
    params = request.query_params
    page = params.get("page", "1")
    if not page.isdigit():
        raise InvalidInput("page must be a whole number")
    selection = make_selection(
        params.get("q", ""),
        {name: params.getlist(name) for name in FACET_NAMES if name in params},
        page=int(page),
        page_size=min(settings.page_size, 48),
        expanded=params.getlist("more"),
    )
    view = find_prototypes(session, actor, selection, current_language.get())
    if request.headers.get("accept", "").startswith("application/json"):
        answer = as_json(view)
        if not actor.is_public:  # may hold drafts, as the page does
            answer.headers["Cache-Control"] = "private, no-store"
        return answer
    fragment = request.headers.get("HX-Request") == "true"
    context = {"view": view, "query_of": query_of, "fragment": fragment}
    response = render(request, FRAGMENT if fragment else "prototypes/list.html", context, actor)
    response.headers["Vary"] = "Accept, HX-Request, Cookie, Accept-Language"
    return response
