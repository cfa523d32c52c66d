"""Institution pages: museums and partners, with their registry identifiers."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from mixroom.models.institutions import INSTITUTION_KINDS
from mixroom.services.browse import get_institution_view, list_view
from mixroom.web.deps import CurrentActor, SessionDep, SettingsDep
from mixroom.web.pages.rendering import list_filters, page_link, render

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
    filters = list_filters(request, FILTERS)
    if "country" in filters:
        filters["country"] = filters["country"].upper()
    view = list_view(
        session, "institutions", actor, filters, cursor=cursor, limit=settings.page_size
    )
    context = {
        "view": view,
        "filters": filters,
        "kinds": INSTITUTION_KINDS,
        "next_url": page_link(request, filters, view.next_cursor),
    }
    return render(request, "institutions/list.html", context, actor)


@router.get("/institutions/{institution_id:int}", response_class=HTMLResponse, name="institution")
def show_institution(
    request: Request, institution_id: int, session: SessionDep, actor: CurrentActor
) -> HTMLResponse:
    view = get_institution_view(session, actor, institution_id)
    return render(request, "institutions/detail.html", {"view": view}, actor)
