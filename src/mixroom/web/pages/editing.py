"""Filling the prototype template progressively: one small form per section, history, translate.

Each form carries the version it was read at (If-Match), so two people editing at once never
overwrite each other silently: the second gets the form back with a message.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from mixroom.errors import InvalidInput, NotFound, StaleVersion
from mixroom.models import Topic
from mixroom.models.prototypes import SECTIONS, STATUSES, TRANSLATABLE_FIELDS
from mixroom.schemas.licences import CODE_LICENCES, CONTENT_LICENCES
from mixroom.schemas.prototypes import PrototypeUpdate
from mixroom.services.actors import Actor, require_edit
from mixroom.services.editing import (
    check_playground,
    list_prototype_history,
    list_site_playgrounds,
    restore_revision,
    save_translation,
)
from mixroom.services.prototypes import PROTOTYPES
from mixroom.services.records import get_record, update_record
from mixroom.web.deps import CurrentActor, SessionDep, SettingsDep
from mixroom.web.i18n import LANGUAGES
from mixroom.web.pages.csrf import check_csrf_token
from mixroom.web.pages.media import media_form
from mixroom.web.pages.rendering import form_page

router = APIRouter()
FORM_SECTIONS = ("about", *SECTIONS, "tags", "licences", "links", "objects")
EMPTY_ROWS = 2


def _editable(session: Session, actor: Actor, prototype_id: int) -> Any:
    prototype = get_record(session, PROTOTYPES, actor, prototype_id)
    require_edit(actor, PROTOTYPES.chain(session, prototype), "this prototype")
    return prototype


def _context(session: Session, prototype: Any, section: str, error: Any = None) -> dict[str, Any]:
    return {
        "p": PROTOTYPES.to_out(prototype),
        "etag": prototype.etag,
        "section": section,
        "statuses": STATUSES,
        "content_licences": CONTENT_LICENCES,
        "code_licences": CODE_LICENCES,
        "topics": list(session.scalars(select(Topic).order_by(Topic.id))),
        "playgrounds": list_site_playgrounds(session, prototype.site_id),
        "empty_rows": range(EMPTY_ROWS),
        "error": error,
    }


@router.get("/prototypes/{prototype_id:int}/edit/{section}", response_class=HTMLResponse)
def edit_form(
    request: Request,
    prototype_id: int,
    section: str,
    session: SessionDep,
    settings: SettingsDep,
    actor: CurrentActor,
) -> Response:
    if section == "media":
        _editable(session, actor, prototype_id)
        return media_form(request, session, settings, actor, prototype_id)
    if section not in FORM_SECTIONS:
        raise NotFound(f"no section {section!r}")
    prototype = _editable(session, actor, prototype_id)
    context = _context(session, prototype, section)
    return form_page(request, settings, actor, "editing/section.html", context)


def _rows(form: Any, needed: tuple[str, ...], *names: str) -> list[dict[str, str]]:
    """The rows of repeated fields in which one of the ``needed`` fields is filled in."""
    columns = [form.getlist(name) for name in names]
    rows = [
        {name: value.strip() for name, value in zip(names, values, strict=False)}
        for values in zip(*columns, strict=False)
    ]
    return [row for row in rows if any(row.get(name) for name in needed)]


def _words(text: str) -> list[str]:
    return [word.strip() for word in text.split(",") if word.strip()]


def section_values(section: str, form: Any) -> dict[str, Any]:
    """The prototype fields a section's form sets, from the submitted form."""
    if section == "about":
        used = form.get("still_used_by_museum", "")
        playground = str(form.get("playground_id", "")).strip()
        values = {
            "title": form.get("title", ""),
            "subtitle": form.get("subtitle", ""),
            "status": form.get("status", ""),
            "visibility": form.get("visibility", ""),
            "still_used_by_museum": {"yes": True, "no": False}.get(used),
        }
        if "playground_id" in form:  # the form has the choice only where the site has some
            values["playground_id"] = int(playground) if playground.isdigit() else None
        return values
    if section in SECTIONS:
        return {section: form.get("text", "")}
    if section == "tags":
        return {
            "themes": _words(form.get("themes", "")),
            "technologies": _words(form.get("technologies", "")),
            "topics": form.getlist("topics"),
        }
    if section == "licences":
        return {
            "content_licence": form.get("content_licence") or None,
            "code_licence": form.get("code_licence") or None,
        }
    if section == "links":
        return {"links": _rows(form, ("url",), "kind", "url", "title")}
    objects = _rows(
        form,
        ("label", "wikidata_qid", "inventory_number"),
        "label",
        "wikidata_qid",
        "inventory_number",
    )
    return {
        "collection_objects": [
            {key: (value or None) if key != "label" else value for key, value in row.items()}
            for row in objects
        ]
    }


def _invalid(error: ValidationError) -> InvalidInput:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"])
    return InvalidInput(f"{where}: {first['msg']}")


@router.post("/prototypes/{prototype_id:int}/edit/{section}", response_class=HTMLResponse)
async def edit(
    request: Request,
    prototype_id: int,
    section: str,
    session: SessionDep,
    settings: SettingsDep,
    actor: CurrentActor,
) -> Response:
    form = await request.form()
    return await run_in_threadpool(
        _save_section, request, prototype_id, section, session, settings, actor, form
    )


def _save_section(
    request: Request,
    prototype_id: int,
    section: str,
    session: Session,
    settings: Any,
    actor: Actor,
    form: Any,
) -> Response:
    check_csrf_token(request, str(form.get("csrf_token", "")))
    if section not in FORM_SECTIONS:
        raise NotFound(f"no section {section!r}")
    prototype = _editable(session, actor, prototype_id)
    try:
        data = PrototypeUpdate.model_validate(section_values(section, form))
        check_playground(session, prototype.site_id, data.playground_id)
        update_record(
            session, PROTOTYPES, actor, prototype_id, data, str(form.get("etag", "")) or None
        )
    except (InvalidInput, StaleVersion, ValidationError) as caught:
        error = _invalid(caught) if isinstance(caught, ValidationError) else caught
        session.rollback()
        prototype = get_record(session, PROTOTYPES, actor, prototype_id)
        context = _context(session, prototype, section, error)
        return form_page(request, settings, actor, "editing/section.html", context, 422)
    session.commit()
    anchor = section if section in SECTIONS or section in {"links", "licences"} else "main"
    return RedirectResponse(f"/prototypes/{prototype_id}#{anchor}", status_code=303)


# -- history ----------------------------------------------------------------------------------


@router.get("/prototypes/{prototype_id:int}/history", response_class=HTMLResponse)
def history(
    request: Request,
    prototype_id: int,
    session: SessionDep,
    settings: SettingsDep,
    actor: CurrentActor,
) -> Response:
    prototype = _editable(session, actor, prototype_id)
    context = {
        "p": PROTOTYPES.to_out(prototype),
        "revisions": list_prototype_history(session, actor, prototype_id),
    }
    return form_page(request, settings, actor, "editing/history.html", context)


@router.post("/prototypes/{prototype_id:int}/history/{revision_id:int}/restore")
async def restore(
    request: Request, prototype_id: int, revision_id: int, session: SessionDep, actor: CurrentActor
) -> Response:
    form = await request.form()
    check_csrf_token(request, str(form.get("csrf_token", "")))
    return await run_in_threadpool(_restore, prototype_id, revision_id, session, actor)


def _restore(prototype_id: int, revision_id: int, session: Session, actor: Actor) -> Response:
    restore_revision(session, actor, prototype_id, revision_id)
    session.commit()
    return RedirectResponse(f"/prototypes/{prototype_id}/history", status_code=303)


# -- translations -----------------------------------------------------------------------------


def _translate_context(prototype: Any, language: str, error: Any = None) -> dict[str, Any]:
    p = PROTOTYPES.to_out(prototype)
    return {
        "p": p,
        "etag": prototype.etag,
        "language": language,
        "languages": {code: name for code, name in LANGUAGES.items() if code != p["language"]},
        "fields": [name for name in TRANSLATABLE_FIELDS if p.get(name)],
        "existing": p["translations"].get(language, {}),
        "error": error,
    }


@router.get("/prototypes/{prototype_id:int}/translate", response_class=HTMLResponse)
def translate_form(
    request: Request,
    prototype_id: int,
    session: SessionDep,
    settings: SettingsDep,
    actor: CurrentActor,
    language: str = "",
) -> Response:
    prototype = _editable(session, actor, prototype_id)
    choices = [code for code in LANGUAGES if code != prototype.language]
    chosen = language if language in choices else choices[0]
    context = _translate_context(prototype, chosen)
    return form_page(request, settings, actor, "editing/translate.html", context)


@router.post("/prototypes/{prototype_id:int}/translate", response_class=HTMLResponse)
async def translate(
    request: Request,
    prototype_id: int,
    session: SessionDep,
    settings: SettingsDep,
    actor: CurrentActor,
) -> Response:
    form = await request.form()
    check_csrf_token(request, str(form.get("csrf_token", "")))
    return await run_in_threadpool(
        _save_translation, request, prototype_id, session, settings, actor, form
    )


def _save_translation(
    request: Request,
    prototype_id: int,
    session: Session,
    settings: Any,
    actor: Actor,
    form: Any,
) -> Response:
    language = str(form.get("language", ""))
    texts = {
        name: str(form.get(f"text_{name}", ""))
        for name in TRANSLATABLE_FIELDS
        if f"text_{name}" in form
    }
    etag = str(form.get("etag", "")) or None
    try:
        save_translation(session, actor, prototype_id, language, texts, etag)
    except (InvalidInput, StaleVersion) as error:
        session.rollback()
        prototype = _editable(session, actor, prototype_id)
        context = _translate_context(prototype, language, error)
        return form_page(request, settings, actor, "editing/translate.html", context, 422)
    session.commit()
    return RedirectResponse(f"/prototypes/{prototype_id}?lang={language}", status_code=303)
