"""Field parsers shared by the importers: each turns one raw cell into a clean value or raises
``RowError`` with a reason a person can act on."""

from __future__ import annotations

import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime


class RowError(ValueError):
    """A row that cannot be used; the message is the reason shown in the import report."""


_EMAIL = re.compile(r"(mailto:)?[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
# The looser shape that the public-output checks use (schemas.base.no_email): free text is
# scrubbed of it too, even when it is a handle in a link, so no public page looks like a leak.
_EMAIL_LIKE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
EMAIL_REMOVED = "[e-mail removed]"


def text(value: object) -> str:
    """A stripped string; ``None`` and non-strings become ''."""
    return value.strip() if isinstance(value, str) else ("" if value is None else str(value))


def is_email(value: str) -> bool:
    return _EMAIL.fullmatch(value.strip()) is not None


def redact_emails(value: str) -> str:
    """Free text for a public field: every e-mail address replaced by a marker."""
    return _EMAIL_LIKE.sub(EMAIL_REMOVED, _EMAIL.sub(EMAIL_REMOVED, value))


def public_url(value: object) -> str | None:
    """A URL fit for a public link, or None (empty, mailto: or carrying an address)."""
    url = text(value)
    if not url or url.lower().startswith("mailto:") or _EMAIL.search(url):
        return None
    if "://" not in url:
        if " " in url or "." not in url:
            return None
        url = f"http://{url}"
    return url


def integer(value: object, name: str) -> int | None:
    raw = text(value)
    if not raw:
        return None
    try:
        return int(float(raw))
    except ValueError:
        raise RowError(f"{name} is not a number: {raw!r}") from None


def coordinates(lat: object, lon: object) -> tuple[float | None, float | None]:
    """Latitude and longitude in range, or (None, None) when missing or the 0,0 placeholder."""
    raw_lat, raw_lon = text(lat), text(lon)
    if not raw_lat and not raw_lon:
        return None, None
    try:
        latitude, longitude = float(raw_lat), float(raw_lon)
    except ValueError:
        raise RowError(f"coordinates are not numbers: {raw_lat!r}, {raw_lon!r}") from None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise RowError(f"coordinates out of range: {latitude}, {longitude}")
    if latitude == 0 and longitude == 0:
        return None, None
    return latitude, longitude


def day(value: object, name: str) -> date | None:
    """A date from ISO 8601 (``2021-04-16T08:30``) or RFC 2822 (``Fri, 16 Apr 2021 ...``)."""
    raw = text(value)
    if not raw:
        return None
    try:
        return datetime.fromisoformat(raw).date()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(raw).date()
    except (TypeError, ValueError, IndexError):
        raise RowError(f"{name} is not a date: {raw!r}") from None


_KEEP_UPPER = frozenset(
    [
        "NE",
        "NW",
        "SE",
        "SW",
        "US",
        "USA",
        "YMCA",
        "YWCA",
        "NASA",
        "II",
        "III",
        "IV",
        "VI",
        "VII",
        "VIII",
        "IX",
        "XI",
        "PO",
        "AFB",
        "DC",
        "UFO",
        "CCC",
        "WWII",
        "WPA",
    ]
)
#: street abbreviations have no vowel but are words, not acronyms
_STREET = frozenset(["RD", "ST", "DR", "BLVD", "HWY", "LN", "CT", "PL", "PKWY", "SQ", "TPKE"])
_SMALL = frozenset(
    [
        "of",
        "the",
        "and",
        "for",
        "in",
        "at",
        "on",
        "a",
        "an",
        "to",
        "by",
        "de",
        "la",
        "le",
        "du",
        "des",
        "von",
        "van",
    ]
)


def _title_word(word: str, first: bool) -> str:
    lower = word.lower()
    if word in _KEEP_UPPER or "." in word.rstrip("."):
        return word
    if not first and lower in _SMALL:
        return lower
    no_vowel = not any(ch in "AEIOUY" for ch in word) and word not in _STREET
    if no_vowel and word.isalpha() and len(word) > 1:
        return word  # no vowel: an acronym (NPS, GRR, ...)
    parts = re.split(r"([-'/])", lower)
    out = "".join(p[:1].upper() + p[1:] if p not in "-'/" else p for p in parts)
    out = re.sub(r"'S\b", "'s", out)
    out = re.sub(r"^(\d+)(St|Nd|Rd|Th)$", lambda m: m.group(1) + m.group(2).lower(), out)
    if out.startswith("Mc") and len(out) > 2:
        out = "Mc" + out[2].upper() + out[3:]
    return out


def title_case(value: str) -> str:
    """Readable case for ALL-CAPS registry names, keeping acronyms and abbreviations."""
    if not value.isupper():
        return value
    words = value.split()
    return " ".join(_title_word(w, i == 0) for i, w in enumerate(words))
