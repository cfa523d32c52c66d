"""Site pages: the local events, with their museums, challenges, teams and prototypes."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from mixroom.services.browse import get_site_view, list_view
from mixroom.web.deps import CurrentActor, SessionDep, SettingsDep
from mixroom.web.pages.rendering import list_filters, page_link, render

router = APIRouter()
FILTERS = ("q", "country", "edition_id")


@router.get("/sites", response_class=HTMLResponse, name="sites")
def list_sites(
    request: Request,
    session: SessionDep,
    actor: CurrentActor,
    settings: SettingsDep,
    cursor: str | None = None,
) -> HTMLResponse:
    filters = list_filters(request, FILTERS)
    if "country" in filters:
        filters["country"] = filters["country"].upper()
    view = list_view(session, "sites", actor, filters, cursor=cursor, limit=settings.page_size)
    context = {
        "view": view,
        "filters": filters,
        "next_url": page_link(request, filters, view.next_cursor),
    }
    return render(request, "sites/list.html", context, actor)


@router.get("/sites/{site_id:int}", response_class=HTMLResponse, name="site")
def show_site(
    request: Request, site_id: int, session: SessionDep, actor: CurrentActor
) -> HTMLResponse:
    view = get_site_view(session, actor, site_id)
    return render(request, "sites/detail.html", {"view": view}, actor)
