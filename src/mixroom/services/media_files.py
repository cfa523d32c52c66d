"""Uploaded photos: checked, turned upright, stripped of metadata and resized to a few widths.

An upload is never kept as sent. Pillow decodes it (refusing what is not a JPEG, PNG, WebP or
GIF picture, what is too big, and what does not decode), applies the EXIF orientation, and
copies the pixels alone into a new image, so location, camera, date and any other metadata
(EXIF, XMP, IPTC, comments, ICC profiles) are left behind. Each stored size is a WebP file.

Files live under the media folder as ``<key>/<width>.webp``; the key is random, so a file's
name says nothing about what it shows. Pages and the API reach them only through
``/media/<id>/<width>``, which applies the media record's visibility rule (drafts and pictures
of people without their consent stay hidden).
"""

from __future__ import annotations

import io
import secrets
import shutil
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy import select
from sqlalchemy.orm import Session

from mixroom.errors import InvalidInput, NotFound
from mixroom.models import Media, Prototype
from mixroom.schemas.licences import check_spdx
from mixroom.schemas.media import MediaUpdate
from mixroom.services.actors import Actor, require_edit
from mixroom.services.chains import chain_of_prototype
from mixroom.services.history import record_revision
from mixroom.services.media import MEDIA
from mixroom.services.records import delete_record, get_record, update_record

#: the widths a photo is stored at (never larger than the original)
WIDTHS = (320, 800, 1600)
#: the width a page shows by default
DEFAULT_WIDTH = 800
FORMATS = frozenset({"JPEG", "PNG", "WEBP", "GIF", "MPO"})
#: refuse pictures with more pixels than this before decoding them (decompression bombs)
MAX_PIXELS = 60_000_000
WEBP_QUALITY = 80
MIME_TYPE = "image/webp"


@dataclass(frozen=True)
class Variant:
    width: int
    height: int
    data: bytes


def variant_widths(original_width: int) -> list[int]:
    """The widths stored for an original of this width: each of WIDTHS it reaches, or itself."""
    widths = [width for width in WIDTHS if width <= original_width]
    return widths or [original_width]


def process_photo(data: bytes, max_bytes: int) -> list[Variant]:
    """The stored sizes of an uploaded photo, or InvalidInput saying what is wrong with it."""
    if not data:
        raise InvalidInput("the file is empty: choose a photo", errors=[{"field": "photo"}])
    if len(data) > max_bytes:
        raise InvalidInput(
            f"the photo is too big ({len(data) / 1e6:.1f} MB): the limit is "
            f"{max_bytes / 1e6:.1f} MB",
            errors=[{"field": "photo"}],
        )
    image, upright = _decode(data)
    mode = "RGBA" if upright.mode in {"RGBA", "LA", "PA"} or "transparency" in image.info else "RGB"
    # a new image from the pixels alone: no EXIF, XMP, ICC profile or comment comes along
    clean = Image.new(mode, upright.size)
    clean.paste(upright.convert(mode))
    variants = []
    for width in variant_widths(clean.width):
        height = max(1, round(clean.height * width / clean.width))
        sized = (
            clean
            if width == clean.width
            else clean.resize((width, height), Image.Resampling.LANCZOS)
        )
        buffer = io.BytesIO()
        sized.save(buffer, "WEBP", quality=WEBP_QUALITY, method=4)
        variants.append(Variant(width, height, buffer.getvalue()))
    return variants


def _decode(data: bytes) -> tuple[Image.Image, Image.Image]:
    """The decoded picture, and the same turned upright by its EXIF orientation."""
    broken = InvalidInput(
        "this file is not a photo we can read: send a JPEG, PNG, WebP or GIF picture",
        errors=[{"field": "photo"}],
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format not in FORMATS:
                raise broken
            if image.width * image.height > MAX_PIXELS:
                raise InvalidInput(
                    f"the photo has too many pixels ({image.width}x{image.height}): "
                    f"the limit is {MAX_PIXELS // 1_000_000} megapixels",
                    errors=[{"field": "photo"}],
                )
            image.load()
            upright = ImageOps.exif_transpose(image)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise broken from error
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as error:
        raise InvalidInput("the photo has too many pixels", errors=[{"field": "photo"}]) from error
    return image, upright


@dataclass(frozen=True)
class PhotoDetails:
    """What the uploader says about a photo."""

    title: str = ""
    alt_text: str = ""
    credits: str = ""
    licence: str | None = None
    shows_people: bool = False
    consent_given: bool = False


def editable_prototype(session: Session, actor: Actor, prototype_id: int) -> Prototype:
    """The prototype whose media the actor is about to change, once they may edit it."""
    prototype = session.get(Prototype, prototype_id)
    if prototype is None:
        raise NotFound(f"no prototype with id {prototype_id}")
    require_edit(actor, chain_of_prototype(session, prototype), "this prototype's media")
    return prototype


def add_photo(
    session: Session,
    actor: Actor,
    media_dir: Path,
    prototype_id: int,
    data: bytes,
    details: PhotoDetails,
    max_bytes: int,
) -> Media:
    """Store an uploaded photo of a prototype in its sizes, with a media record."""
    prototype = editable_prototype(session, actor, prototype_id)
    licence = check_licence(details.licence)
    variants = process_photo(data, max_bytes)
    key = secrets.token_hex(16)
    folder = media_dir / key
    folder.mkdir(parents=True, exist_ok=False)
    for variant in variants:
        (folder / f"{variant.width}.webp").write_bytes(variant.data)
    largest = variants[-1]
    media = Media(
        prototype_id=prototype.id,
        kind="photo",
        file_path=key,
        mime_type=MIME_TYPE,
        width=largest.width,
        height=largest.height,
        title=details.title[:300],
        alt_text=details.alt_text[:500],
        credits=details.credits[:500],
        licence=licence,
        shows_people=details.shows_people,
        consent_given=details.consent_given,
    )
    session.add(media)
    try:
        session.flush()
    except Exception:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    media.url = photo_url(media.id, DEFAULT_WIDTH)
    session.flush()
    record_revision(session, "media", media, "create", MEDIA.to_out(media), actor)
    return media


def check_licence(licence: str | None) -> str | None:
    """The licence as a known SPDX id, or None; InvalidInput on an unknown one."""
    if not licence:
        return None
    try:
        return check_spdx(licence)
    except ValueError as error:
        raise InvalidInput(str(error), errors=[{"field": "licence"}]) from error


def photo_url(media_id: int, width: int) -> str:
    return f"/media/{media_id}/{width}"


def photo_file(session: Session, actor: Actor, media_dir: Path, media_id: int, width: int) -> Path:
    """The stored file of one size of a photo the actor may see (the nearest stored size)."""
    media = get_record(session, MEDIA, actor, media_id)
    if not media.file_path or media.width is None:
        raise NotFound(f"media record {media_id} has no stored file")
    stored = variant_widths(media.width)
    chosen = min(stored, key=lambda candidate: (abs(candidate - width), -candidate))
    path = media_dir / media.file_path / f"{chosen}.webp"
    if not path.is_file():
        raise NotFound(f"the file of media record {media_id} is missing")
    return path


# -- editing after capture ----------------------------------------------------------------------


def list_editable_media(session: Session, actor: Actor, prototype_id: int) -> list[Media]:
    """Every media record of a prototype the actor may edit, hidden ones included, oldest first."""
    editable_prototype(session, actor, prototype_id)
    query = select(Media).where(Media.prototype_id == prototype_id).order_by(Media.id)
    return list(session.scalars(query))


def get_prototype_media(session: Session, actor: Actor, prototype_id: int, media_id: int) -> Media:
    """One media record of this prototype, which the actor may edit."""
    media = get_record(session, MEDIA, actor, media_id)
    if media.prototype_id != prototype_id:
        raise NotFound(f"prototype {prototype_id} has no media record {media_id}")
    require_edit(actor, MEDIA.chain(session, media), "this media record")
    return media


def update_media_details(
    session: Session,
    actor: Actor,
    prototype_id: int,
    media_id: int,
    details: PhotoDetails,
    if_match: str | None = None,
) -> Media:
    """Change what is said about a photo or video: alt text, credits, licence, people, consent."""
    get_prototype_media(session, actor, prototype_id, media_id)
    values: dict[str, object] = {
        "alt_text": details.alt_text[:500],
        "credits": details.credits[:500],
        "licence": check_licence(details.licence),
        "shows_people": details.shows_people,
        # consent means nothing when nobody can be recognised: it is never kept alone
        "consent_given": details.shows_people and details.consent_given,
    }
    if details.title.strip():
        values["title"] = details.title.strip()[:300]
    data = MediaUpdate.model_validate(values)
    return update_record(session, MEDIA, actor, media_id, data, if_match)


def remove_media(session: Session, actor: Actor, prototype_id: int, media_id: int) -> str | None:
    """Delete a media record (its last state stays in the history); answers its files' key.

    The files stay until the edge has committed and calls ``discard_files``: a failed commit
    must not leave a record without its files.
    """
    media = get_prototype_media(session, actor, prototype_id, media_id)
    key = media.file_path
    delete_record(session, MEDIA, actor, media_id)
    return key


def discard_files(media_dir: Path, key: str | None) -> None:
    """Remove the stored files of a deleted media record."""
    if key and "/" not in key and key not in {".", ".."}:
        shutil.rmtree(media_dir / key, ignore_errors=True)
