"""Video prototypes: a link to a video elsewhere, or an uploaded file stripped of its metadata.

An upload is checked with ``ffprobe`` (it must be a real video: a video stream, a duration,
not a still picture) and rewritten by ``ffmpeg`` into an MP4 holding only its first video
stream and first sound stream, with no global, stream or chapter metadata (so no GPS
position, device make and model or recording date) and the index in front for streaming.
The streams are copied, not re-encoded, so a file whose codecs an MP4 cannot hold is refused
with a message. Files live under the media folder as ``<key>/video.mp4``.
"""

from __future__ import annotations

import json
import secrets
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from mixroom.errors import InvalidInput, NotFound
from mixroom.models import Media
from mixroom.schemas.media import MediaCreate
from mixroom.services.actors import Actor
from mixroom.services.history import record_revision
from mixroom.services.media import MEDIA
from mixroom.services.media_files import PhotoDetails, check_licence, editable_prototype
from mixroom.services.records import create_record, get_record

VIDEO_MIME_TYPE = "video/mp4"
VIDEO_FILE = "video.mp4"
#: the codecs an MP4 holds, so the streams can be copied without re-encoding
VIDEO_CODECS = frozenset({"h264", "hevc", "av1", "mpeg4", "vp9"})
AUDIO_CODECS = frozenset({"aac", "mp3", "opus", "ac3", "eac3", "alac", "flac"})
#: ffprobe names of containers that hold a single picture, not a video
STILL_FORMATS = ("image2", "_pipe", "gif", "apng", "webp")
TOOL_SECONDS = 300


@dataclass(frozen=True)
class Probe:
    width: int
    height: int
    duration: float
    has_audio: bool


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise InvalidInput(
            f"this server cannot take video files ({name} is not installed): give a link instead",
            errors=[{"field": "video"}],
        )
    return path


def _not_a_video() -> InvalidInput:
    return InvalidInput(
        "this file is not a video we can read: send an MP4 or MOV video (H.264, H.265, AV1)",
        errors=[{"field": "video"}],
    )


def probe_video(path: Path) -> Probe:
    """What ffprobe finds in a file, or InvalidInput when it is not a video an MP4 can hold."""
    command = [_tool("ffprobe"), "-v", "error", "-print_format", "json", "-show_format"]
    command += ["-show_streams", str(path)]
    done = subprocess.run(command, capture_output=True, timeout=TOOL_SECONDS, check=False)
    if done.returncode != 0:
        raise _not_a_video()
    found = json.loads(done.stdout or b"{}")
    container = str(found.get("format", {}).get("format_name", ""))
    streams = found.get("streams", [])
    videos = [s for s in streams if s.get("codec_type") == "video" and s.get("width")]
    duration = float(found.get("format", {}).get("duration") or 0)
    if not videos or duration <= 0 or any(name in container for name in STILL_FORMATS):
        raise _not_a_video()
    video = videos[0]
    if video.get("codec_name") not in VIDEO_CODECS:
        raise InvalidInput(
            f"this video is encoded as {video.get('codec_name')}: send an MP4 or MOV video "
            "(H.264, H.265, AV1) or give a link instead",
            errors=[{"field": "video"}],
        )
    audio = [s for s in streams if s.get("codec_type") == "audio"]
    has_audio = bool(audio) and audio[0].get("codec_name") in AUDIO_CODECS
    return Probe(int(video["width"]), int(video["height"]), duration, has_audio)


def strip_video(source: Path, target: Path) -> Probe:
    """Rewrite a checked video as an MP4 with no metadata; answers what the result holds."""
    probe = probe_video(source)
    command = [_tool("ffmpeg"), "-nostdin", "-v", "error", "-y", "-i", str(source)]
    command += ["-map", "0:v:0"] + (["-map", "0:a:0"] if probe.has_audio else [])
    command += ["-map_metadata", "-1", "-map_metadata:s", "-1", "-map_chapters", "-1"]
    command += ["-c", "copy", "-fflags", "+bitexact", "-movflags", "+faststart", str(target)]
    done = subprocess.run(command, capture_output=True, timeout=TOOL_SECONDS, check=False)
    if done.returncode != 0 or not target.is_file():
        raise _not_a_video()
    return probe_video(target)


def add_video_file(
    session: Session,
    actor: Actor,
    media_dir: Path,
    prototype_id: int,
    data: bytes,
    details: PhotoDetails,
    max_bytes: int,
) -> Media:
    """Store an uploaded video of a prototype, stripped of its metadata, with a media record."""
    prototype = editable_prototype(session, actor, prototype_id)
    licence = check_licence(details.licence)
    if not data:
        raise InvalidInput("the file is empty: choose a video", errors=[{"field": "video"}])
    if len(data) > max_bytes:
        raise InvalidInput(
            f"the video is too big ({len(data) / 1e6:.1f} MB): the limit is "
            f"{max_bytes / 1e6:.0f} MB; put it on a video site and give its link instead",
            errors=[{"field": "video"}],
        )
    media_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(16)
    folder = media_dir / key
    with tempfile.TemporaryDirectory(dir=media_dir) as work:
        upload = Path(work) / "upload"
        upload.write_bytes(data)
        stripped = Path(work) / VIDEO_FILE
        probe = strip_video(upload, stripped)
        folder.mkdir(exist_ok=False)
        stripped.replace(folder / VIDEO_FILE)
    media = Media(
        prototype_id=prototype.id,
        kind="video",
        file_path=key,
        mime_type=VIDEO_MIME_TYPE,
        width=probe.width,
        height=probe.height,
        title=(details.title or prototype.title)[:300],
        alt_text=details.alt_text[:500],
        credits=details.credits[:500],
        licence=licence,
        shows_people=details.shows_people,
        consent_given=details.shows_people and details.consent_given,
    )
    session.add(media)
    try:
        session.flush()
    except Exception:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    media.url = f"/media/{media.id}/{VIDEO_FILE}"
    session.flush()
    record_revision(session, "media", media, "create", MEDIA.to_out(media), actor)
    return media


def add_video_link(
    session: Session, actor: Actor, prototype_id: int, url: str, details: PhotoDetails
) -> Media:
    """Record a video of the prototype kept elsewhere (a video site, the team's server)."""
    values = {
        "prototype_id": prototype_id,
        "kind": "video",
        "url": url,
        "alt_text": details.alt_text,
        "credits": details.credits,
        "licence": check_licence(details.licence),
        "shows_people": details.shows_people,
        "consent_given": details.shows_people and details.consent_given,
    }
    if details.title:
        values["title"] = details.title
    try:
        data = MediaCreate.model_validate(values)
    except ValueError as error:
        raise InvalidInput(
            "give the video's full address (https://…)", errors=[{"field": "video_url"}]
        ) from error
    return create_record(session, MEDIA, actor, data)


def video_file(session: Session, actor: Actor, media_dir: Path, media_id: int) -> Path:
    """The stored file of an uploaded video the actor may see."""
    media = get_record(session, MEDIA, actor, media_id)
    if media.kind != "video" or not media.file_path:
        raise NotFound(f"media record {media_id} has no stored video")
    path = media_dir / media.file_path / VIDEO_FILE
    if not path.is_file():
        raise NotFound(f"the file of media record {media_id} is missing")
    return path
