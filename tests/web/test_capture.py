"""Quick capture without JavaScript, on SQLite and PostgreSQL: invite, three forms, the page."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from PIL import Image
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from factories import PASSWORD, make_site, make_team, make_user
from mixroom.models import Media, Person, Prototype, Revision, Team, TeamMember, User
from mixroom.services.actors import load_actor
from mixroom.services.invites import issue_invite
from mixroom.settings import Settings
from mixroom.web.app import create_app
from services.test_media_files import CAMERA_MAKE, camera_jpeg


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as client:
        yield client


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found is not None, "the page has no form with a CSRF token"
    return found[1]


def sign_in(client: TestClient, username: str) -> None:
    token = csrf_of(client.get("/login").text)
    data = {"username": username, "password": PASSWORD, "csrf_token": token, "next": "/"}
    assert client.post("/login", data=data, follow_redirects=False).status_code == 303


def organiser_invite(session: Session, settings: Settings) -> tuple[int, str]:
    site = make_site(session, name="Museomix Lyon")
    organiser = make_user(session, grants=(("organiser", "site", site.id),))
    token = issue_invite(session, load_actor(session, organiser), "test-secret", site.id)
    session.commit()
    return site.id, token


def test_a_new_user_documents_a_prototype_in_four_forms(
    client: TestClient, session: Session, settings: Settings
) -> None:
    site_id, token = organiser_invite(session, settings)
    # screen 1: join with the invite
    page = client.get(f"/join/{token}")
    assert page.status_code == 200 and "Museomix Lyon" in page.text
    joined = client.post(
        f"/join/{token}",
        data={
            "csrf_token": csrf_of(page.text),
            "username": "noor",
            "display_name": "Noor Haddad",
            "password": "a long enough password",
            "role": "designer",
        },
        follow_redirects=False,
    )
    assert (joined.status_code, joined.headers["location"]) == (303, "/capture")
    # screen 2: what
    page = client.get("/capture")
    assert f'<option value="{site_id}"' in page.text
    started = client.post(
        "/capture",
        data={
            "csrf_token": csrf_of(page.text),
            "title": "The listening bench",
            "subtitle": "A bench that tells the stories of the paintings in front of it",
            "site_id": str(site_id),
        },
        follow_redirects=False,
    )
    assert started.status_code == 303
    prototype_id = int(started.headers["location"].split("/")[2])
    assert started.headers["location"] == f"/capture/{prototype_id}/photo"
    # the draft is the team's only, until they publish it
    assert client.get(f"/prototypes/{prototype_id}").status_code == 200
    with TestClient(create_app(settings)) as public:
        assert public.get(f"/prototypes/{prototype_id}").status_code == 404
    # screen 3: a photo
    page = client.get(f"/capture/{prototype_id}/photo")
    assert 'accept="image/*" capture="environment"' in page.text
    uploaded = client.post(
        f"/capture/{prototype_id}/photo",
        data={
            "csrf_token": csrf_of(page.text),
            "alt_text": "A wooden bench with headphones",
            "credits": "Noor Haddad",
            "licence": "CC-BY-4.0",
        },
        files={"photo": ("IMG_0001.JPG", camera_jpeg(), "image/jpeg")},
        follow_redirects=False,
    )
    assert uploaded.headers["location"] == f"/capture/{prototype_id}/team"
    # screen 4: the team, and publish
    page = client.get(f"/capture/{prototype_id}/team")
    assert "Noor Haddad" in page.text  # already a member through the invite
    finished = client.post(
        f"/capture/{prototype_id}/team",
        data={
            "csrf_token": csrf_of(page.text),
            "team_name": "Les Bancs",
            "member_name": ["Ana Lima", "", "Jo Weber"],
            "member_role": ["coder", "participant", "content"],
            "visibility": "public",
        },
        follow_redirects=False,
    )
    assert finished.headers["location"] == f"/prototypes/{prototype_id}"

    with TestClient(create_app(settings)) as public:
        shown = public.get(f"/prototypes/{prototype_id}")
        assert shown.status_code == 200
        for text in ("The listening bench", "Les Bancs", "Ana Lima", "Jo Weber", "Noor Haddad"):
            assert text in shown.text
        media = session.scalars(select(Media).where(Media.prototype_id == prototype_id)).one()
        assert f'src="/media/{media.id}/800"' in shown.text
        assert f"/media/{media.id}/320 320w" in shown.text
        photo = public.get(f"/media/{media.id}/800")
        assert photo.status_code == 200 and photo.headers["content-type"] == "image/webp"
        assert CAMERA_MAKE.encode() not in photo.content and b"EXIF" not in photo.content
        assert Image.open(io.BytesIO(photo.content)).size == (800, 400)

    session.expire_all()
    prototype = session.get(Prototype, prototype_id)
    assert prototype is not None and prototype.visibility == "public"
    team = session.get(Team, prototype.team_id)
    assert team is not None and (team.name, team.site_id) == ("Les Bancs", site_id)
    roles = session.execute(
        select(Person.display_name, TeamMember.role)
        .join(TeamMember, TeamMember.person_id == Person.id)
        .where(TeamMember.team_id == team.id)
        .order_by(TeamMember.id)
    ).all()
    assert [tuple(row) for row in roles] == [
        ("Noor Haddad", "designer"),
        ("Ana Lima", "coder"),
        ("Jo Weber", "content"),
    ]


def test_autosave_creates_then_updates_one_draft(
    client: TestClient, session: Session, settings: Settings
) -> None:
    team = make_team(session)
    user = make_user(session, member_of=(team.id,))
    session.commit()
    sign_in(client, user.username)
    token = csrf_of(client.get("/capture").text)
    form = {"csrf_token": token, "title": "Half", "subtitle": "", "site_id": str(team.site_id)}
    first = client.post("/capture/autosave", data=form)
    assert first.status_code == 200 and first.json()["saved"] is True
    draft_id = first.json()["id"]
    form.update(title="Half a title, then the rest", prototype_id=str(draft_id))
    second = client.post("/capture/autosave", data=form)
    assert second.json() == {"saved": True, "id": draft_id, "version": 2}
    empty = client.post("/capture/autosave", data={**form, "title": " "})
    assert empty.status_code == 422 and empty.json()["detail"] == "give your prototype a title"
    session.expire_all()
    drafts = session.scalars(select(Prototype).where(Prototype.team_id == team.id)).all()
    assert [(p.title, p.visibility) for p in drafts] == [("Half a title, then the rest", "draft")]


def test_autosaves_within_ten_minutes_update_one_revision(
    client: TestClient, session: Session, settings: Settings
) -> None:
    team = make_team(session)
    user = make_user(session, member_of=(team.id,))
    session.commit()
    sign_in(client, user.username)
    token = csrf_of(client.get("/capture").text)
    form = {"csrf_token": token, "title": "The", "subtitle": "", "site_id": str(team.site_id)}
    draft_id = client.post("/capture/autosave", data=form).json()["id"]
    form["prototype_id"] = str(draft_id)
    for title in ("The listening", "The listening bench", "The listening bench!"):
        assert client.post("/capture/autosave", data={**form, "title": title}).status_code == 200

    def history() -> list[tuple[str, int, str]]:
        session.expire_all()
        query = select(Revision).where(
            Revision.noun == "prototypes", Revision.record_id == draft_id
        )
        return [
            (r.action, r.version, r.data["title"])
            for r in session.scalars(query.order_by(Revision.id))
        ]

    # the create, then one update holding the latest state (three bursts of typing)
    assert history() == [("create", 1, "The"), ("update", 4, "The listening bench!")]
    # eleven minutes later, the next autosave starts a new revision
    session.execute(
        update(Revision)
        .where(Revision.noun == "prototypes", Revision.record_id == draft_id)
        .values(created_at=datetime.now(UTC) - timedelta(minutes=11))
    )
    session.commit()
    client.post("/capture/autosave", data={**form, "title": "The listening bench, again"})
    assert history()[-2:] == [
        ("update", 4, "The listening bench!"),
        ("update", 5, "The listening bench, again"),
    ]
    # someone else's edit is never folded into: a teammate's autosave adds its own revision
    teammate = make_user(session, member_of=(team.id,))
    session.commit()
    with TestClient(create_app(settings)) as other:
        sign_in(other, teammate.username)
        theirs = {**form, "csrf_token": csrf_of(other.get("/capture").text), "title": "Bench"}
        assert other.post("/capture/autosave", data=theirs).status_code == 200
    assert [entry[2] for entry in history()] == [
        "The",
        "The listening bench!",
        "The listening bench, again",
        "Bench",
    ]


def test_every_capture_form_needs_its_csrf_token(
    client: TestClient, session: Session, settings: Settings
) -> None:
    team = make_team(session)
    user = make_user(session, member_of=(team.id,))
    session.commit()
    sign_in(client, user.username)
    client.get("/capture")
    form = {"csrf_token": "forged.token", "title": "X", "site_id": str(team.site_id)}
    for url in ("/capture", "/capture/autosave"):
        assert client.post(url, data=form).status_code == 403
    assert session.scalars(select(Prototype)).all() == []


def test_the_public_is_sent_to_sign_in(client: TestClient, settings: Settings) -> None:
    answer = client.get("/capture", follow_redirects=False)
    assert (answer.status_code, answer.headers["location"]) == (303, "/login?next=/capture")


def test_a_stranger_cannot_touch_a_teams_draft(
    client: TestClient, session: Session, settings: Settings
) -> None:
    team = make_team(session)
    draft = Prototype(title="Ours", site_id=team.site_id, team_id=team.id, visibility="draft")
    session.add(draft)
    stranger = make_user(session, member_of=(make_team(session).id,))
    session.commit()
    sign_in(client, stranger.username)
    token = csrf_of(client.get("/capture").text)
    form = {"csrf_token": token, "title": "Theirs", "site_id": str(team.site_id)}
    refused = client.post("/capture", data={**form, "prototype_id": str(draft.id)})
    assert refused.status_code == 422
    assert client.get(f"/capture/{draft.id}/photo").status_code == 404
    team_form = {
        "csrf_token": csrf_of(refused.text),
        "team_name": "Taken over",
        "visibility": "public",
    }
    assert client.post(f"/capture/{draft.id}/team", data=team_form).status_code == 404
    session.expire_all()
    assert (draft.title, draft.visibility) == ("Ours", "draft")


def test_bad_uploads_are_refused_on_the_page(
    client: TestClient, session: Session, settings: Settings
) -> None:
    team = make_team(session)
    user = make_user(session, member_of=(team.id,))
    prototype = Prototype(title="P", site_id=team.site_id, team_id=team.id, visibility="draft")
    session.add(prototype)
    session.commit()
    sign_in(client, user.username)
    page = client.get(f"/capture/{prototype.id}/photo")
    data = {"csrf_token": csrf_of(page.text)}
    pdf = ("notes.pdf", b"%PDF-1.7 not a picture", "application/pdf")
    refused = client.post(f"/capture/{prototype.id}/photo", data=data, files={"photo": pdf})
    assert refused.status_code == 422
    assert "this file is not a photo we can read" in refused.text
    small = Settings(**{**settings.model_dump(), "media_max_bytes": 1000})
    with TestClient(create_app(small)) as limited:
        limited.cookies.update(client.cookies)
        page = limited.get(f"/capture/{prototype.id}/photo")
        big = ("big.jpg", camera_jpeg(), "image/jpeg")
        data = {"csrf_token": csrf_of(page.text)}
        refused = limited.post(f"/capture/{prototype.id}/photo", data=data, files={"photo": big})
        assert refused.status_code == 422 and "the photo is too big" in refused.text
    assert session.scalars(select(Media)).all() == []


def test_a_forged_or_altered_invite_is_refused(
    client: TestClient, session: Session, settings: Settings
) -> None:
    _site_id, token = organiser_invite(session, settings)
    payload, _, signature = token.partition(".")
    assert client.get(f"/join/{payload}.{signature[:-2]}xx").status_code == 404
    assert client.get(f"/join/{payload[:-2]}AA.{signature}").status_code == 404
    assert session.scalars(select(User).where(User.username == "x")).all() == []


def test_only_organisers_issue_invites(session: Session, settings: Settings) -> None:
    from mixroom.errors import PermissionDenied

    team = make_team(session)
    member = load_actor(session, make_user(session, member_of=(team.id,)))
    with pytest.raises(PermissionDenied):
        issue_invite(session, member, "test-secret", team.site_id)


def test_roles_are_shown_by_their_names_and_credits_are_not_guessed(
    client: TestClient, session: Session, settings: Settings
) -> None:
    _site_id, token = organiser_invite(session, settings)
    page = client.get(f"/join/{token}")
    assert '<option value="content">content / curator</option>' in page.text
    with TestClient(create_app(settings), headers={"Accept-Language": "fr"}) as french:
        shown = french.get(f"/join/{token}").text
        assert '<option value="content">' in shown and ">content</option>" not in shown
    user = make_user(session, is_admin=True)
    team = make_team(session)
    session.commit()
    sign_in(client, user.username)
    started = client.post(
        "/capture",
        data={
            "csrf_token": csrf_of(client.get("/capture").text),
            "title": "The listening bench",
            "site_id": str(team.site_id),
        },
        follow_redirects=False,
    )
    photo_page = client.get(started.headers["location"]).text
    credits = re.search(r'<input name="credits"[^>]*>', photo_page)
    assert credits is not None and "value=" not in credits[0] and "placeholder=" in credits[0]
    assert user.username not in credits[0]
    team_page = client.get(started.headers["location"].replace("/photo", "/team")).text
    assert '<option value="content">content / curator</option>' in team_page
