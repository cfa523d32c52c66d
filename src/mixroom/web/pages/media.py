"""Serving uploaded media through the record's visibility rule, and editing a prototype's media.

A draft's photos and pictures of people without their consent answer 404 to anyone who may
not edit them, exactly as the record does in the API; so a file URL shared or guessed shows
nothing more than the page would. The same rule serves a video's captions and its file.

``/prototypes/<id>/edit/media`` lists every media record of a prototype with one small form
each (alt text, credits, licence, people and consent; captions for a video; remove), and one
form to add a photo, a video file or a video link.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, RedirectResponse, Response

from mixroom.errors import InvalidInput, StaleVersion
from mixroom.schemas.licences import CONTENT_LICENCES
from mixroom.services.actors import Actor
from mixroom.services.captions import (
    CAPTIONS_MIME_TYPE,
    MAX_CAPTIONS_BYTES,
    get_captions,
    save_captions,
)
from mixroom.services.media_files import (
    MIME_TYPE,
    PhotoDetails,
    add_photo,
    discard_files,
    list_editable_media,
    photo_file,
    remove_media,
    update_media_details,
)
from mixroom.services.prototypes import PROTOTYPES
from mixroom.services.records import get_record
from mixroom.services.videos import VIDEO_MIME_TYPE, add_video_file, add_video_link, video_file
from mixroom.settings import Settings
from mixroom.web.deps import CurrentActor, SessionDep, SettingsDep
from mixroom.web.pages.csrf import check_csrf_token
from mixroom.web.pages.rendering import form_page

router = APIRouter()


def _file_headers(actor: Actor) -> dict[str, str]:
    # a later change of consent or visibility must take effect: caches revalidate every time
    cache = "private, no-store" if not actor.is_public else "public, no-cache"
    return {"Cache-Control": cache, "X-Content-Type-Options": "nosniff"}


@router.get("/media/{media_id:int}/{width:int}", name="media-file")
def media_file(
    media_id: int, width: int, session: SessionDep, settings: SettingsDep, actor: CurrentActor
) -> FileResponse:
    path = photo_file(session, actor, settings.resolved_media_dir(), media_id, width)
    return FileResponse(path, media_type=MIME_TYPE, headers=_file_headers(actor))


@router.get("/media/{media_id:int}/captions.vtt", name="media-captions")
def media_captions(media_id: int, session: SessionDep, actor: CurrentActor) -> Response:
    text = get_captions(session, actor, media_id)
    return Response(text, media_type=CAPTIONS_MIME_TYPE, headers=_file_headers(actor))


@router.get("/media/{media_id:int}/video.mp4", name="media-video")
def media_video(
    media_id: int, session: SessionDep, settings: SettingsDep, actor: CurrentActor
) -> FileResponse:
    path = video_file(session, actor, settings.resolved_media_dir(), media_id)
    return FileResponse(path, media_type=VIDEO_MIME_TYPE, headers=_file_headers(actor))


# -- editing a prototype's media -------------------------------------------------------------


def media_form(
    request: Request,
    session: Any,
    settings: Settings,
    actor: Actor,
    prototype_id: int,
    error: Any = None,
) -> Response:
    """The media section of the editing page (also shown again with an error, status 422)."""
    prototype = get_record(session, PROTOTYPES, actor, prototype_id)
    context = {
        "p": PROTOTYPES.to_out(prototype),
        "items": list_editable_media(session, actor, prototype_id),
        "licences": CONTENT_LICENCES,
        "error": error,
        "max_mb": settings.media_max_bytes / 1e6,
        "video_max_mb": settings.video_max_bytes / 1e6,
    }
    status = 200 if error is None else 422
    return form_page(request, settings, actor, "editing/media.html", context, status)


def _details(form: Any) -> PhotoDetails:
    shows_people = bool(form.get("shows_people"))
    return PhotoDetails(
        title=str(form.get("title", "")).strip(),
        alt_text=str(form.get("alt_text", "")).strip(),
        credits=str(form.get("credits", "")).strip(),
        licence=str(form.get("licence", "")) or None,
        shows_people=shows_people,
        consent_given=shows_people and bool(form.get("consent_given")),
    )


async def _upload(form: Any, name: str, limit: int) -> bytes | None:
    upload = form.get(name)
    if upload is None or isinstance(upload, str) or not upload.filename:
        return None
    data: bytes = await upload.read(limit + 1)
    return data


def _back(prototype_id: int) -> RedirectResponse:
    return RedirectResponse(f"/prototypes/{prototype_id}/edit/media", status_code=303)


@router.post("/prototypes/{prototype_id:int}/media")
async def add_media(
    request: Request,
    prototype_id: int,
    session: SessionDep,
    settings: SettingsDep,
    actor: CurrentActor,
) -> Response:
    async with request.form() as form:  # closing it deletes the spooled upload files
        check_csrf_token(request, str(form.get("csrf_token", "")))
        photo = await _upload(form, "photo", settings.media_max_bytes)
        video = await _upload(form, "video", settings.video_max_bytes)
    return await run_in_threadpool(
        _add_media, request, prototype_id, session, settings, actor, form, photo, video
    )


def _add_media(
    request: Request,
    prototype_id: int,
    session: Any,
    settings: Settings,
    actor: Actor,
    form: Any,
    photo: bytes | None,
    video: bytes | None,
) -> Response:
    details = _details(form)
    media_dir = settings.resolved_media_dir()
    link = str(form.get("video_url", "")).strip()
    try:
        if photo is not None:
            add_photo(
                session, actor, media_dir, prototype_id, photo, details, settings.media_max_bytes
            )
        elif video is not None:
            add_video_file(
                session, actor, media_dir, prototype_id, video, details, settings.video_max_bytes
            )
        elif link:
            add_video_link(session, actor, prototype_id, link, details)
        else:
            raise InvalidInput("choose a photo or a video, or give a video's address")
    except InvalidInput as error:
        session.rollback()
        return media_form(request, session, settings, actor, prototype_id, error)
    session.commit()
    return _back(prototype_id)


@router.post("/prototypes/{prototype_id:int}/media/{media_id:int}")
async def edit_media(
    request: Request,
    prototype_id: int,
    media_id: int,
    session: SessionDep,
    settings: SettingsDep,
    actor: CurrentActor,
) -> Response:
    async with request.form() as form:
        check_csrf_token(request, str(form.get("csrf_token", "")))
        captions = await _upload(form, "captions", MAX_CAPTIONS_BYTES)
    return await run_in_threadpool(
        _edit_media, request, prototype_id, media_id, session, settings, actor, form, captions
    )


def _edit_media(
    request: Request,
    prototype_id: int,
    media_id: int,
    session: Any,
    settings: Settings,
    actor: Actor,
    form: Any,
    captions: bytes | None,
) -> Response:
    etag = str(form.get("etag", "")) or None
    try:
        update_media_details(session, actor, prototype_id, media_id, _details(form), etag)
        if captions is not None:
            save_captions(session, actor, prototype_id, media_id, captions, MAX_CAPTIONS_BYTES)
    except (InvalidInput, StaleVersion) as error:
        session.rollback()
        return media_form(request, session, settings, actor, prototype_id, error)
    session.commit()
    return _back(prototype_id)


@router.post("/prototypes/{prototype_id:int}/media/{media_id:int}/remove")
async def remove(
    request: Request,
    prototype_id: int,
    media_id: int,
    session: SessionDep,
    settings: SettingsDep,
    actor: CurrentActor,
) -> Response:
    form = await request.form()
    check_csrf_token(request, str(form.get("csrf_token", "")))
    return await run_in_threadpool(_remove, prototype_id, media_id, session, settings, actor)


def _remove(
    prototype_id: int, media_id: int, session: Any, settings: Settings, actor: Actor
) -> Response:
    key = remove_media(session, actor, prototype_id, media_id)
    session.commit()
    discard_files(settings.resolved_media_dir(), key)
    return _back(prototype_id)
