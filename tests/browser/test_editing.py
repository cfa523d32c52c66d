"""Editing in Chromium: a stored XSS attempt in every text field stays text; a translation."""

from __future__ import annotations

from typing import Any

import pytest

from browser import test_capture
from browser.conftest import DESKTOP, PHONE, SCREENSHOTS
from browser.test_capture import CaptureServer
from services.test_media_files import camera_jpeg

pytestmark = pytest.mark.browser
capture_server = test_capture.capture_server  # the same live server fixture, one per module
ATTACK = '<img src=x onerror="window.__xss=1"><script>window.__xss=1</script>'
TEXT_SECTIONS = ("summary", "user_story", "intentions_process", "material", "looking_back", "faq")


def _new_prototype(page: Any, server: CaptureServer, username: str) -> str:
    """Join with the invite and capture a prototype whose every text is an attack."""
    page.goto(f"{server.url}/join/{server.invite}")
    page.get_by_label("Your name, as others will see it").fill(ATTACK)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password (at least 10 characters)").fill("a long enough password")
    page.get_by_role("button", name="Join and start").click()
    page.wait_for_url("**/capture")
    page.get_by_label("Title").fill(ATTACK)
    page.get_by_label("In one line: what does it do, for whom?").fill(ATTACK)
    page.get_by_role("button", name="Next: a photo").click()
    page.wait_for_url("**/photo")
    page.get_by_role("link", name="No photo now").click()
    page.wait_for_url("**/team")
    page.get_by_label("Team name").fill(ATTACK)
    page.locator("input[name=member_name]").nth(0).fill(ATTACK)
    page.get_by_role("button", name="Finish").click()
    page.wait_for_url("**/prototypes/*")
    return str(page.url.rsplit("/", 1)[1])


def test_a_stored_xss_attempt_in_every_text_field_is_shown_as_text(
    browser: Any, capture_server: CaptureServer
) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    prototype_id = _new_prototype(page, capture_server, "mallory")
    for section in TEXT_SECTIONS:
        page.goto(f"{capture_server.url}/prototypes/{prototype_id}/edit/{section}")
        page.locator("textarea[name=text]").fill(f"{section}: {ATTACK}")
        page.get_by_role("button", name="Save").click()
        page.wait_for_url(f"**/prototypes/{prototype_id}*")
    page.goto(f"{capture_server.url}/prototypes/{prototype_id}/edit/tags")
    page.get_by_label("Themes, separated by commas").fill(ATTACK.replace(",", ""))
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"**/prototypes/{prototype_id}*")
    page.screenshot(path=str(SCREENSHOTS / "edit-xss-desktop.png"), full_page=True)
    context.close()

    for viewport in (PHONE, DESKTOP):
        public = browser.new_context(viewport=viewport)
        reader = public.new_page()
        reader.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        for path in (f"/prototypes/{prototype_id}", "/prototypes", "/"):
            reader.goto(capture_server.url + path)
            assert reader.evaluate("window.__xss") is None, path
            assert reader.locator("script:not([src])").count() == 0, path
            assert reader.locator("img[onerror], img[src=x]").count() == 0, path
        reader.goto(f"{capture_server.url}/prototypes/{prototype_id}")
        # plain fields show the attack as the letters typed
        assert reader.locator("h1").inner_text().startswith(ATTACK)
        assert ATTACK in reader.locator(".lead").inner_text()
        assert ATTACK in reader.locator("#team").inner_text()
        # Markdown fields keep the words but lose the markup
        for section in TEXT_SECTIONS:
            assert f"{section}:" in reader.locator(f"#{section}").inner_text()
        public.close()
    assert dialogs == []


def test_a_translation_added_next_to_the_original_is_shown_to_readers(
    browser: Any, capture_server: CaptureServer
) -> None:
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(f"{capture_server.url}/join/{capture_server.invite}")
    page.get_by_label("Your name, as others will see it").fill("Lina")
    page.get_by_label("Username").fill("lina")
    page.get_by_label("Password (at least 10 characters)").fill("a long enough password")
    page.get_by_role("button", name="Join and start").click()
    page.wait_for_url("**/capture")
    page.get_by_label("Title").fill("The whispering gallery")
    page.get_by_label("In one line: what does it do, for whom?").fill("Walls that answer back")
    page.get_by_role("button", name="Next: a photo").click()
    page.wait_for_url("**/photo")
    page.get_by_role("link", name="No photo now").click()
    page.wait_for_url("**/team")
    page.get_by_role("button", name="Finish").click()
    page.wait_for_url("**/prototypes/*")
    prototype_id = page.url.rsplit("/", 1)[1]
    page.get_by_role("link", name="Translate").click()
    page.wait_for_url("**/translate")
    page.locator("select[name=language]").select_option("fr")
    page.get_by_role("button", name="Choose").click()
    page.wait_for_url("**/translate?language=fr")
    assert "Walls that answer back" in page.locator(".pair").nth(1).inner_text()
    page.locator("input[name=text_subtitle]").fill("Des murs qui répondent")
    page.screenshot(path=str(SCREENSHOTS / "edit-translate-phone.png"), full_page=True)
    page.get_by_role("button", name="Save the translation").click()
    page.wait_for_url(f"**/prototypes/{prototype_id}?lang=fr")
    context.close()

    french = browser.new_context(
        viewport=PHONE, locale="fr-FR", extra_http_headers={"Accept-Language": "fr"}
    )
    reader = french.new_page()
    reader.goto(f"{capture_server.url}/prototypes/{prototype_id}")
    assert reader.locator(".lead").inner_text().startswith("Des murs qui répondent")
    heading = reader.locator("h1")
    assert heading.inner_text().startswith("The whispering gallery")
    assert heading.locator(".original-marker").count() == 1  # the title was not translated
    assert reader.locator("header.record-head .lead").get_attribute("lang") == "fr"
    french.close()


def test_a_photo_is_added_described_and_hidden_from_the_edit_link_of_the_media_section(
    browser: Any, capture_server: CaptureServer, tmp_path: Any
) -> None:
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    prototype_id = _new_prototype(page, capture_server, "mediamaker")
    page.locator("#media").get_by_role("link", name="Edit").click()
    page.wait_for_url(f"**/prototypes/{prototype_id}/edit/media")
    photo = tmp_path / "IMG_0003.JPG"
    photo.write_bytes(camera_jpeg(1200, 900))
    page.locator("input[name=photo]").set_input_files(str(photo))
    add = page.locator("form[action$='/media']")
    add.get_by_label("What does it show? (for people who cannot see it)").fill(ATTACK)
    add.get_by_label("Credits (who made it)").fill(ATTACK)
    add.get_by_role("button", name="Add").click()
    page.wait_for_url(f"**/prototypes/{prototype_id}/edit/media")
    assert page.locator("article.media-item").count() == 1
    page.screenshot(path=str(SCREENSHOTS / "edit-media-phone.png"), full_page=True)
    public = browser.new_context(viewport=DESKTOP).new_page()
    public.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    public.goto(f"{capture_server.url}/prototypes/{prototype_id}")
    image = public.locator("#media img")
    assert image.get_attribute("alt") == ATTACK  # the attack stays text, in an attribute
    assert public.locator("#media figcaption").inner_text().endswith("CC-BY-SA-4.0")
    # then someone is recognised in it, without their agreement: the public no longer sees it
    item = page.locator("article.media-item form").first
    item.get_by_label("Someone can be recognised in it").check()
    item.get_by_role("button", name="Save").click()
    page.wait_for_url(f"**/prototypes/{prototype_id}/edit/media")
    assert "Hidden from the public" in page.locator("article.media-item").inner_text()
    public.reload()
    assert public.locator("#media img").count() == 0
    assert public.evaluate("window.__xss") is None and page.evaluate("window.__xss") is None
    assert dialogs == []
    context.close()
