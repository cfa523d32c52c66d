"""Uploaded videos: checked with ffprobe, rewritten by ffmpeg with no location or device left."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from factories import make_prototype, make_user
from mixroom.errors import InvalidInput, PermissionDenied
from mixroom.models import Media
from mixroom.services.actors import load_actor
from mixroom.services.media_files import PhotoDetails
from mixroom.services.videos import add_video_file, add_video_link, video_file
from services.test_media_files import camera_jpeg

pytestmark = pytest.mark.skipif(
    shutil.which("ffmpeg") is None or shutil.which("ffprobe") is None,
    reason="ffmpeg is not installed (make ffmpeg installs it from Debian)",
)
LOCATION = "+45.7337+004.8181/"
DEVICE = "SecretPhoneMake"
LIMIT = 10_000_000


def phone_video(folder: Path, name: str = "phone.mp4", codec: str = "libx264") -> bytes:
    """A one-second MP4 with sound, a GPS position and a device make, as a phone writes it."""
    path = folder / name
    command = ["ffmpeg", "-nostdin", "-v", "error", "-y"]
    command += ["-f", "lavfi", "-i", "testsrc=size=320x240:rate=10"]
    command += ["-f", "lavfi", "-i", "sine=frequency=440", "-t", "1"]
    command += ["-c:v", codec, "-pix_fmt", "yuv420p", "-c:a", "aac"]
    command += [
        "-metadata",
        f"location={LOCATION}",
        "-metadata",
        f"com.apple.quicktime.make={DEVICE}",
    ]
    command += ["-movflags", "+use_metadata_tags", str(path)]
    subprocess.run(command, check=True, capture_output=True, timeout=60)
    return path.read_bytes()


def tags_of(path: Path) -> dict[str, str]:
    """Every global and stream tag ffprobe reads in a file."""
    command = ["ffprobe", "-v", "error", "-print_format", "json", "-show_format", "-show_streams"]
    found = json.loads(
        subprocess.run([*command, str(path)], capture_output=True, check=True).stdout
    )
    tags = dict(found["format"].get("tags", {}))
    for stream in found["streams"]:
        tags.update(stream.get("tags", {}))
    return tags


@pytest.fixture
def media_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "media"
    folder.mkdir()
    return folder


def test_an_uploaded_video_keeps_its_pictures_and_sound_but_no_location_or_device(
    session: Session, media_dir: Path, tmp_path: Path
) -> None:
    prototype = make_prototype(session)
    actor = load_actor(session, make_user(session, member_of=(prototype.team_id or 0,)))
    original = phone_video(tmp_path)
    # the test's premise: the phone's file says where and with what it was filmed
    assert LOCATION.encode() in original and DEVICE.encode() in original
    assert tags_of(tmp_path / "phone.mp4")["location"] == LOCATION
    details = PhotoDetails(credits="Noor Haddad", licence="CC-BY-4.0")
    media = add_video_file(session, actor, media_dir, prototype.id, original, details, LIMIT)
    assert (media.kind, media.mime_type, media.width, media.height) == (
        "video",
        "video/mp4",
        320,
        240,
    )
    assert media.url == f"/media/{media.id}/video.mp4"
    stored = video_file(session, actor, media_dir, media.id)
    data = stored.read_bytes()
    assert LOCATION.encode() not in data and b"45.7337" not in data and DEVICE.encode() not in data
    tags = tags_of(stored)
    assert "location" not in tags and not any(DEVICE in value for value in tags.values())
    assert not any("Lavf" in value for value in tags.values())  # nor the tool that rewrote it
    streams = subprocess.run(
        [
            "ffprobe",
            "-v",
            "error",
            "-show_entries",
            "stream=codec_type",
            "-of",
            "csv=p=0",
            str(stored),
        ],
        capture_output=True,
        check=True,
        text=True,
    ).stdout.split()
    assert streams == ["video", "audio"]
    # the file begins with its index (faststart): moov before mdat
    assert data.index(b"moov") < data.index(b"mdat")
    assert sorted(path.name for path in media_dir.iterdir()) == [media.file_path]


def test_what_is_not_a_video_is_refused_with_a_clear_message(
    session: Session, media_dir: Path, tmp_path: Path
) -> None:
    prototype = make_prototype(session)
    actor = load_actor(session, make_user(session, member_of=(prototype.team_id or 0,)))
    details = PhotoDetails()
    for data in (b"just some text, renamed .mp4", camera_jpeg(400, 300), b""):
        with pytest.raises(InvalidInput) as refused:
            add_video_file(session, actor, media_dir, prototype.id, data, details, LIMIT)
        assert "not a video" in refused.value.detail or "empty" in refused.value.detail
    video = phone_video(tmp_path)
    with pytest.raises(InvalidInput, match="the video is too big"):
        add_video_file(session, actor, media_dir, prototype.id, video, details, len(video) - 1)
    assert session.query(Media).count() == 0
    assert list(media_dir.iterdir()) == []  # no file left behind by a refusal


def test_a_video_a_mp4_cannot_hold_is_refused_and_others_may_not_add_videos(
    session: Session, media_dir: Path, tmp_path: Path
) -> None:
    prototype = make_prototype(session)
    actor = load_actor(session, make_user(session, member_of=(prototype.team_id or 0,)))
    webm = phone_video(tmp_path, "clip.mkv", codec="mpeg2video")
    with pytest.raises(InvalidInput, match="encoded as mpeg2video"):
        add_video_file(session, actor, media_dir, prototype.id, webm, PhotoDetails(), LIMIT)
    outsider = load_actor(session, make_user(session))
    with pytest.raises(PermissionDenied):
        add_video_file(
            session, outsider, media_dir, prototype.id, phone_video(tmp_path), PhotoDetails(), LIMIT
        )
    with pytest.raises(InvalidInput, match="full address"):
        add_video_link(session, actor, prototype.id, "javascript:alert(1)", PhotoDetails())
