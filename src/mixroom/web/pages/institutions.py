"""Institution pages: museums and partners, with their registry identifiers."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from mixroom.models.institutions import INSTITUTION_KINDS
from mixroom.services.browse import get_institution_view
from mixroom.web.deps import CurrentActor, SessionDep, SettingsDep
from mixroom.web.pages.rendering import render, render_list

router = APIRouter()
FILTERS = ("q", "country", "kind")


@router.get("/institutions", response_class=HTMLResponse, name="institutions")
def list_institutions(
    request: Request,
    session: SessionDep,
    actor: CurrentActor,
    settings: SettingsDep,
    cursor: str | None = None,
) -> HTMLResponse:
    return render_list(
        request, session, actor, settings, "institutions", FILTERS, cursor, kinds=INSTITUTION_KINDS
    )


@router.get("/institutions/{institution_id:int}", response_class=HTMLResponse, name="institution")
def show_institution(
    request: Request, institution_id: int, session: SessionDep, actor: CurrentActor
) -> HTMLResponse:
    view = get_institution_view(session, actor, institution_id)
    return render(request, "institutions/detail.html", {"view": view}, actor)
