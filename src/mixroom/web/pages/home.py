"""The home page: what the instance holds, the latest prototypes and the ways in."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from mixroom.services.browse import get_home_view
from mixroom.web.deps import CurrentActor, SessionDep
from mixroom.web.pages.rendering import render

router = APIRouter()


@router.get("/", response_class=HTMLResponse, name="home")
def home(request: Request, session: SessionDep, actor: CurrentActor) -> HTMLResponse:
    view = get_home_view(session, actor)
    return render(request, "home.html", {"view": view}, actor)
