"""The pages in a real browser, at phone (390x844) and desktop (1280x800) sizes."""

from __future__ import annotations

from typing import Any

import pytest

from browser.conftest import DESKTOP, PHONE, SCREENSHOTS, LiveServer

pytestmark = pytest.mark.browser
SIZES = {"phone": PHONE, "desktop": DESKTOP}


def _no_horizontal_scroll(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


@pytest.mark.parametrize("size", SIZES)
def test_home_to_a_prototype_shows_team_event_and_text(
    browser: Any, live_server: LiveServer, size: str
) -> None:
    context = browser.new_context(viewport=SIZES[size])
    page = context.new_page()
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "en"
    if size == "phone":
        assert not page.locator(".nav-wide").is_visible()
        page.locator(".nav-narrow summary").click()
        page.locator(".nav-narrow").get_by_role("link", name="Prototypes").click()
    else:
        assert not page.locator(".nav-narrow").is_visible()
        page.locator(".nav-wide").get_by_role("link", name="Prototypes").click()
    page.wait_for_url("**/prototypes")
    page.get_by_role("link", name="La Machine à remonter le temps").click()
    page.wait_for_url(f"**/prototypes/{live_server.world.prototype_id}")
    team = page.locator("#team")
    assert "Les Machinistes" in team.inner_text()
    assert "Amélie Durand" in team.inner_text() and "coder" in team.inner_text()
    event = page.locator("#event").inner_text()
    assert "Museomix 2014" in event and "Museomix Lyon" in event
    assert "Léa, 9, visits" in page.locator("#user_story").inner_text()
    assert _no_horizontal_scroll(page)
    context.close()


MAIN_PAGES = {
    "home": "/",
    "prototypes": "/prototypes",
    "prototype": "/prototypes/{prototype_id}",
    "sites": "/sites",
    "site": "/sites/{site_id}",
    "editions": "/editions/{edition_id}",
    "institution": "/institutions/{institution_id}",
    "people": "/people/{person_id}",
    "login": "/login",
}


@pytest.mark.parametrize("size", SIZES)
def test_main_pages_fit_the_screen_and_are_captured(
    browser: Any, live_server: LiveServer, size: str
) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport=SIZES[size])
    page = context.new_page()
    world = live_server.world
    for name, template in MAIN_PAGES.items():
        path = template.format(**vars(world))
        response = page.goto(live_server.url + path)
        assert response is not None and response.status == 200, path
        assert _no_horizontal_scroll(page), f"{path} scrolls sideways at {size} size"
        images = page.locator("img")
        for index in range(images.count()):
            assert images.nth(index).get_attribute("alt"), f"an image without alt text on {path}"
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{size}.png"), full_page=True)
    context.close()


def test_keyboard_focus_is_visible(browser: Any, live_server: LiveServer) -> None:
    page = browser.new_page(viewport=DESKTOP)
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
    page.close()
