"""Uploaded photos: resized, turned upright, stripped of every metadata, refused when bad."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy.orm import Session

from factories import make_prototype, make_user
from mixroom.errors import InvalidInput, NotAuthenticated, NotFound, PermissionDenied
from mixroom.models import Media, Revision
from mixroom.services.actors import PUBLIC, load_actor
from mixroom.services.media_files import (
    PhotoDetails,
    add_photo,
    photo_file,
    process_photo,
    variant_widths,
)

LIMIT = 5_000_000
CAMERA_MAKE = "CanonSecretMake"
CAMERA_MODEL = "EOS-Hidden-Model-77"
GPS_IFD = 0x8825


def camera_jpeg(width: int = 2400, height: int = 1200, orientation: int = 1) -> bytes:
    """A JPEG as a phone writes it: camera make and model, GPS position, orientation, comment."""
    image = Image.new("RGB", (width, height), (200, 30, 30))
    image.paste((20, 20, 220), (0, 0, width // 4, height))  # a blue band on the left
    exif = Image.Exif()
    exif[0x010F] = CAMERA_MAKE
    exif[0x0110] = CAMERA_MODEL
    exif[0x0112] = orientation
    exif[0x0132] = "2014:11:08 10:42:00"
    gps = exif.get_ifd(GPS_IFD)
    gps[1] = "N"
    gps[2] = (45.0, 44.0, 1.5)
    gps[3] = "E"
    gps[4] = (4.0, 49.0, 5.25)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, comment=b"taken at 45.7337N 4.8181E")
    return buffer.getvalue()


@pytest.fixture
def media_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "media"
    folder.mkdir()
    return folder


def test_a_camera_photo_comes_out_in_three_webp_sizes() -> None:
    variants = process_photo(camera_jpeg(), LIMIT)
    assert [(v.width, v.height) for v in variants] == [(320, 160), (800, 400), (1600, 800)]
    for variant in variants:
        decoded = Image.open(io.BytesIO(variant.data))
        assert decoded.format == "WEBP"
        assert decoded.size == (variant.width, variant.height)


def test_no_location_camera_or_date_survives_in_the_bytes() -> None:
    original = camera_jpeg()
    assert CAMERA_MAKE.encode() in original and b"45.7337N" in original  # the test's premise
    for variant in process_photo(original, LIMIT):
        data = variant.data
        for secret in (CAMERA_MAKE, CAMERA_MODEL, "2014:11:08", "45.7337N"):
            assert secret.encode() not in data
        # a WebP file is RIFF chunks: only the picture itself may be there
        assert b"EXIF" not in data and b"Exif" not in data
        assert b"XMP " not in data and b"ICCP" not in data
        decoded = Image.open(io.BytesIO(data))
        assert dict(decoded.getexif()) == {}
        assert decoded.getexif().get_ifd(GPS_IFD) == {}
        assert set(decoded.info) <= {"loop", "background", "duration", "timestamp"}


def test_the_exif_orientation_is_applied_before_it_is_dropped() -> None:
    # orientation 6: the camera was turned; the picture is shown rotated by 90 degrees
    variants = process_photo(camera_jpeg(2400, 1200, orientation=6), LIMIT)
    assert [(v.width, v.height) for v in variants] == [(320, 640), (800, 1600)]
    upright = Image.open(io.BytesIO(variants[0].data)).convert("RGB")
    # the blue band that was on the left is now at the top
    top = upright.getpixel((160, 10))
    bottom = upright.getpixel((160, 630))
    assert isinstance(top, tuple) and isinstance(bottom, tuple)
    assert top[2] > 150 and top[0] < 100
    assert bottom[0] > 150 and bottom[2] < 100


def test_a_small_photo_is_never_enlarged() -> None:
    buffer = io.BytesIO()
    Image.new("RGBA", (200, 120), (0, 0, 0, 0)).save(buffer, "PNG")
    variants = process_photo(buffer.getvalue(), LIMIT)
    assert [(v.width, v.height) for v in variants] == [(200, 120)]
    assert Image.open(io.BytesIO(variants[0].data)).mode == "RGBA"
    assert variant_widths(200) == [200]
    assert variant_widths(1000) == [320, 800]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the file is empty"),
        (b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\n", "not a photo we can read"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "not a photo"),
        (camera_jpeg()[:2000], "not a photo we can read"),  # cut off in the middle
        (b"\xff\xd8\xff\xe0" + b"\x00" * 500, "not a photo we can read"),  # a JPEG header only
    ],
    ids=["empty", "pdf", "svg", "truncated-jpeg", "broken-jpeg"],
)
def test_files_that_are_not_photos_are_refused_clearly(data: bytes, message: str) -> None:
    with pytest.raises(InvalidInput, match=message) as caught:
        process_photo(data, LIMIT)
    assert caught.value.extra["errors"] == [{"field": "photo"}]


def test_an_oversized_file_is_refused_with_the_limit() -> None:
    data = camera_jpeg()
    with pytest.raises(InvalidInput, match=r"too big \(0\.0 MB\): the limit is 0\.0 MB"):
        process_photo(data, 1000)


def test_a_decompression_bomb_is_refused_before_decoding() -> None:
    buffer = io.BytesIO()
    Image.new("1", (10_000, 10_000)).save(buffer, "PNG")  # 100 megapixels in a few kB
    assert len(buffer.getvalue()) < 100_000
    with pytest.raises(InvalidInput, match="too many pixels"):
        process_photo(buffer.getvalue(), LIMIT)


def test_add_photo_stores_the_sizes_and_a_media_record(session: Session, media_dir: Path) -> None:
    prototype = make_prototype(session)
    member = make_user(session, member_of=(prototype.team_id or 0,))
    actor = load_actor(session, member)
    details = PhotoDetails(
        title="The machine", alt_text="A wooden machine", credits="Ada", licence="CC-BY-4.0"
    )
    media = add_photo(session, actor, media_dir, prototype.id, camera_jpeg(), details, LIMIT)
    session.commit()
    stored = session.get(Media, media.id)
    assert stored is not None
    assert (stored.kind, stored.mime_type, stored.width, stored.height) == (
        "photo",
        "image/webp",
        1600,
        800,
    )
    assert stored.url == f"/media/{media.id}/800"
    assert (stored.credits, stored.licence, stored.alt_text) == (
        "Ada",
        "CC-BY-4.0",
        "A wooden machine",
    )
    files = sorted(path.name for path in (media_dir / str(stored.file_path)).iterdir())
    assert files == ["1600.webp", "320.webp", "800.webp"]
    assert photo_file(session, PUBLIC, media_dir, media.id, 320).name == "320.webp"
    assert photo_file(session, PUBLIC, media_dir, media.id, 1000).name == "800.webp"
    revisions = session.query(Revision).filter_by(noun="media", record_id=media.id).all()
    assert [revision.action for revision in revisions] == ["create"]


def test_only_the_team_may_add_a_photo(session: Session, media_dir: Path) -> None:
    prototype = make_prototype(session)
    stranger = load_actor(session, make_user(session))
    with pytest.raises(NotAuthenticated):
        add_photo(session, PUBLIC, media_dir, prototype.id, camera_jpeg(), PhotoDetails(), LIMIT)
    with pytest.raises(PermissionDenied):
        add_photo(session, stranger, media_dir, prototype.id, camera_jpeg(), PhotoDetails(), LIMIT)
    assert list(media_dir.iterdir()) == []


def test_an_unknown_licence_is_refused(session: Session, media_dir: Path) -> None:
    prototype = make_prototype(session)
    admin = load_actor(session, make_user(session, is_admin=True))
    details = PhotoDetails(licence="All-Rights-Mine")
    with pytest.raises(InvalidInput, match="unknown licence"):
        add_photo(session, admin, media_dir, prototype.id, camera_jpeg(), details, LIMIT)


def test_a_photo_of_people_without_consent_is_not_served_to_the_public(
    session: Session, media_dir: Path
) -> None:
    prototype = make_prototype(session)
    member = load_actor(session, make_user(session, member_of=(prototype.team_id or 0,)))
    details = PhotoDetails(shows_people=True, consent_given=False)
    media = add_photo(session, member, media_dir, prototype.id, camera_jpeg(), details, LIMIT)
    session.commit()
    with pytest.raises(NotFound):
        photo_file(session, PUBLIC, media_dir, media.id, 800)
    stranger = load_actor(session, make_user(session))
    with pytest.raises(NotFound):
        photo_file(session, stranger, media_dir, media.id, 800)
    assert photo_file(session, member, media_dir, media.id, 800).name == "800.webp"


def test_a_photo_of_a_draft_is_not_served_to_the_public(session: Session, media_dir: Path) -> None:
    prototype = make_prototype(session, visibility="draft")
    member = load_actor(session, make_user(session, member_of=(prototype.team_id or 0,)))
    media = add_photo(
        session, member, media_dir, prototype.id, camera_jpeg(), PhotoDetails(), LIMIT
    )
    session.commit()
    with pytest.raises(NotFound):
        photo_file(session, PUBLIC, media_dir, media.id, 800)
    assert photo_file(session, member, media_dir, media.id, 800).is_file()
