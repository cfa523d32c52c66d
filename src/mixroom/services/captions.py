"""WebVTT captions of a video: checked on upload, kept on the media record, served as text/vtt.

A captions file is accepted only when it is UTF-8 text under the size limit, starts with the
``WEBVTT`` signature, and every cue timing line is well formed (``mm:ss.ttt`` or
``hh:mm:ss.ttt``, minutes and seconds under 60) with an end after its start and cues in
order of their start. Anything else is refused with the line at fault.
"""

from __future__ import annotations

import re

from sqlalchemy.orm import Session

from mixroom.errors import InvalidInput, NotFound
from mixroom.models import Media
from mixroom.schemas.media import MediaUpdate
from mixroom.services.actors import Actor, require_edit
from mixroom.services.media import MEDIA
from mixroom.services.records import get_record, update_record

#: the largest captions file accepted (the column holds this much text)
MAX_CAPTIONS_BYTES = 200_000
CAPTIONS_MIME_TYPE = "text/vtt; charset=utf-8"
_SIGNATURE = re.compile(r"^WEBVTT(?:[ \t][^\n]*)?$")
_TIME = r"(?:(\d{2,}):)?(\d{2}):(\d{2})\.(\d{3})"
_TIMING = re.compile(rf"^{_TIME}[ \t]+-->[ \t]+{_TIME}(?:[ \t]+[^\n]*)?$")
#: the kinds of media that captions belong to
CAPTIONED_KINDS = frozenset({"video", "audio"})


def _seconds(hours: str | None, minutes: str, seconds: str, millis: str) -> float | None:
    if int(minutes) > 59 or int(seconds) > 59:
        return None
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + int(millis) / 1000


def _refuse(message: str) -> InvalidInput:
    return InvalidInput(
        f"these captions are not valid WebVTT: {message}", errors=[{"field": "captions"}]
    )


def check_webvtt(data: bytes, max_bytes: int = MAX_CAPTIONS_BYTES) -> str:
    """The captions as text, or InvalidInput saying what is wrong with the file."""
    if len(data) > max_bytes:
        raise InvalidInput(
            f"the captions file is too big ({len(data) / 1000:.0f} kB): the limit is "
            f"{max_bytes / 1000:.0f} kB",
            errors=[{"field": "captions"}],
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _refuse("the file is not UTF-8 text") from error
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        raise _refuse("the file holds binary data")
    lines = text.split("\n")
    if not _SIGNATURE.match(lines[0]):
        raise _refuse('the first line must be "WEBVTT"')
    cues = 0
    previous_start = 0.0
    for number, line in enumerate(lines[1:], start=2):
        if "-->" not in line:
            continue
        found = _TIMING.match(line.strip())
        start = None if found is None else _seconds(*found.group(1, 2, 3, 4))
        end = None if found is None else _seconds(*found.group(5, 6, 7, 8))
        if start is None or end is None:
            raise _refuse(f"line {number} is not a cue timing (00:01.000 --> 00:04.000)")
        if end <= start:
            raise _refuse(f"line {number}: a cue must end after it starts")
        if start < previous_start:
            raise _refuse(f"line {number}: cues must be in the order of their start")
        previous_start = start
        cues += 1
    if cues == 0:
        raise _refuse("the file has no cue")
    return text


def save_captions(
    session: Session,
    actor: Actor,
    prototype_id: int,
    media_id: int,
    data: bytes,
    max_bytes: int = MAX_CAPTIONS_BYTES,
) -> Media:
    """Check an uploaded WebVTT file and keep it as the captions of a video of the prototype."""
    media = get_record(session, MEDIA, actor, media_id)
    if media.prototype_id != prototype_id:
        raise NotFound(f"prototype {prototype_id} has no media record {media_id}")
    require_edit(actor, MEDIA.chain(session, media), "this media record")
    if media.kind not in CAPTIONED_KINDS:
        raise InvalidInput("captions belong to a video or a sound", errors=[{"field": "captions"}])
    text = check_webvtt(data, max_bytes)
    return update_record(session, MEDIA, actor, media_id, MediaUpdate(captions_vtt=text))


def get_captions(session: Session, actor: Actor, media_id: int) -> str:
    """The captions of a media record the actor may see, or NotFound when it has none."""
    media = get_record(session, MEDIA, actor, media_id)
    if not media.captions_vtt:
        raise NotFound(f"media record {media_id} has no captions")
    # the stored text has lost its final line break (inputs are stripped); a file ends with one
    return media.captions_vtt.rstrip("\n") + "\n"
