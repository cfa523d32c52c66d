"""Impact studies in Debian's Chromium at phone and desktop sizes: an organiser makes a study
through the form, the result fits the screen with its three charts, and axe finds nothing
serious on the list, the form and the result."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from browser.conftest import DESKTOP, PHONE, SCREENSHOTS, chromium_browser, serving
from browser.test_axe import _violations
from factories import PASSWORD, make_site, make_user
from mixroom.db import unit_of_work
from mixroom.instance import Instance
from mixroom.settings import Settings
from services.test_studies import LAUNCH, panel

pytestmark = pytest.mark.browser
SIZES = {"phone": PHONE, "desktop": DESKTOP}


@pytest.fixture(scope="module")
def studies_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """A live server with the panel of museums' posts and an organiser; (url, username)."""
    settings = Settings(home=tmp_path_factory.mktemp("studies"), secret_key="s", _env_file=None)  # type: ignore[call-arg]
    instance = Instance(settings)
    instance.upgrade()
    with unit_of_work(instance.sessions) as session:
        panel(session)
        site = make_site(session)
        username = make_user(session, grants=(("organiser", "site", site.id),)).username
    instance.engine.dispose()
    with serving(settings) as url:
        yield url, username


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    with chromium_browser() as browser:
        yield browser


def _fits(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


@pytest.mark.parametrize("size", SIZES)
def test_an_organiser_makes_a_study_that_fits_the_screen(
    chromium: Any, studies_server: tuple[str, str], size: str
) -> None:
    url, username = studies_server
    context = chromium.new_context(viewport=SIZES[size])
    page = context.new_page()
    page.goto(url + "/login?next=/impact/new")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/impact/new")
    assert _fits(page)
    assert _violations(page) == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"study-form-{size}.png"), full_page=True)

    page.fill("input[name=title]", f"Mastodon launch ({size})")
    page.select_option("select[name=target]", label="Target museum")
    page.fill("input[name=start]", LAUNCH.isoformat())
    page.check("input[name=control_mode][value=chosen]")
    page.select_option("select[name=controls]", label=["Twin museum", "Sister museum"])
    page.check("input[name=public]")
    page.locator("form.study-form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/impact/\d+$"))
    assert page.locator("svg[role=img]").count() == 3
    assert "Target museum totalled" in page.locator(".study-summary").inner_text()
    assert _fits(page)
    assert _violations(page) == []
    page.screenshot(path=str(SCREENSHOTS / f"study-result-{size}.png"), full_page=True)

    page.goto(url + "/impact")
    assert page.locator(f"text=Mastodon launch ({size})").count() == 1
    assert _fits(page)
    assert _violations(page) == []
    context.close()
