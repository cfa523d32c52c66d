"""Browsing in a real browser: the finder's facets update in place through htmx, the map's
points are links, and the main pages are captured at phone and desktop sizes."""

from __future__ import annotations

from typing import Any

import pytest

from browser.conftest import DESKTOP, PHONE, SCREENSHOTS, LiveServer

pytestmark = pytest.mark.browser
SIZES = {"phone": PHONE, "desktop": DESKTOP}


def _titles(page: Any) -> list[str]:
    return [text.strip() for text in page.locator(".results .card h3").all_inner_texts()]


@pytest.mark.parametrize("size", SIZES)
def test_a_facet_updates_the_results_in_place(
    browser: Any, live_server: LiveServer, size: str
) -> None:
    context = browser.new_context(viewport=SIZES[size])
    page = context.new_page()
    page.goto(live_server.url + "/prototypes")
    assert sorted(_titles(page)) == ["La Machine à remonter le temps", "Time machine remix"]
    page.wait_for_function("window.htmx !== undefined")
    page.evaluate("window.notReloaded = true")  # gone if the browser loaded a whole new page
    with page.expect_response(lambda response: "status=adopted" in response.url) as answer:
        page.locator("#facet-status").get_by_text("adopted").click()
    assert answer.value.request.headers.get("hx-request") == "true"
    page.wait_for_function("document.querySelectorAll('.results .card').length === 1")
    assert _titles(page) == ["La Machine à remonter le temps"]
    assert page.url == live_server.url + "/prototypes?q=&status=adopted"
    assert page.evaluate("window.notReloaded") is True
    assert page.locator("#finder-status").inner_text() == "1 prototype found"
    # the state is in the URL: opening it anew shows the same selection, without htmx
    fresh = context.new_page()
    fresh.goto(page.url)
    assert fresh.locator("#facet-status input[value=adopted]").is_checked()
    assert _titles(fresh) == ["La Machine à remonter le temps"]
    # and back in history restores the unfiltered list
    page.go_back()
    page.wait_for_function("document.querySelectorAll('.results .card').length === 2")
    context.close()


def test_the_finder_works_without_javascript(browser: Any, live_server: LiveServer) -> None:
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/prototypes")
    page.locator("#facet-status").get_by_text("adopted").click()
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**/prototypes?q=&status=adopted")
    assert _titles(page) == ["La Machine à remonter le temps"]
    context.close()


def test_a_map_marker_leads_to_its_place(browser: Any, live_server: LiveServer) -> None:
    page = browser.new_page(viewport=PHONE)
    page.goto(live_server.url + "/map")
    site = page.locator(f'svg a[href="/sites/{live_server.world.site_id}"]')
    assert site.get_attribute("aria-label") == "Museomix Lyon, Museomix 2014"
    site.click()
    page.wait_for_url(f"**/sites/{live_server.world.site_id}")
    assert page.locator("h1").inner_text() == "Museomix Lyon"
    page.close()


BROWSE_PAGES = {
    "finder": "/prototypes?status=adopted",
    "map": "/map",
    "map-zoomed": "/map?lon=4.8&lat=45.7&zoom=16",
    "network": "/networks/{network_id}",
    "edition": "/editions/{edition_id}",
    "site": "/sites/{site_id}",
    "institution": "/institutions/{institution_id}",
    "person": "/people/{person_id}",
}


@pytest.mark.parametrize("size", SIZES)
def test_browse_pages_are_captured(browser: Any, live_server: LiveServer, size: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport=SIZES[size])
    page = context.new_page()
    page.goto(live_server.url + "/")
    network = page.get_by_role("link", name="Museomix", exact=True).first.get_attribute("href")
    ids = {**vars(live_server.world), "network_id": str(network).rsplit("/", 1)[-1]}
    for name, template in BROWSE_PAGES.items():
        path = template.format(**ids)
        response = page.goto(live_server.url + path)
        assert response is not None and response.status == 200, path
        scroll = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert scroll, f"{path} scrolls sideways at {size} size"
        images = page.locator("img")
        for index in range(images.count()):
            assert images.nth(index).get_attribute("alt"), f"an image without alt text on {path}"
        page.screenshot(path=str(SCREENSHOTS / f"browse-{name}-{size}.png"), full_page=True)
    context.close()
