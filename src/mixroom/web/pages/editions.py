"""Edition pages: each occurrence of a network's event and its sites."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from mixroom.services.browse import get_edition_view, list_view
from mixroom.web.deps import CurrentActor, SessionDep, SettingsDep
from mixroom.web.pages.rendering import list_filters, page_link, render

router = APIRouter()
FILTERS = ("q", "year", "network_id")


@router.get("/editions", response_class=HTMLResponse, name="editions")
def list_editions(
    request: Request,
    session: SessionDep,
    actor: CurrentActor,
    settings: SettingsDep,
    cursor: str | None = None,
) -> HTMLResponse:
    filters = list_filters(request, FILTERS)
    view = list_view(session, "editions", actor, filters, cursor=cursor, limit=settings.page_size)
    context = {
        "view": view,
        "filters": filters,
        "next_url": page_link(request, filters, view.next_cursor),
    }
    return render(request, "editions/list.html", context, actor)


@router.get("/editions/{edition_id:int}", response_class=HTMLResponse, name="edition")
def show_edition(
    request: Request, edition_id: int, session: SessionDep, actor: CurrentActor
) -> HTMLResponse:
    view = get_edition_view(session, actor, edition_id)
    return render(request, "editions/detail.html", {"view": view}, actor)
