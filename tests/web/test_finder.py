"""The finder page over HTTP: the URL is the state, a plain form works, htmx gets a fragment."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from browser.world import DRAFT_TITLE, World, seed_world
from factories import make_prototype
from mixroom.settings import Settings
from mixroom.web.app import create_app


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as client:
        yield client


@pytest.fixture
def world(session: Session) -> World:
    world = seed_world(session)
    session.commit()
    return world


def _checked(html: str) -> set[tuple[str, str]]:
    boxes = re.findall(r'<input type="checkbox"[^>]*name="([^"]+)" value="([^"]*)" checked', html)
    return set(boxes)


def test_the_whole_page_without_javascript(client: TestClient, world: World) -> None:
    response = client.get("/prototypes")
    assert response.status_code == 200
    html = response.text
    assert '<form id="finder" class="finder" method="get" action="/prototypes"' in html
    assert 'src="/static/vendor/htmx/htmx.min.js"' in html
    assert "La Machine à remonter le temps" in html and "Time machine remix" in html
    assert DRAFT_TITLE not in html
    assert "2 prototypes" in html
    assert 'name="status" value="adopted"' in html and 'name="site"' in html
    assert _checked(html) == set()
    assert "Vary" in response.headers and "HX-Request" in response.headers["Vary"]


def test_the_url_carries_the_state(client: TestClient, world: World) -> None:
    url = f"/prototypes?q=machine&status=adopted&site={world.site_id}"
    html = client.get(url).text
    assert _checked(html) == {("status", "adopted"), ("site", str(world.site_id))}
    assert 'value="machine"' in html
    assert "La Machine à remonter le temps" in html and "Time machine remix" not in html
    assert "1 prototype<" in html


def test_htmx_gets_the_facets_and_results_alone(client: TestClient, world: World) -> None:
    response = client.get("/prototypes?status=adopted", headers={"HX-Request": "true"})
    html = response.text
    assert response.status_code == 200
    assert html.lstrip().startswith("{#") is False and "<html" not in html
    assert html.count('id="finder-results"') == 1
    assert 'id="finder-status" class="visually-hidden" role="status" hx-swap-oob="true"' in html
    assert "La Machine à remonter le temps" in html and "Time machine remix" not in html


def test_pages_keep_the_selection(client: TestClient, settings: Settings, session: Session) -> None:
    for number in range(50):
        make_prototype(session, title=f"Bulk {number}", status="tested")
    session.commit()
    html = client.get("/prototypes?status=tested").text
    assert "page 1 of 2" in html
    assert 'href="/prototypes?status=tested&amp;page=2"' in html
    second = client.get("/prototypes?status=tested&page=2").text
    assert "page 2 of 2" in second and "Bulk 0<" in second and "Bulk 49<" not in second


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("site=lyon", "site must be given as record ids"),
        ("page=two", "page must be a whole number"),
        ("colour=red", ""),
    ],
)
def test_bad_queries_get_a_readable_page(
    client: TestClient, world: World, query: str, message: str
) -> None:
    response = client.get(f"/prototypes?{query}")
    if not message:  # a parameter that is no facet is ignored, as search engines do
        assert response.status_code == 200
        return
    assert response.status_code == 422
    assert message in response.text and "<html" in response.text


def test_scripts_get_the_same_view_as_json(client: TestClient, world: World) -> None:
    response = client.get("/prototypes?status=adopted", headers={"Accept": "application/json"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert (body["total"], body["page"], body["pages"]) == (1, 1, 1)
    assert [item["title"] for item in body["items"]] == ["La Machine à remonter le temps"]
    assert body["facets"]["status"] == [
        {"value": "adopted", "label": "adopted", "count": 1, "selected": True},
        {"value": "prototyping", "label": "prototyping", "count": 1, "selected": False},
    ]
    assert DRAFT_TITLE not in response.text
