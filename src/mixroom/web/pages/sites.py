"""Site pages: the local events, with their museums, challenges, teams and prototypes."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from mixroom.services.browse import get_site_view
from mixroom.web.deps import CurrentActor, SessionDep, SettingsDep
from mixroom.web.pages.rendering import render, render_list

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
    return render_list(request, session, actor, settings, "sites", FILTERS, cursor)


@router.get("/sites/{site_id:int}", response_class=HTMLResponse, name="site")
def show_site(
    request: Request, site_id: int, session: SessionDep, actor: CurrentActor
) -> HTMLResponse:
    view = get_site_view(session, actor, site_id)
    return render(request, "sites/detail.html", {"view": view}, actor)
