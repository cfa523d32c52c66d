"""Prototype pages: one page per prototype (the list is the finder, ``finder.py``)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from mixroom.models.prototypes import SECTIONS, TRANSLATABLE_FIELDS
from mixroom.services.browse import get_prototype_view
from mixroom.web.deps import CurrentActor, SessionDep
from mixroom.web.pages.rendering import render

router = APIRouter()
SECTION_TITLES = {
    "summary": "Summary",
    "user_story": "User story",
    "intentions_process": "Intentions and process",
    "material": "Material",
    "looking_back": "Looking back",
    "faq": "FAQ",
}
assert set(SECTION_TITLES) == set(SECTIONS)


@router.get("/prototypes/{prototype_id:int}", response_class=HTMLResponse, name="prototype")
def show_prototype(
    request: Request,
    prototype_id: int,
    session: SessionDep,
    actor: CurrentActor,
    lang: str | None = None,
) -> HTMLResponse:
    view = get_prototype_view(session, actor, prototype_id)
    prototype = view.prototype
    shown = translated(prototype, lang)
    context = {
        "view": view,
        "p": shown,
        "lang": lang if shown is not prototype else prototype["language"],
        "sections": [(name, SECTION_TITLES[name]) for name in SECTIONS if shown[name]],
    }
    return render(request, "prototypes/detail.html", context, actor)


def translated(prototype: dict[str, Any], lang: str | None) -> dict[str, Any]:
    """The prototype with the fields translated into ``lang`` swapped in, if it has any."""
    fields = prototype["translations"].get(lang or "")
    if not fields:
        return prototype
    known = {name: text for name, text in fields.items() if name in TRANSLATABLE_FIELDS}
    return {**prototype, **known}
