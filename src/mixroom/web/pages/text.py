"""User text to HTML a page can show: Markdown rendered, then sanitised with nh3.

Imported text (dribdat's long texts) mixes Markdown and raw HTML, so raw HTML is let through
markdown-it and everything is then cleaned to a small allow-list: no scripts, no event handlers,
no ``javascript:`` links, no images (pictures come through media records, where consent is
recorded). E-mail addresses are masked first, because public pages never show one, even when
someone typed it into a description.
"""

from __future__ import annotations

import html
import re

import nh3
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markupsafe import Markup

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
EMAIL_MASK = "[e-mail hidden]"
TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "u", "s", "del", "sub", "sup", "code", "pre",
    "blockquote", "ul", "ol", "li", "a", "h3", "h4", "h5", "h6",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https"}
#: a section's own headings sit under the page's h1 and the section's h2
HEADING_SHIFT = 2

_markdown = MarkdownIt("commonmark", {"html": True}).enable("table")


def _shift_headings(state: StateCore) -> None:
    for token in state.tokens:
        if token.type in {"heading_open", "heading_close"}:
            token.tag = f"h{min(int(token.tag[1]) + HEADING_SHIFT, 6)}"


_markdown.core.ruler.push("shift_headings", _shift_headings)


def mask_emails(text: str) -> str:
    return EMAIL.sub(EMAIL_MASK, text)


def render_text(text: str | None) -> Markup:
    """Markdown (with HTML) to sanitised HTML, safe to put in a page as is."""
    if not text:
        return Markup("")
    rendered = _markdown.render(mask_emails(text))
    cleaned = nh3.clean(
        rendered,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow ugc",
    )
    return Markup(cleaned)  # safe: nh3 has just cleaned it


def excerpt(text: str | None, length: int = 180) -> str:
    """The text without markup, cut at a word; the template escapes it."""
    if not text:
        return ""
    plain = html.unescape(nh3.clean(_markdown.render(mask_emails(text)), tags=set()))
    plain = " ".join(plain.split())
    if len(plain) <= length:
        return plain
    return plain[:length].rsplit(" ", 1)[0] + "…"
