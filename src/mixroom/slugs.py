"""Slugs: short, readable, URL-safe names made from titles."""

from __future__ import annotations

import re
import unicodedata

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def fold_ascii(text: str) -> str:
    """``"Musée d'Orsay"`` -> ``"musee d'orsay"``: accents dropped, lower case."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()


def ascii_slug(text: str) -> str:
    """``"Musée d'Orsay 2014"`` -> ``"musee-d-orsay-2014"``; empty when nothing is left."""
    return _NOT_SLUG.sub("-", fold_ascii(text)).strip("-")


def slugify(text: str, max_length: int = 80) -> str:
    """A slug for a URL: at most ``max_length`` characters, never empty."""
    return ascii_slug(text)[:max_length].rstrip("-") or "item"
