"""Editing a prototype's media after capture: add, describe, consent, captions, remove."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from factories import make_prototype, make_user
from mixroom.models import Media, Prototype
from mixroom.settings import Settings
from mixroom.web.app import create_app
from services.test_media_files import CAMERA_MAKE, camera_jpeg
from services.test_videos import DEVICE, LOCATION, phone_video
from web.test_capture import csrf_of, sign_in

CAPTIONS = (
    b"WEBVTT\n\n00:00.000 --> 00:02.500\nA bench that listens.\n\n"
    b"1\n00:00:02.500 --> 00:00:05.000 align:start\nIt tells the stories of the paintings.\n"
)


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as client:
        yield client


@pytest.fixture
def team_prototype(session: Session, client: TestClient) -> Prototype:
    prototype = make_prototype(session, title="The listening bench")
    user = make_user(session, member_of=(prototype.team_id or 0,))
    session.commit()
    sign_in(client, user.username)
    return prototype


def add_media(client: TestClient, pid: int, files: dict[str, object], **fields: str) -> object:
    page = client.get(f"/prototypes/{pid}/edit/media")
    assert page.status_code == 200
    data = {"csrf_token": csrf_of(page.text), "licence": "CC-BY-4.0", **fields}
    return client.post(f"/prototypes/{pid}/media", data=data, files=files, follow_redirects=False)


def only_media(session: Session, pid: int) -> Media:
    session.expire_all()
    return session.scalars(select(Media).where(Media.prototype_id == pid)).one()


def test_the_edit_link_of_the_media_section_leads_to_a_form_that_adds_a_photo(
    client: TestClient, team_prototype: Prototype, session: Session, settings: Settings
) -> None:
    pid = team_prototype.id
    assert f'href="/prototypes/{pid}/edit/media"' in client.get(f"/prototypes/{pid}").text
    added = add_media(
        client,
        pid,
        {"photo": ("IMG_1.JPG", camera_jpeg(), "image/jpeg")},
        alt_text="A wooden bench",
        credits="Noor Haddad",
    )
    assert added.headers["location"] == f"/prototypes/{pid}/edit/media"  # type: ignore[attr-defined]
    media = only_media(session, pid)
    assert (media.kind, media.alt_text, media.credits, media.licence, media.width) == (
        "photo",
        "A wooden bench",
        "Noor Haddad",
        "CC-BY-4.0",
        1600,
    )
    with TestClient(create_app(settings)) as public:
        photo = public.get(f"/media/{media.id}/320")
        assert photo.status_code == 200 and CAMERA_MAKE.encode() not in photo.content


def test_a_broken_upload_is_refused_with_the_form_and_a_clear_message(
    client: TestClient, team_prototype: Prototype, session: Session
) -> None:
    pid = team_prototype.id
    refused = add_media(client, pid, {"photo": ("notes.txt", b"not a picture", "text/plain")})
    assert refused.status_code == 422  # type: ignore[attr-defined]
    assert "not a photo we can read" in refused.text  # type: ignore[attr-defined]
    nothing = add_media(client, pid, {})
    assert nothing.status_code == 422  # type: ignore[attr-defined]
    assert "choose a photo or a video" in nothing.text  # type: ignore[attr-defined]
    assert session.scalars(select(Media).where(Media.prototype_id == pid)).all() == []


def test_details_and_consent_are_edited_and_hide_or_show_the_photo_to_the_public(
    client: TestClient, team_prototype: Prototype, session: Session, settings: Settings
) -> None:
    pid = team_prototype.id
    add_media(client, pid, {"photo": ("a.jpg", camera_jpeg(800, 400), "image/jpeg")})
    media = only_media(session, pid)
    page = client.get(f"/prototypes/{pid}/edit/media")
    etag = page.text.split('name="etag" value="', 1)[1].split('"', 1)[0].replace("&#34;", '"')
    form = {
        "csrf_token": csrf_of(page.text),
        "etag": etag,
        "title": "Visitors on the bench",
        "alt_text": "Two visitors listen on the bench",
        "credits": "Ana Lima",
        "licence": "CC0-1.0",
        "shows_people": "1",
    }
    saved = client.post(f"/prototypes/{pid}/media/{media.id}", data=form, follow_redirects=False)
    assert saved.status_code == 303
    media = only_media(session, pid)
    assert (media.title, media.alt_text, media.credits, media.licence) == (
        "Visitors on the bench",
        "Two visitors listen on the bench",
        "Ana Lima",
        "CC0-1.0",
    )
    assert (media.shows_people, media.consent_given) == (True, False)
    with TestClient(create_app(settings)) as public:
        assert public.get(f"/media/{media.id}/800").status_code == 404
        assert "Two visitors" not in public.get(f"/prototypes/{pid}").text
    # the same form again, now with consent; the old etag is stale and refused
    page = client.get(f"/prototypes/{pid}/edit/media")
    stale = client.post(
        f"/prototypes/{pid}/media/{media.id}",
        data={**form, "csrf_token": csrf_of(page.text), "consent_given": "1"},
    )
    assert stale.status_code == 422 and "changed since you read it" in stale.text
    # the form comes back with a fresh token and the current version
    etag = stale.text.split('name="etag" value="', 1)[1].split('"', 1)[0].replace("&#34;", '"')
    fresh = {**form, "csrf_token": csrf_of(stale.text), "consent_given": "1", "etag": etag}
    assert client.post(f"/prototypes/{pid}/media/{media.id}", data=fresh).status_code == 200
    assert only_media(session, pid).consent_given is True
    with TestClient(create_app(settings)) as public:
        assert public.get(f"/media/{media.id}/800").status_code == 200
        assert "Two visitors listen on the bench" in public.get(f"/prototypes/{pid}").text


def test_a_photo_is_removed_with_its_files(
    client: TestClient, team_prototype: Prototype, session: Session, settings: Settings
) -> None:
    pid = team_prototype.id
    add_media(client, pid, {"photo": ("a.jpg", camera_jpeg(800, 400), "image/jpeg")})
    media = only_media(session, pid)
    media_id = media.id
    folder = settings.resolved_media_dir() / str(media.file_path)
    assert sorted(path.name for path in folder.iterdir()) == ["320.webp", "800.webp"]
    page = client.get(f"/prototypes/{pid}/edit/media")
    removed = client.post(
        f"/prototypes/{pid}/media/{media_id}/remove",
        data={"csrf_token": csrf_of(page.text)},
        follow_redirects=False,
    )
    assert removed.status_code == 303
    session.expire_all()
    assert session.get(Media, media_id) is None
    assert not folder.exists()
    assert client.get(f"/media/{media_id}/800").status_code == 404


def test_others_may_not_edit_or_remove_and_every_form_needs_its_csrf_token(
    client: TestClient, team_prototype: Prototype, session: Session, settings: Settings
) -> None:
    pid = team_prototype.id
    add_media(client, pid, {"photo": ("a.jpg", camera_jpeg(800, 400), "image/jpeg")})
    media = only_media(session, pid)
    page = client.get(f"/prototypes/{pid}/edit/media")
    no_token = client.post(f"/prototypes/{pid}/media/{media.id}/remove", data={})
    assert no_token.status_code == 403
    other_page = make_prototype(session)
    session.commit()
    # a media record reached through another prototype's address is not found
    wrong = client.post(
        f"/prototypes/{other_page.id}/media/{media.id}/remove",
        data={"csrf_token": csrf_of(page.text)},
    )
    assert wrong.status_code == 404
    outsider = make_user(session)
    session.commit()
    with TestClient(create_app(settings)) as other:
        sign_in(other, outsider.username)
        assert other.get(f"/prototypes/{pid}/edit/media").status_code == 403
        token = csrf_of(other.get("/login").text)
        refused = other.post(
            f"/prototypes/{pid}/media/{media.id}/remove", data={"csrf_token": token}
        )
        assert refused.status_code == 403
        assert other.get(f"/prototypes/{pid}").status_code == 200
    assert session.get(Media, media.id) is not None


def test_captions_are_checked_and_served_as_webvtt_with_the_media_visibility(
    client: TestClient, team_prototype: Prototype, session: Session, settings: Settings
) -> None:
    pid = team_prototype.id
    linked = add_media(client, pid, {}, video_url="https://video.example.org/bench")
    assert linked.status_code == 303  # type: ignore[attr-defined]
    media = only_media(session, pid)
    assert (media.kind, media.url) == ("video", "https://video.example.org/bench")

    def upload(data: bytes) -> object:
        page = client.get(f"/prototypes/{pid}/edit/media")
        etag = page.text.split('name="etag" value="', 1)[1].split('"', 1)[0]
        form = {"csrf_token": csrf_of(page.text), "etag": etag.replace("&#34;", '"')}
        files = {"captions": ("bench.vtt", data, "text/vtt")}
        return client.post(f"/prototypes/{pid}/media/{media.id}", data=form, files=files)

    bad = upload(b"1\n00:00:01,000 --> 00:00:02,000\nan SRT file\n")
    assert bad.status_code == 422 and "the first line must be" in bad.text  # type: ignore[attr-defined]
    backwards = upload(b"WEBVTT\n\n00:05.000 --> 00:01.000\nback in time\n")
    assert "must end after it starts" in backwards.text  # type: ignore[attr-defined]
    assert upload(CAPTIONS).status_code == 200  # type: ignore[attr-defined]
    with TestClient(create_app(settings)) as public:
        served = public.get(f"/media/{media.id}/captions.vtt")
        assert served.status_code == 200
        assert served.headers["content-type"] == "text/vtt; charset=utf-8"
        assert served.content == CAPTIONS
        assert f'href="/media/{media.id}/captions.vtt"' in public.get(f"/prototypes/{pid}").text
    # a draft's captions are as hidden as the draft
    session.execute(
        Prototype.__table__.update().where(Prototype.id == pid).values(visibility="draft")
    )
    session.commit()
    with TestClient(create_app(settings)) as public:
        assert public.get(f"/media/{media.id}/captions.vtt").status_code == 404
    assert client.get(f"/media/{media.id}/captions.vtt").status_code == 200


def test_captions_belong_to_videos_only(
    client: TestClient, team_prototype: Prototype, session: Session, tmp_path: Path
) -> None:
    pid = team_prototype.id
    add_media(client, pid, {"photo": ("a.jpg", camera_jpeg(800, 400), "image/jpeg")})
    media = only_media(session, pid)
    page = client.get(f"/prototypes/{pid}/edit/media")
    etag = page.text.split('name="etag" value="', 1)[1].split('"', 1)[0].replace("&#34;", '"')
    refused = client.post(
        f"/prototypes/{pid}/media/{media.id}",
        data={"csrf_token": csrf_of(page.text), "etag": etag},
        files={"captions": ("a.vtt", CAPTIONS, "text/vtt")},
    )
    assert refused.status_code == 422 and "captions belong to a video" in refused.text
    assert only_media(session, pid).captions_vtt == ""


@pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="ffmpeg is not installed")
def test_an_uploaded_video_is_served_without_its_location_and_shown_with_captions(
    client: TestClient,
    team_prototype: Prototype,
    session: Session,
    settings: Settings,
    tmp_path: Path,
) -> None:
    pid = team_prototype.id
    original = phone_video(tmp_path)
    added = add_media(client, pid, {"video": ("IMG_0002.MOV", original, "video/quicktime")})
    assert added.status_code == 303  # type: ignore[attr-defined]
    media = only_media(session, pid)
    page = client.get(f"/prototypes/{pid}/edit/media")
    etag = page.text.split('name="etag" value="', 1)[1].split('"', 1)[0].replace("&#34;", '"')
    form = {"csrf_token": csrf_of(page.text), "etag": etag}
    files = {"captions": ("bench.vtt", CAPTIONS, "text/vtt")}
    assert (
        client.post(f"/prototypes/{pid}/media/{media.id}", data=form, files=files).status_code
        == 200
    )
    with TestClient(create_app(settings)) as public:
        served = public.get(f"/media/{media.id}/video.mp4")
        assert served.status_code == 200 and served.headers["content-type"] == "video/mp4"
        assert LOCATION.encode() not in served.content and DEVICE.encode() not in served.content
        shown = public.get(f"/prototypes/{pid}").text
        assert f'<video src="/media/{media.id}/video.mp4"' in shown
        assert f'<track kind="captions" src="/media/{media.id}/captions.vtt"' in shown
