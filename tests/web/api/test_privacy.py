"""No private field and no draft reaches the public through any API response."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from factories import (
    make_institution,
    make_person,
    make_prototype,
    make_team,
    make_token,
    make_user,
)
from mixroom.models import FollowUp, LineageEdge, Media, Participation, TeamMember
from mixroom.services.catalogue import RESOURCES
from mixroom.services.topics import seed_default_topics

SECRET_EMAIL = "ada.secret@example.org"
USER_EMAIL = "account.secret@example.org"
DRAFT_TITLE = "Unpublished secret prototype"
PRIVATE_PHOTO = "https://photos.example.org/private-face.jpg"


def _seed(session: Session) -> dict[str, int]:
    seed_default_topics(session)
    team = make_team(session)
    person = make_person(session, email=SECRET_EMAIL)
    session.add(TeamMember(team_id=team.id, person_id=person.id, role="designer"))
    session.add(Participation(person_id=person.id, site_id=team.site_id, role="designer"))
    public = make_prototype(session, team_id=team.id, site_id=team.site_id)
    draft = make_prototype(
        session, team_id=team.id, site_id=team.site_id, title=DRAFT_TITLE, visibility="draft"
    )
    make_institution(session)
    session.add_all(
        [
            Media(
                prototype_id=public.id, url=PRIVATE_PHOTO, shows_people=True, consent_given=False
            ),
            Media(
                prototype_id=public.id,
                url="https://photos.example.org/ok.jpg",
                shows_people=True,
                consent_given=True,
            ),
            Media(prototype_id=draft.id, url="https://photos.example.org/draft.jpg"),
            LineageEdge(from_prototype_id=draft.id, to_prototype_id=public.id, kind="remix-of"),
            FollowUp(prototype_id=draft.id, months_after=6, notes="draft follow-up"),
        ]
    )
    user = make_user(session, member_of=(team.id,))
    user.email = USER_EMAIL
    session.flush()
    return {"team": team.id, "draft": draft.id, "user": user.id}


def _walk(client: TestClient, headers: dict[str, str] | None = None) -> str:
    """Every list and every record of every noun, as one text."""
    seen: list[str] = []
    for noun in RESOURCES:
        url: str | None = f"/api/v1/{noun}?limit=500"
        while url:
            page = client.get(url, headers=headers)
            assert page.status_code == 200, noun
            seen.append(page.text)
            body = page.json()
            for item in body["items"]:
                seen.append(client.get(f"/api/v1/{noun}/{item['id']}", headers=headers).text)
                seen.append(
                    client.get(f"/api/v1/{noun}/{item['id']}/history", headers=headers).text
                )
            url = body["next"]
    return "\n".join(seen)


def _keys(value: object) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {key for item in value.values() for key in _keys(item)}
    if isinstance(value, list):
        return {key for item in value for key in _keys(item)}
    return set()


def test_the_public_sees_no_email_consent_draft_or_unconsented_photo(
    client: TestClient, session: Session
) -> None:
    ids = _seed(session)
    session.commit()

    text = _walk(client)
    for secret in (
        SECRET_EMAIL,
        USER_EMAIL,
        DRAFT_TITLE,
        PRIVATE_PHOTO,
        "draft follow-up",
        "draft.jpg",
    ):
        assert secret not in text
    keys = {key for payload in text.split("\n") for key in _keys(json.loads(payload))}
    assert keys.isdisjoint({"email", "consents", "consent_given", "password_hash", "token_hash"})
    assert client.get(f"/api/v1/prototypes/{ids['draft']}").status_code == 404
    assert client.get(f"/api/v1/people/{ids['user']}/private").status_code == 401


def test_the_team_sees_its_draft_but_still_no_one_elses_email(
    client: TestClient, session: Session
) -> None:
    ids = _seed(session)
    outsider = make_person(session, email="outsider@example.org")
    user = session.get(__import__("mixroom.models", fromlist=["User"]).User, ids["user"])
    assert user is not None
    headers = make_token(session, user)
    session.commit()

    draft = client.get(f"/api/v1/prototypes/{ids['draft']}", headers=headers)
    assert draft.status_code == 200
    assert draft.json()["title"] == DRAFT_TITLE
    listed = client.get("/api/v1/prototypes", params={"team_id": ids["team"]}, headers=headers)
    assert listed.json()["total"] == 2
    text = _walk(client, headers)
    assert SECRET_EMAIL not in text
    assert "outsider@example.org" not in text
    own = client.get(f"/api/v1/people/{user.person_id}/private", headers=headers)
    assert own.status_code == 200
    other = client.get(f"/api/v1/people/{outsider.id}/private", headers=headers)
    assert other.status_code == 403
    assert json.loads(own.text)["email"] is None
