"""Serving uploaded photos, each size through the media record's visibility rule.

A draft's photos and pictures of people without their consent answer 404 to anyone who may
not edit them, exactly as the record does in the API; so a file URL shared or guessed shows
nothing more than the page would.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import FileResponse

from mixroom.services.media_files import MIME_TYPE, photo_file
from mixroom.web.deps import CurrentActor, SessionDep, SettingsDep

router = APIRouter()


@router.get("/media/{media_id:int}/{width:int}", name="media-file")
def media_file(
    media_id: int, width: int, session: SessionDep, settings: SettingsDep, actor: CurrentActor
) -> FileResponse:
    path = photo_file(session, actor, settings.resolved_media_dir(), media_id, width)
    # a later change of consent or visibility must take effect: caches revalidate every time
    cache = "private, no-store" if not actor.is_public else "public, no-cache"
    return FileResponse(
        path,
        media_type=MIME_TYPE,
        headers={"Cache-Control": cache, "X-Content-Type-Options": "nosniff"},
    )
