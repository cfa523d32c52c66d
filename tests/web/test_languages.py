"""The interface in eight languages: complete catalogues, the reader's choice, every main page.

The catalogue test extracts the interface strings from the code itself (as ``make messages``
does), so a string added without its translations fails here, not in front of a reader.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from browser.world import World, seed_world
from mixroom.settings import Settings
from mixroom.web import i18n
from mixroom.web.app import create_app

WEB = Path(i18n.__file__).parent
TRANSLATED = [code for code in i18n.LANGUAGES if code != i18n.DEFAULT]
PLACEHOLDER = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[sdfir]")


@cache
def interface_strings() -> frozenset[str]:
    """Every msgid of the web edge, extracted from its Python and its templates."""
    found = extract_from_dir(
        str(WEB),
        method_map=[("**.py", "python"), ("templates/**.html", "jinja2")],
        options_map={"templates/**.html": {"extensions": "jinja2.ext.i18n"}},
        keywords={**DEFAULT_KEYWORDS, "N_": None},
    )
    return frozenset(
        message if isinstance(message, str) else message[0] for _, _, message, _, _ in found
    )


def catalogue(code: str) -> dict[str, str]:
    """msgid -> translation; a plural entry is keyed by its singular, its forms joined by "|"."""
    with i18n.catalogue_path(code).open("rb") as source:
        read = read_po(source, locale=code)
    found: dict[str, str] = {}
    for message in read:
        if not message.id or message.fuzzy:
            continue
        if isinstance(message.id, tuple | list):
            forms = list(message.string)
            if len(forms) == read.num_plurals and all(forms):
                found[str(message.id[0])] = "|".join(str(form) for form in forms)
        elif message.string:
            found[str(message.id)] = str(message.string)
    return found


def test_the_code_has_interface_strings() -> None:
    assert {"Sign in", "Prototypes", "Skip to content"} <= interface_strings()


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_interface_string_is_translated(code: str) -> None:
    translated = catalogue(code)
    missing = sorted(interface_strings() - translated.keys())
    assert missing == [], f"{code}: {len(missing)} untranslated, run `make messages`"


@pytest.mark.parametrize("code", TRANSLATED)
def test_translations_keep_their_placeholders(code: str) -> None:
    wrong = [
        (source, form)
        for source, target in catalogue(code).items()
        for form in target.split("|")
        if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(form))
    ]
    assert wrong == []


@pytest.mark.parametrize(
    ("cookie", "header", "expected"),
    [
        ("ca", "fr-FR,fr;q=0.9", "ca"),
        (None, "fr-CA,fr;q=0.9,en;q=0.8", "fr"),
        (None, "ja,de;q=0.5,nl;q=0.7", "nl"),
        (None, "pt-BR", "pt"),
        ("xx", "ja", "en"),
        (None, None, "en"),
        (None, "es;q=0,it", "it"),
        (None, "de;q=abc,ca;q=0.1", "ca"),
    ],
)
def test_language_comes_from_cookie_then_browser(
    cookie: str | None, header: str | None, expected: str
) -> None:
    assert i18n.choose_language(cookie, header) == expected


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as client:
        yield client


@pytest.fixture
def world(session: Session) -> World:
    world = seed_world(session)
    session.commit()
    return world


def test_the_switcher_remembers_the_choice(client: TestClient, world: World) -> None:
    answer = client.get("/language/ca?next=/prototypes", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/prototypes"
    page = client.get("/prototypes").text
    assert '<html lang="ca">' in page
    assert "Prototips" in page
    # the browser's own preference no longer wins over the remembered choice
    assert '<html lang="ca">' in client.get("/", headers={"Accept-Language": "de"}).text


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/", "/\\evil"])
def test_the_switcher_is_no_open_redirect(client: TestClient, target: str) -> None:
    answer = client.get("/language/fr", params={"next": target}, follow_redirects=False)
    assert answer.headers["location"] == "/"


def test_an_unknown_language_is_a_404(client: TestClient) -> None:
    assert client.get("/language/tlh", follow_redirects=False).status_code == 404


class VisibleText(HTMLParser):
    """The text a reader sees and the labels a screen reader reads out."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style"}:
            self._skip += 1
        self.parts += [
            value
            for name, value in attrs
            if name in {"aria-label", "placeholder", "title", "alt"} and value
        ]

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style"}:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.parts.append(data.strip())


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return "\n".join(parser.parts)


def main_pages(world: World) -> list[str]:
    return [
        "/",
        "/prototypes",
        f"/prototypes/{world.prototype_id}",
        "/sites",
        f"/sites/{world.site_id}",
        "/editions",
        f"/editions/{world.edition_id}",
        "/institutions",
        f"/institutions/{world.institution_id}",
        "/people",
        f"/people/{world.person_id}",
        "/map",
        "/conversation",
        "/impact",
        "/login",
    ]


@pytest.mark.parametrize("code", TRANSLATED)
def test_main_pages_show_no_english_interface_string(
    client: TestClient, world: World, code: str
) -> None:
    """Each main page in ``code``: no interface string is left in English where it differs."""
    english = {
        source
        for source, target in catalogue(code).items()
        if target != source and len(source) >= 8 and not PLACEHOLDER.search(source)
    }
    client.cookies.set(i18n.COOKIE, code)
    for path in main_pages(world):
        answer = client.get(path)
        assert answer.status_code == 200, path
        assert f'<html lang="{code}">' in answer.text
        lines = set(visible_text(answer.text).splitlines())
        assert lines & english == set(), f"{path} in {code}"
