"""Accessibility in a real browser: axe-core (vendored from npm) on the main pages finds no
serious or critical violation, the skip link works from the keyboard, images have alt text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from browser.conftest import DESKTOP, PHONE, LiveServer

pytestmark = pytest.mark.browser
AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
MAIN_PAGES = {
    "home": "/",
    "finder": "/prototypes",
    "finder with facets": "/prototypes?status=adopted&site={site_id}",
    "prototype": "/prototypes/{prototype_id}",
    "site": "/sites/{site_id}",
    "edition": "/editions/{edition_id}",
    "institution": "/institutions/{institution_id}",
    "person": "/people/{person_id}",
    "map": "/map",
    "sign-in": "/login",
}


def _violations(page: Any) -> list[str]:
    page.add_script_tag(path=str(AXE))
    outcome = page.evaluate("async () => await axe.run(document)")
    assert len(outcome["passes"]) > 10  # axe did look at the page
    results = outcome["violations"]
    return [
        f"{item['id']} ({item['impact']}): {item['help']} at "
        + ", ".join(str(node["target"]) for node in item["nodes"][:3])
        for item in results
        if item["impact"] in {"serious", "critical"}
    ]


@pytest.mark.parametrize("size", ["phone", "desktop"])
@pytest.mark.parametrize("name", MAIN_PAGES)
def test_axe_finds_nothing_serious(
    browser: Any, live_server: LiveServer, name: str, size: str
) -> None:
    page = browser.new_page(viewport=PHONE if size == "phone" else DESKTOP)
    response = page.goto(live_server.url + MAIN_PAGES[name].format(**vars(live_server.world)))
    assert response is not None and response.status == 200
    assert _violations(page) == []
    missing_alt = page.locator("img:not([alt])").count()
    assert missing_alt == 0, f"{missing_alt} images without alt text on {name}"
    page.close()


def test_the_skip_link_leads_the_keyboard_to_the_content(
    browser: Any, live_server: LiveServer
) -> None:
    page = browser.new_page(viewport=DESKTOP)
    page.goto(live_server.url + "/prototypes")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to content"
    assert page.locator(".skip").is_visible()  # shown when focused
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    # the next stop is inside the main content (the finder's search box), not the navigation
    assert page.evaluate("document.activeElement.closest('main') !== null")
    assert page.evaluate("document.activeElement.id") == "finder-q"
    page.close()


def test_the_finder_and_map_are_usable_from_the_keyboard(
    browser: Any, live_server: LiveServer
) -> None:
    page = browser.new_page(viewport=DESKTOP)
    page.goto(live_server.url + "/prototypes")
    page.wait_for_function("window.htmx !== undefined")
    page.focus("#finder-q")
    for _ in range(3):  # search button, then the first facet's first box
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "checkbox":
            break
    assert page.evaluate("document.activeElement.type") == "checkbox"
    first = page.evaluate("document.activeElement.id")
    page.keyboard.press("Space")
    page.wait_for_url("**status=*")
    # htmx swapped the facets in place and kept the focus on the same box
    assert page.evaluate("document.activeElement.id") == first
    assert page.evaluate("document.activeElement.checked") is True
    page.goto(live_server.url + "/map")
    links = page.locator("svg a")
    assert links.count() >= 2
    links.first.focus()
    target = links.first.get_attribute("href")
    assert page.evaluate("document.activeElement.closest('svg') !== null")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == live_server.url + target
    page.close()
