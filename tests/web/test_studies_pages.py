"""Impact study pages and API on SQLite and PostgreSQL: the form without JavaScript, the result,
privacy, CSRF and clear messages for inputs the data cannot support."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from factories import make_site, make_user
from mixroom.models import Institution
from mixroom.models.studies import ImpactStudy
from mixroom.settings import Settings
from mixroom.web.app import create_app
from services.test_studies import FIRST, LAUNCH, panel
from web.test_capture import csrf_of, sign_in


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as client:
        yield client


def organiser_name(session: Session) -> str:
    site = make_site(session)
    user = make_user(session, grants=(("organiser", "site", site.id),))
    session.commit()
    return user.username


def form(made: dict[str, Institution], token: str, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "csrf_token": token,
        "title": "Our Mastodon launch",
        "target": f"institution:{made['Target museum'].id}",
        "metric": "posts",
        "start": LAUNCH.isoformat(),
        "end": "",
        "control_mode": "chosen",
        "controls": [
            f"institution:{made['Twin museum'].id}",
            f"institution:{made['Sister museum'].id}",
        ],
    }
    return {**data, **overrides}


def make_study(client: TestClient, made: dict[str, Institution], **overrides: object) -> int:
    token = csrf_of(client.get("/impact/new").text)
    sent = client.post("/impact/new", data=form(made, token, **overrides), follow_redirects=False)
    assert sent.status_code == 303, sent.text
    found = re.fullmatch(r"/impact/(\d+)", sent.headers["location"])
    assert found is not None
    return int(found[1])


def test_an_organiser_makes_a_study_and_reads_its_result(
    client: TestClient, session: Session
) -> None:
    made = panel(session)
    session.commit()
    sign_in(client, organiser_name(session))
    page = client.get("/impact/new")
    assert page.status_code == 200
    assert f'<option value="institution:{made["Target museum"].id}"' in page.text
    study_id = make_study(client, made, public="on")

    page = client.get(f"/impact/{study_id}")
    assert page.status_code == 200
    html = page.text
    assert "From 2024-03-11 to 2024-04-07 (28 days), Target museum totalled" in html
    assert html.count('role="img"') == 3
    assert html.count('class="marker"') == 3
    assert "Twin museum, Sister museum" in html
    assert "False alarms on placebo dates" in html

    rows = list(csv.reader(io.StringIO(client.get(f"/impact/{study_id}/series.csv").text)))
    assert rows[0] == ["date", "Target museum", "Twin museum", "Sister museum"]
    assert rows[1][0] == FIRST.isoformat() and len(rows) == 1 + 98
    result = json.loads(client.get(f"/impact/{study_id}/result.json").text)
    assert result["effect"]["cumulative_lower"] > 0
    specs = json.loads(client.get(f"/impact/{study_id}/charts.json").text)
    assert sorted(specs) == ["cumulative", "observed", "pointwise"]

    listed = client.get("/impact").text
    assert f'href="/impact/{study_id}"' in listed
    api = client.get(f"/api/v1/studies/{study_id}").json()
    assert api["target"]["name"] == "Target museum"
    assert api["result"]["p"] < 0.05


def test_a_private_study_is_hidden_from_the_public(
    client: TestClient, session: Session, settings: Settings
) -> None:
    made = panel(session)
    session.commit()
    sign_in(client, organiser_name(session))
    study_id = make_study(client, made)
    assert client.get(f"/impact/{study_id}").status_code == 200
    with TestClient(create_app(settings)) as public:
        assert public.get(f"/impact/{study_id}").status_code == 404
        assert public.get(f"/impact/{study_id}/result.json").status_code == 404
        assert public.get(f"/impact/{study_id}/series.csv").status_code == 404
        assert f"/impact/{study_id}" not in public.get("/impact").text
        assert public.get("/api/v1/studies").json() == []
        assert public.get(f"/api/v1/studies/{study_id}").status_code == 404
        assert public.get("/impact/new", follow_redirects=False).status_code == 303


def test_a_form_without_its_token_is_refused(client: TestClient, session: Session) -> None:
    made = panel(session)
    session.commit()
    sign_in(client, organiser_name(session))
    client.get("/impact/new")
    sent = client.post("/impact/new", data=form(made, "forged.token"), follow_redirects=False)
    assert sent.status_code == 403
    assert session.query(ImpactStudy).count() == 0


def test_bad_input_gets_a_clear_message(client: TestClient, session: Session) -> None:
    made = panel(session)
    session.commit()
    sign_in(client, organiser_name(session))
    token = csrf_of(client.get("/impact/new").text)
    early = client.post("/impact/new", data=form(made, token, start="2024-01-05"))
    assert early.status_code == 422
    assert "the period before the date is too short: 4 days" in early.text
    assert 'value="Our Mastodon launch"' in early.text
    token = csrf_of(early.text)
    lonely = client.post("/impact/new", data=form(made, token, controls=[]))
    assert lonely.status_code == 422
    assert "choose at least one control" in lonely.text
    assert session.query(ImpactStudy).count() == 0


def test_people_who_organise_nothing_cannot_make_studies(
    client: TestClient, session: Session
) -> None:
    user = make_user(session)
    session.commit()
    sign_in(client, user.username)
    assert client.get("/impact/new").status_code == 403


def test_the_summary_follows_the_interface_language(client: TestClient, session: Session) -> None:
    made = panel(session)
    session.commit()
    sign_in(client, organiser_name(session))
    study_id = make_study(client, made)
    french = client.get(f"/impact/{study_id}", headers={"Accept-Language": "fr"}).text
    assert "Du 2024-03-11 au 2024-04-07 (28 jours)" in french
    german = client.get(f"/impact/{study_id}", headers={"Accept-Language": "de"}).text
    assert '<p class="study-summary" lang="en">From 2024-03-11' in german


def test_the_author_edits_and_deletes(client: TestClient, session: Session) -> None:
    made = panel(session)
    session.commit()
    sign_in(client, organiser_name(session))
    study_id = make_study(client, made)
    page = client.get(f"/impact/{study_id}/edit")
    assert 'value="Our Mastodon launch"' in page.text
    sent = client.post(
        f"/impact/{study_id}/edit",
        data=form(made, csrf_of(page.text), title="Renamed", control_mode="none"),
        follow_redirects=False,
    )
    assert sent.status_code == 303
    page = client.get(f"/impact/{study_id}")
    assert "Renamed" in page.text and "nothing: the target" in page.text
    gone = client.post(
        f"/impact/{study_id}/delete",
        data={"csrf_token": csrf_of(page.text)},
        follow_redirects=False,
    )
    assert (gone.status_code, gone.headers["location"]) == (303, "/impact")
    assert client.get(f"/impact/{study_id}").status_code == 404
