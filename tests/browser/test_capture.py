"""The quick capture in Chromium at 390x844: from an invite link to the published page."""

from __future__ import annotations

import io
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import uvicorn
from PIL import Image

from browser.conftest import DESKTOP, PHONE, SCREENSHOTS
from browser.world import seed_world
from mixroom.instance import Instance
from mixroom.services.actors import Actor
from mixroom.services.invites import issue_invite
from mixroom.settings import Settings
from mixroom.web.app import create_app
from services.test_media_files import CAMERA_MAKE, CAMERA_MODEL, camera_jpeg

pytestmark = pytest.mark.browser
SECRET = "capture-browser-tests"
ORGANISER = Actor(user_id=0, username="organiser", is_admin=True)


@dataclass
class CaptureServer:
    url: str
    invite: str
    instance: Instance


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def capture_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CaptureServer]:
    settings = Settings(  # type: ignore[call-arg]
        home=tmp_path_factory.mktemp("capture"), secret_key=SECRET, _env_file=None
    )
    instance = Instance(settings)
    instance.upgrade()
    with instance.sessions() as session:
        world = seed_world(session)
        invite = issue_invite(session, ORGANISER, SECRET, world.site_id)
        session.commit()
    port = _free_port()
    config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the live server did not start")
        time.sleep(0.05)
    yield CaptureServer(f"http://127.0.0.1:{port}", invite, instance)
    server.should_exit = True
    thread.join(timeout=10)
    instance.engine.dispose()


def _one_form(page: Any) -> None:
    assert page.locator("main form").count() == 1, f"{page.url} has more than one form"


def _join(page: Any, server: CaptureServer, name: str, username: str) -> None:
    page.goto(f"{server.url}/join/{server.invite}")
    _one_form(page)
    page.screenshot(path=str(SCREENSHOTS / "capture-join-phone.png"), full_page=True)
    page.get_by_label("Your name, as others will see it").fill(name)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password (at least 10 characters)").fill("a long enough password")
    page.get_by_label("Your role in the team").select_option("designer")
    page.get_by_role("button", name="Join and start").click()


def _check_public_photo(browser: Any, server: CaptureServer, prototype_id: str) -> None:
    """The public sees the published page, with the photo resized and stripped."""
    public = browser.new_context(viewport=PHONE)
    page = public.new_page()
    page.goto(f"{server.url}/prototypes/{prototype_id}")
    image = page.locator("#media img")
    image.wait_for()
    assert image.get_attribute("alt") == "A bench"
    # the photo is loaded lazily: bring it into view, then give it time to arrive (a loaded
    # machine once took longer than one look)
    image.scroll_into_view_if_needed()
    page.wait_for_function(
        "(img) => img.complete && img.naturalWidth > 0", arg=image.element_handle(), timeout=15_000
    )
    source = image.evaluate("(img) => img.currentSrc")
    answer = page.request.get(source)
    assert answer.headers["content-type"] == "image/webp"
    data = answer.body()
    assert CAMERA_MAKE.encode() not in data and CAMERA_MODEL.encode() not in data
    decoded = Image.open(io.BytesIO(data))
    assert b"EXIF" not in data and dict(decoded.getexif()) == {}
    # the phone picked one of the stored sizes, not the 2400-pixel original
    assert decoded.width in {320, 800, 1600} and source.rsplit("/", 1)[1] == str(decoded.width)
    page.screenshot(path=str(SCREENSHOTS / "capture-published-phone.png"), full_page=True)
    public.close()


def test_a_new_user_documents_a_prototype_on_a_phone_in_four_screens(
    browser: Any, capture_server: CaptureServer, tmp_path: Any
) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    screens: list[str] = []
    page.on("load", lambda: screens.append(page.url.split("?")[0]))

    # screen 1: the invite link an organiser handed out
    _join(page, capture_server, "Noor Haddad", "noor")

    # screen 2: what; the draft saves itself, and survives a reload
    page.wait_for_url("**/capture")
    _one_form(page)
    page.get_by_label("Title").fill("The listening bench")
    page.get_by_label("In one line: what does it do, for whom?").fill("Paintings tell stories")
    status = page.locator(".saved[role=status]")
    status.filter(has_text="Draft saved").wait_for()
    draft_id = page.locator("input[name=prototype_id]").input_value()
    assert draft_id.isdigit()
    page.reload()
    assert page.get_by_label("Title").input_value() == "The listening bench"
    assert page.locator("input[name=prototype_id]").input_value() == draft_id
    page.screenshot(path=str(SCREENSHOTS / "capture-what-phone.png"), full_page=True)
    page.get_by_role("button", name="Next: a photo").click()

    # screen 3: a photo from the camera
    page.wait_for_url(f"**/capture/{draft_id}/photo")
    _one_form(page)
    file_input = page.locator("input[type=file]")
    assert file_input.get_attribute("accept") == "image/*"
    assert file_input.get_attribute("capture") == "environment"
    photo = tmp_path / "IMG_0001.JPG"
    photo.write_bytes(camera_jpeg())
    file_input.set_input_files(str(photo))
    page.locator("#photo-preview").wait_for(state="visible")
    page.get_by_label("What does it show? (for people who cannot see it)").fill("A bench")
    page.screenshot(path=str(SCREENSHOTS / "capture-photo-phone.png"), full_page=True)
    page.get_by_role("button", name="Next: the team").click()

    # screen 4: the team, and publish
    page.wait_for_url(f"**/capture/{draft_id}/team")
    _one_form(page)
    page.get_by_label("Team name").fill("Les Bancs")
    page.locator("input[name=member_name]").nth(0).fill("Ana Lima")
    page.locator("select[name=member_role]").nth(0).select_option("coder")
    page.get_by_role("button", name="Add another member").click()
    assert page.locator("input[name=member_name]").count() == 4
    page.locator("input[name=member_name]").nth(3).fill("Jo Weber")
    page.screenshot(path=str(SCREENSHOTS / "capture-team-phone.png"), full_page=True)
    page.get_by_role("button", name="Finish").click()

    page.wait_for_url(f"**/prototypes/{draft_id}")
    form_screens = [url for url in screens if "/prototypes/" not in url]
    assert len(set(form_screens)) == 4, form_screens
    assert page.locator("h1").inner_text() == "The listening bench"
    team = page.locator("#team").inner_text()
    assert "Les Bancs" in team and "Ana Lima" in team and "Jo Weber" in team
    assert "Noor Haddad" in team
    context.close()

    _check_public_photo(browser, capture_server, draft_id)


def test_the_capture_forms_work_without_javascript_and_fit_a_desktop(
    browser: Any, capture_server: CaptureServer
) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for size, viewport in {"phone": PHONE, "desktop": DESKTOP}.items():
        context = browser.new_context(viewport=viewport, java_script_enabled=False)
        page = context.new_page()
        page.goto(f"{capture_server.url}/join/{capture_server.invite}")
        page.get_by_label("Your name, as others will see it").fill(f"Sam {size}")
        page.get_by_label("Username").fill(f"sam-{size}")
        page.get_by_label("Password (at least 10 characters)").fill("a long enough password")
        page.get_by_role("button", name="Join and start").click()
        page.wait_for_url("**/capture")
        page.get_by_label("Title").fill(f"No-script prototype {size}")
        page.screenshot(path=str(SCREENSHOTS / f"capture-what-{size}-nojs.png"), full_page=True)
        page.get_by_role("button", name="Next: a photo").click()
        page.wait_for_url("**/photo")
        page.get_by_role("link", name="No photo now").click()
        page.wait_for_url("**/team")
        assert page.locator("input[name=member_name]").count() == 3
        page.get_by_label("Keep it as a draft: only the team and the organisers").check()
        page.get_by_role("button", name="Finish").click()
        page.wait_for_url("**/prototypes/*")
        assert page.locator("h1").inner_text() == f"No-script prototype {size}"
        assert page.locator(".badge.draft").count() == 1
        width = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert width, f"the prototype page scrolls sideways at {size} size"
        page.screenshot(path=str(SCREENSHOTS / f"edit-prototype-{size}.png"), full_page=True)
        context.close()
