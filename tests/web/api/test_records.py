"""The JSON routes of every noun: pagination, concurrency, permissions and problems."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from factories import make_prototype, make_site, make_team, make_token, make_user

PROBLEM = "application/problem+json"


def test_list_paginates_in_id_order_with_total_and_next_link(
    client: TestClient, session: Session
) -> None:
    team = make_team(session)
    ids = [make_prototype(session, team_id=team.id, site_id=team.site_id).id for _ in range(5)]
    session.commit()

    first = client.get("/api/v1/prototypes", params={"limit": 2}).json()
    assert [item["id"] for item in first["items"]] == ids[:2]
    assert first["total"] == 5
    second = client.get(first["next"]).json()
    assert [item["id"] for item in second["items"]] == ids[2:4]
    third = client.get(second["next"]).json()
    assert [item["id"] for item in third["items"]] == ids[4:]
    assert third["next"] is None
    assert third["total"] == 5


def test_list_sends_a_link_header_and_filters(client: TestClient, session: Session) -> None:
    team = make_team(session)
    make_prototype(session, team_id=team.id, site_id=team.site_id, status="idea")
    kept = make_prototype(session, team_id=team.id, site_id=team.site_id, status="adopted")
    make_prototype(session, status="adopted")
    session.commit()

    response = client.get("/api/v1/prototypes", params={"status": "adopted", "limit": 1})
    assert response.json()["total"] == 2
    assert response.headers["link"].endswith('rel="next"')
    filtered = client.get("/api/v1/prototypes", params={"status": "adopted", "team_id": team.id})
    assert [item["id"] for item in filtered.json()["items"]] == [kept.id]


def test_unknown_filter_and_bad_cursor_are_problems(client: TestClient) -> None:
    unknown = client.get("/api/v1/prototypes", params={"colour": "red"})
    assert unknown.status_code == 422
    assert unknown.headers["content-type"] == PROBLEM
    assert "colour" in unknown.json()["detail"]
    cursor = client.get("/api/v1/prototypes", params={"cursor": "not-a-cursor"})
    assert cursor.status_code == 422
    wrong_type = client.get("/api/v1/prototypes", params={"site_id": "abc"})
    assert wrong_type.status_code == 422


def test_get_sends_etag_and_stale_if_match_gets_412(client: TestClient, session: Session) -> None:
    prototype = make_prototype(session)
    user = make_user(session, member_of=(prototype.team_id,))
    headers = make_token(session, user)
    session.commit()

    read = client.get(f"/api/v1/prototypes/{prototype.id}")
    etag = read.headers["etag"]
    first = client.patch(
        f"/api/v1/prototypes/{prototype.id}",
        json={"subtitle": "First edit"},
        headers={**headers, "If-Match": etag},
    )
    assert first.status_code == 200
    assert first.headers["etag"] != etag
    assert first.json()["version"] == 2

    stale = client.patch(
        f"/api/v1/prototypes/{prototype.id}",
        json={"subtitle": "Lost update"},
        headers={**headers, "If-Match": etag},
    )
    assert stale.status_code == 412
    assert stale.headers["content-type"] == PROBLEM
    assert stale.json()["etag"] == first.headers["etag"]
    assert client.get(f"/api/v1/prototypes/{prototype.id}").json()["subtitle"] == "First edit"


def test_a_team_member_cannot_edit_another_teams_prototype(
    client: TestClient, session: Session
) -> None:
    own = make_prototype(session)
    other = make_prototype(session)
    user = make_user(session, member_of=(own.team_id,))
    headers = make_token(session, user)
    session.commit()

    refused = client.patch(
        f"/api/v1/prototypes/{other.id}", json={"title": "Taken"}, headers=headers
    )
    assert refused.status_code == 403
    assert refused.headers["content-type"] == PROBLEM
    allowed = client.patch(f"/api/v1/prototypes/{own.id}", json={"title": "Ours"}, headers=headers)
    assert allowed.status_code == 200
    assert client.get(f"/api/v1/prototypes/{other.id}").json()["title"] == other.title


def test_an_organiser_of_one_site_cannot_edit_another_site(
    client: TestClient, session: Session
) -> None:
    mine = make_site(session)
    theirs = make_site(session, edition_id=mine.edition_id)
    user = make_user(session, grants=(("organiser", "site", mine.id),))
    headers = make_token(session, user)
    session.commit()

    assert (
        client.patch(f"/api/v1/sites/{theirs.id}", json={"name": "X"}, headers=headers).status_code
        == 403
    )
    assert (
        client.patch(f"/api/v1/sites/{mine.id}", json={"name": "Ours"}, headers=headers).status_code
        == 200
    )
    team = client.post("/api/v1/teams", json={"site_id": mine.id, "name": "Blue"}, headers=headers)
    assert team.status_code == 201
    elsewhere = client.post(
        "/api/v1/teams", json={"site_id": theirs.id, "name": "Red"}, headers=headers
    )
    assert elsewhere.status_code == 403


def test_a_network_organiser_edits_every_site_of_the_network(
    client: TestClient, session: Session
) -> None:
    site = make_site(session)
    from mixroom.models import Edition

    edition = session.get(Edition, site.edition_id)
    assert edition is not None
    user = make_user(session, grants=(("organiser", "network", edition.network_id),))
    headers = make_token(session, user)
    session.commit()

    response = client.patch(f"/api/v1/sites/{site.id}", json={"city": "Lyon"}, headers=headers)
    assert response.status_code == 200
    assert response.json()["city"] == "Lyon"


def test_malformed_bodies_are_422_problems(client: TestClient, session: Session) -> None:
    prototype = make_prototype(session)
    admin = make_user(session, is_admin=True)
    headers = make_token(session, admin)
    session.commit()

    cases = [
        {"title": ""},
        {"status": "finished"},
        {"content_licence": "Do what you want"},
        {"links": [{"url": "not a url"}]},
        {"colour": "red"},
        {"topics": ["NOPE"]},
        {"site_id": 999_999},
        {"title": None},
    ]
    for body in cases:
        response = client.patch(f"/api/v1/prototypes/{prototype.id}", json=body, headers=headers)
        assert response.status_code == 422, body
        assert response.headers["content-type"] == PROBLEM
        assert response.json()["status"] == 422
    not_json = client.post(
        "/api/v1/prototypes",
        content=b"{not json",
        headers={**headers, "Content-Type": "application/json"},
    )
    assert not_json.status_code == 422
    assert not_json.headers["content-type"] == PROBLEM


def test_create_then_delete_keeps_history(client: TestClient, session: Session) -> None:
    team = make_team(session)
    user = make_user(session, member_of=(team.id,))
    headers = make_token(session, user)
    session.commit()

    created = client.post(
        "/api/v1/prototypes",
        json={
            "title": "Le mur qui parle",
            "team_id": team.id,
            "site_id": team.site_id,
            "language": "fr",
            "content_licence": "CC-BY-SA-4.0",
            "code_licence": "MIT",
            "translations": {"en": {"title": "The talking wall"}},
            "links": [{"kind": "repository", "url": "https://example.org/wall"}],
        },
        headers=headers,
    )
    assert created.status_code == 201
    body = created.json()
    assert body["translations"] == {"en": {"title": "The talking wall"}}
    assert created.headers["location"].endswith(f"/api/v1/prototypes/{body['id']}")

    deleted = client.delete(
        created.headers["location"], headers={**headers, "If-Match": created.headers["etag"]}
    )
    assert deleted.status_code == 204
    assert client.get(created.headers["location"]).status_code == 404
    history = client.get(f"/api/v1/prototypes/{body['id']}/history")
    assert history.status_code == 404  # gone for readers; kept in the store
    from mixroom.services.history import list_revisions

    session.expire_all()
    actions = [revision.action for revision in list_revisions(session, "prototypes", body["id"])]
    assert actions == ["create", "delete"]


def test_history_lists_versions(client: TestClient, session: Session) -> None:
    prototype = make_prototype(session)
    admin = make_user(session, is_admin=True)
    headers = make_token(session, admin)
    session.commit()
    for status in ("tested", "presented"):
        assert (
            client.patch(
                f"/api/v1/prototypes/{prototype.id}", json={"status": status}, headers=headers
            ).status_code
            == 200
        )

    items = client.get(f"/api/v1/prototypes/{prototype.id}/history").json()["items"]
    assert [(item["version"], item["data"]["status"]) for item in items] == [
        (2, "tested"),
        (3, "presented"),
    ]


def test_writes_need_a_token_not_a_cookie(client: TestClient, session: Session) -> None:
    prototype = make_prototype(session)
    session.commit()
    anonymous = client.patch(f"/api/v1/prototypes/{prototype.id}", json={"title": "x"})
    assert anonymous.status_code == 401
    assert anonymous.headers["www-authenticate"] == "Bearer"
    bad_token = client.patch(
        f"/api/v1/prototypes/{prototype.id}",
        json={"title": "x"},
        headers={"Authorization": "Bearer nope"},
    )
    assert bad_token.status_code == 401


def test_tokens_are_issued_for_a_password_and_identify_the_user(
    client: TestClient, session: Session
) -> None:
    from factories import PASSWORD

    user = make_user(session)
    session.commit()
    wrong = client.post(
        "/api/v1/tokens", json={"username": user.username, "password": "nope nope nope"}
    )
    assert wrong.status_code == 401
    issued = client.post("/api/v1/tokens", json={"username": user.username, "password": PASSWORD})
    assert issued.status_code == 201
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {issued.json()['token']}"})
    assert me.json()["username"] == user.username


def test_the_openapi_document_is_valid(client: TestClient) -> None:
    from openapi_spec_validator import validate

    document = client.get("/api/v1/openapi.json").json()
    validate(document)
    assert "/api/v1/prototypes/{record_id}" in document["paths"]
    assert "/api/v1/institutions" in document["paths"]


def test_a_duplicate_registry_identifier_is_a_409_problem(
    client: TestClient, session: Session
) -> None:
    from factories import make_institution

    make_institution(session, museofile_ref="M0003")
    admin = make_user(session, is_admin=True)
    headers = make_token(session, admin)
    session.commit()

    body = {"name": "Another museum", "museofile_ref": "M0003"}
    response = client.post("/api/v1/institutions", json=body, headers=headers)
    assert response.status_code == 409
    assert response.headers["content-type"] == PROBLEM
    assert (
        client.get("/api/v1/institutions", params={"museofile_ref": "M0003"}).json()["total"] == 1
    )
