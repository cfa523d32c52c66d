"""The interface's languages: gettext catalogues per language, chosen per request.

Catalogues are Babel ``.po`` files under ``web/locales/<code>/LC_MESSAGES/messages.po``, compiled
in memory on first use (no build step, no binary in the tree). A request's language is, in
order: the ``mixroom_lang`` cookie set by the switcher, then the browser's ``Accept-Language``,
then English. Templates call ``_("...")``; Python code at the edge calls :func:`gettext`.
"""

from __future__ import annotations

import gettext as stdlib_gettext
from contextvars import ContextVar
from functools import cache
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations
from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

LOCALES = Path(__file__).parent / "locales"
DOMAIN = "messages"
DEFAULT = "en"
#: code -> the language's own name, in the order of the switcher
LANGUAGES: dict[str, str] = {
    "en": "English",
    "fr": "Français",
    "es": "Español",
    "ca": "Català",
    "it": "Italiano",
    "de": "Deutsch",
    "nl": "Nederlands",
    "pt": "Português",
}
COOKIE = "mixroom_lang"

current_language: ContextVar[str] = ContextVar("current_language", default=DEFAULT)


def catalogue_path(code: str) -> Path:
    return LOCALES / code / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def translations(code: str) -> stdlib_gettext.NullTranslations:
    """The compiled catalogue of ``code``; English (the source strings) when there is none."""
    path = catalogue_path(code)
    if code == DEFAULT or not path.exists():
        return stdlib_gettext.NullTranslations()
    with path.open("rb") as source:
        catalogue = read_po(source, locale=code)
    compiled = BytesIO()
    write_mo(compiled, catalogue)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


def gettext(message: str) -> str:
    return translations(current_language.get()).gettext(message)


def ngettext(singular: str, plural: str, number: int) -> str:
    return translations(current_language.get()).ngettext(singular, plural, number)


def parse_accept_language(header: str) -> list[str]:
    """The language codes of an ``Accept-Language`` header, best first (``fr-CA`` -> ``fr``)."""
    weighted: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")):
        tag, _, parameters = part.strip().partition(";")
        quality = 1.0
        if parameters.strip().startswith("q="):
            try:
                quality = float(parameters.strip()[2:])
            except ValueError:
                quality = 0.0
        if tag and quality > 0:
            weighted.append((-quality, position, tag.split("-")[0].lower()))
    return [code for _, _, code in sorted(weighted)]


def choose_language(cookie: str | None, accept_language: str | None) -> str:
    """The cookie's language when it is one we have, else the browser's best, else English."""
    if cookie in LANGUAGES:
        return cookie
    for code in parse_accept_language(accept_language or ""):
        if code in LANGUAGES:
            return code
    return DEFAULT


class LanguageMiddleware:
    """Sets the request's language for templates and ``gettext``; pages vary on it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        code = choose_language(request.cookies.get(COOKIE), request.headers.get("accept-language"))
        token = current_language.set(code)

        async def send_varying(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if headers.get("content-type", "").startswith("text/html"):
                    headers.add_vary_header("Accept-Language")
                    headers.add_vary_header("Cookie")
            await send(message)

        try:
            await self.app(scope, receive, send_varying)
        finally:
            current_language.reset(token)
