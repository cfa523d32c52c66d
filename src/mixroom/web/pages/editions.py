"""Edition pages: each occurrence of a network's event and its sites."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from mixroom.services.browse import get_edition_view
from mixroom.web.deps import CurrentActor, SessionDep, SettingsDep
from mixroom.web.pages.rendering import render, render_list

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
    return render_list(request, session, actor, settings, "editions", FILTERS, cursor)


@router.get("/editions/{edition_id:int}", response_class=HTMLResponse, name="edition")
def show_edition(
    request: Request, edition_id: int, session: SessionDep, actor: CurrentActor
) -> HTMLResponse:
    view = get_edition_view(session, actor, edition_id)
    return render(request, "editions/detail.html", {"view": view}, actor)
