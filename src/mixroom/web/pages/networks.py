"""Network pages: a network's home, with its editions, sites, numbers and latest work."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from mixroom.services.overview import get_network_view
from mixroom.web.deps import CurrentActor, SessionDep
from mixroom.web.pages.rendering import render

router = APIRouter()


@router.get("/networks/{network_id:int}", response_class=HTMLResponse, name="network")
def show_network(
    request: Request, network_id: int, session: SessionDep, actor: CurrentActor
) -> HTMLResponse:
    view = get_network_view(session, actor, network_id)
    return render(request, "networks/detail.html", {"view": view}, actor)
