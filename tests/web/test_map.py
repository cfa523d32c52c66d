"""The map page over HTTP: an SVG of links with a list alternative, bounded in size."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import insert
from sqlalchemy.orm import Session

from browser.world import World, seed_world
from mixroom.models import Institution
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


def test_the_map_draws_land_sites_and_institutions(client: TestClient, world: World) -> None:
    response = client.get("/map")
    assert response.status_code == 200
    html = response.text
    land = re.search(r'<path class="land" d="([^"]*)"', html)
    assert land is not None and re.fullmatch(r"(M[\d. L]+Z)+", land[1])  # safe unescaped
    # the Lyon site sits at its museum's coordinates, and both are links, in the map and the list
    assert html.count(f'href="/sites/{world.site_id}"') == 2
    assert html.count(f'href="/institutions/{world.institution_id}"') == 2
    assert 'aria-label="Musée des Confluences (Lyon, FR)"' in html
    assert "1 site has no coordinates yet" in html  # Bern
    assert "<script" not in html  # nothing to run: the map is drawn on the server


def test_many_institutions_make_a_small_page(client: TestClient, session: Session) -> None:
    session.execute(
        insert(Institution),
        [
            {"name": f"M{n}", "country": "US", "city": f"Town {n % 40}",
             "latitude": 30 + (n % 150) * 0.1, "longitude": -120 + (n // 150) * 0.2}
            for n in range(36_000)
        ],
    )  # fmt: skip
    session.commit()
    world = client.get("/map")
    assert world.status_code == 200
    assert len(world.content) < 150_000
    assert world.text.count('<circle class="dot"') < 300
    zoom = re.search(r'<a href="(/map\?lon=[^"]+zoom=4)"', world.text)
    assert zoom is not None
    deeper = client.get(zoom[1].replace("&amp;", "&"))
    assert deeper.status_code == 200 and "zoom ×4" in deeper.text
    assert len(deeper.content) < 300_000


def test_a_zoom_that_is_not_offered_snaps_to_one_that_is(client: TestClient) -> None:
    assert "zoom ×8" in client.get("/map?lon=2.35&lat=48.85&zoom=7").text
    assert client.get("/map?lon=east").status_code == 422
