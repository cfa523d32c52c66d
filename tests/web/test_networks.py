"""The home page leads to each network's page, which shows its editions, sites and work."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from browser.world import DRAFT_TITLE, World, seed_world
from mixroom.models import Edition
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


def test_home_links_to_the_network_page(client: TestClient, session: Session, world: World) -> None:
    network_id = session.get(Edition, world.edition_id).network_id  # type: ignore[union-attr]
    home = client.get("/").text
    assert f'<a href="/networks/{network_id}">Museomix</a>' in home
    assert 'href="/map"' in home
    page = client.get(f"/networks/{network_id}")
    assert page.status_code == 200
    html = page.text
    assert "<h1>Museomix</h1>" in html and "People make museums" in html
    assert f'href="/editions/{world.edition_id}">Museomix 2014</a>' in html
    assert f'href="/sites/{world.site_id}">Museomix Lyon</a>' in html
    assert "La Machine à remonter le temps" in html and DRAFT_TITLE not in html
    assert "GLAMhack Bern" not in html  # another network's site
    assert "1 site · 1 prototype" in html
    assert client.get("/networks/999").status_code == 404
