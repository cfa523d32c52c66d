"""The conversation explorer in Debian's Chromium, at phone and desktop sizes: it fits the
screen, draws the chart with its gap, and its filters narrow the posts."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from browser.conftest import DESKTOP, PHONE, SCREENSHOTS, chromium_browser, serving
from mixroom.db import unit_of_work
from mixroom.models import CollectionGap
from mixroom.pipelines.importers.posts.registry import get_post_importer
from mixroom.pipelines.listen.runner import import_posts_file
from mixroom.settings import Settings

pytestmark = pytest.mark.browser
DATA = Path(__file__).resolve().parents[1] / "data" / "listen"
SIZES = {"phone": PHONE, "desktop": DESKTOP}


@pytest.fixture(scope="module")
def explorer(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A live server whose store holds the recorded Zeeschuimer posts and one gap."""
    from mixroom.instance import Instance

    settings = Settings(home=tmp_path_factory.mktemp("explorer"), secret_key="s", _env_file=None)  # type: ignore[call-arg]
    instance = Instance(settings)
    instance.upgrade()
    with unit_of_work(instance.sessions) as session:
        for name in ("zeeschuimer-export-mixed.ndjson",):
            run = import_posts_file(
                session, get_post_importer("zeeschuimer"), DATA / name, secret="s"
            )
        session.add(
            CollectionGap(
                run_id=run.id,
                source_id=run.source_id,
                start=datetime(2024, 6, 10, 12, tzinfo=UTC),
                end=datetime(2024, 6, 11, tzinfo=UTC),
                reason="bluesky: HTTP 502 after 4 tries",
            )
        )
    instance.engine.dispose()
    with serving(settings) as url:
        yield url


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    with chromium_browser() as browser:
        yield browser


@pytest.mark.parametrize("size", SIZES)
def test_explorer_fits_and_filters(chromium: Any, explorer: str, size: str) -> None:
    context = chromium.new_context(viewport=SIZES[size])
    page = context.new_page()
    response = page.goto(explorer + "/conversation")
    assert response is not None and response.status == 200
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert page.locator("svg rect.bar").count() == 4
    assert page.locator("svg rect.gap").count() == 1
    assert page.locator(".conversation-posts li").count() == 7
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"conversation-{size}.png"), full_page=True)
    page.select_option("select[name=platform]", "tiktok")
    page.click("form.conversation-filters button[type=submit]")
    page.wait_for_url("**platform=tiktok**")
    assert page.locator(".conversation-posts li").count() == 2
    assert "Hackathon in the museum" in page.locator(".conversation-posts").inner_text()
    context.close()
