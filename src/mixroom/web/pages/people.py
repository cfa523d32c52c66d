"""People pages: public profiles and roles across editions; never private data."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from mixroom.services.browse import get_person_view
from mixroom.web.deps import CurrentActor, SessionDep, SettingsDep
from mixroom.web.pages.rendering import render, render_list

router = APIRouter()
FILTERS = ("q",)


@router.get("/people", response_class=HTMLResponse, name="people")
def list_people(
    request: Request,
    session: SessionDep,
    actor: CurrentActor,
    settings: SettingsDep,
    cursor: str | None = None,
) -> HTMLResponse:
    return render_list(request, session, actor, settings, "people", FILTERS, cursor)


@router.get("/people/{person_id:int}", response_class=HTMLResponse, name="person")
def show_person(
    request: Request, person_id: int, session: SessionDep, actor: CurrentActor
) -> HTMLResponse:
    view = get_person_view(session, actor, person_id)
    return render(request, "people/detail.html", {"view": view}, actor)
