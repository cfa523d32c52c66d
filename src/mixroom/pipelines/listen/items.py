"""The normalised post as a mapper produces it (before pseudonymisation), and the pure helpers
every mapper shares: timestamps in many formats, text fingerprints, hashtags, mentions, links.
"""

from __future__ import annotations

import hashlib
import html
import re
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any

from mixroom.pipelines.fields import RowError

#: ``str.lower`` called as Python's own method. mypyc, which compiles this module and the others
#: of ``mixroom.native.MODULES``, turns ``text.lower()`` into its own loop that skips the
#: final-sigma rule ("ΟΔΟΣ" gives "οδοσ", not "οδος"): hashtags, handles and copy fingerprints
#: must come out the same compiled or not (``tests/test_native.py`` checks the sources)
lower: Callable[[str], str] = str.lower

#: a timestamp later than now plus this is taken for a clock or parsing error
FUTURE_TOLERANCE = timedelta(days=1)
#: texts shorter than this once normalised are too common to mark as copies of each other
MIN_FINGERPRINT_LENGTH = 24


@dataclass
class PostItem:
    """One post as read from a source, identities still in clear.

    ``author_handles`` are every spelling of the author's handle (``alice`` and
    ``alice@mastodon.social``); ``author_ids`` the platform's ids for the account;
    ``author_names`` display names. ``author_paths`` are the places in ``raw`` that hold the
    author's profile object: pseudonymisation replaces them whole. ``notes`` are problems that
    did not stop the post from being kept (a timestamp in the future).
    """

    platform: str
    external_id: str
    text: str = ""
    created_at: datetime | None = None
    url: str | None = None
    author_handles: list[str] = field(default_factory=list)
    author_ids: list[str] = field(default_factory=list)
    author_names: list[str] = field(default_factory=list)
    author_paths: list[tuple[str | int, ...]] = field(default_factory=list)
    #: what the pseudonym is made from when the handle is not the stable identity (a DID)
    author_key: str | None = None
    reply_to: str | None = None
    thread_id: str | None = None
    mentions: list[str] = field(default_factory=list)
    #: the stable identity behind a mentioned handle, when the source gives one
    mention_keys: dict[str, str] = field(default_factory=dict)
    #: the platform's ids of a mentioned account (by handle): replaced in the raw item too
    mention_ids: dict[str, list[str]] = field(default_factory=dict)
    #: the display names of a mentioned account (by handle), when the source gives them
    mention_names: dict[str, list[str]] = field(default_factory=dict)
    hashtags: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    metrics: dict[str, int] = field(default_factory=dict)
    raw: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_MONTHS = {
    name: number
    for number, name in enumerate(
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1
    )
}
#: layouts fromisoformat does not read, by their first character: a digit or a letter
_NUMERIC_FORMATS = ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y", "%Y/%m/%d %H:%M:%S")
_NAMED_FORMATS = ("%a %b %d %H:%M:%S %z %Y",)  # X/Twitter legacy; RFC 2822 comes after


def parse_time(value: Any, *, now: datetime | None = None) -> datetime:
    """A UTC moment from Unix seconds or milliseconds, ISO 8601, RFC 2822 (RSS) or the common
    spreadsheet and X layouts; ``RowError`` when it is none of them or lies in the future."""
    moment = _parse_any(value)
    if moment is None:
        raise RowError(f"unreadable timestamp {str(value)[:60]!r}")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    elif moment.tzinfo is not UTC:
        moment = moment.astimezone(UTC)
    # the clock is read once a second: an import reads thousands of timestamps a second
    horizon = _horizon() if now is None else now + FUTURE_TOLERANCE
    if moment > horizon:
        raise RowError(f"timestamp {moment.isoformat()} is in the future")
    return moment


_HORIZON: list[tuple[float, datetime]] = [(0.0, datetime.min.replace(tzinfo=UTC))]


def _horizon() -> datetime:
    """Now plus the tolerance, read again when a second has passed."""
    read_at, horizon = _HORIZON[0]
    clock = time.monotonic()
    if clock - read_at >= 1.0:
        horizon = datetime.now(UTC) + FUTURE_TOLERANCE
        _HORIZON[0] = (clock, horizon)
    return horizon


def _parse_any(value: Any) -> datetime | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float) or (isinstance(value, str) and _NUMBER.match(value)):
        return _from_number(float(value))
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    named = text[:1].isalpha()
    if not named:  # ISO 8601 starts with its year
        try:
            return datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            pass
    parts = text.split()
    if len(parts) == 6 and parts[4] == "+0000" and parts[1] in _MONTHS:  # X: fast path
        try:
            hour, minute, second = (int(p) for p in parts[3].split(":"))
            return datetime(
                int(parts[5]), _MONTHS[parts[1]], int(parts[2]), hour, minute, second, tzinfo=UTC
            )
        except ValueError:
            pass
    for layout in _NAMED_FORMATS if named else _NUMERIC_FORMATS:
        try:
            return datetime.strptime(text, layout)
        except ValueError:
            continue
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None


def _from_number(number: float) -> datetime | None:
    """Unix seconds, or milliseconds when the number is too large for seconds."""
    if number > 1e11:
        number /= 1000
    try:
        return datetime.fromtimestamp(number, UTC)
    except (OverflowError, OSError, ValueError):
        return None


def timestamp_or_note(item: PostItem, value: Any) -> None:
    """Set ``created_at`` from ``value``; an unusable one becomes a note and the post is kept."""
    if value is None or value == "":
        item.notes.append("no timestamp")
        return
    try:
        item.created_at = parse_time(value)
    except RowError as error:
        item.notes.append(str(error))


#: a hashtag and a mention, each where no letter, digit, underscore (or ``&``, ``/``) comes
#: right before it: that condition is checked by ``_found``, not by a look-behind
_TAG = re.compile(r"#(\w[\w-]*)")
_MENTION = re.compile(r"@([A-Za-z0-9_][A-Za-z0-9_.-]*(?:@[A-Za-z0-9.-]+\.[a-z]+)?)")
_LINK_RE = re.compile(r"https?://[^\s<>\"')\]]+")
_HTML_TAG = re.compile(r"<[^>]+>")
_BREAK = re.compile(r"<br\s*/?>|</p>\s*<p[^>]*>", re.IGNORECASE)


def hashtags_in(text: str) -> list[str]:
    if "#" not in text:
        return []
    return _unique(lower(tag) for tag in _found(_TAG, text, "&"))


def mentions_in(text: str) -> list[str]:
    if "@" not in text:
        return []
    return _unique(lower(handle.rstrip(".")) for handle in _found(_MENTION, text, "/"))


def _found(pattern: re.Pattern[str], text: str, refused: str) -> list[str]:
    """The first group of each match of ``pattern`` in ``text`` that no letter, digit,
    underscore or character of ``refused`` comes right before, as a look-behind in front of
    the pattern would find them. By hand, because a look-behind makes the engine try every
    position of the text, while a pattern that starts with ``#`` or ``@`` lets it jump from
    one to the next: three times faster on a caption."""
    found: list[str] = []
    match = pattern.search(text)
    while match is not None:
        start = match.start()
        before = text[start - 1] if start else " "
        if before.isalnum() or before == "_" or before in refused:
            match = pattern.search(text, start + 1)
        else:
            found.append(match.group(1))
            match = pattern.search(text, match.end())
    return found


def links_in(text: str) -> list[str]:
    if "http" not in text:
        return []
    return _unique(link.rstrip(".,;:!?") for link in _LINK_RE.findall(text))


def strip_html(markup: str) -> str:
    """Plain text of a post's HTML (Mastodon ``content``, RSS descriptions)."""
    if "<" not in markup and "&" not in markup:
        return markup
    text = _BREAK.sub("\n", markup)
    return html.unescape(_HTML_TAG.sub("", text)).strip()


def _unique(values: Any) -> list[str]:
    return list(dict.fromkeys(value for value in values if value))


#: what a copy may differ by: a leading repost marker, links and mentions (an ``@`` that no
#: letter or digit comes before); taken out in that order (the same as one regular expression
#: ``https?://\S+|(?<!\w)@\S+|^rt\s+`` would, without its slow look-behind at every position)
_LINK = re.compile(r"https?://\S+")
_NOT_SPACES = re.compile(r"\S+")
_REPOST = re.compile(r"rt\s+")
#: a run of letters and digits; what is between runs (``[\W_]+``) becomes one space
_WORD_RUN = re.compile(r"[^\W_]+")
#: what is not a letter or digit in ASCII text, as a table for ``str.translate``
_ASCII_NOT_WORD = str.maketrans({chr(code): " " for code in range(128) if not chr(code).isalnum()})


def _without_links_and_mentions(text: str) -> str:
    if text.startswith("rt") and (repost := _REPOST.match(text)):
        text = " " + text[repost.end() :]
    if "http" in text:
        text = _LINK.sub(" ", text)
    if "@" in text:
        text = _without_mentions(text)
    return text


def _without_mentions(text: str) -> str:
    parts: list[str] = []
    position = 0
    at = text.find("@")
    while at != -1:
        before = text[at - 1] if at else " "
        run = None if before.isalnum() or before == "_" else _NOT_SPACES.match(text, at + 1)
        if run is None:
            at = text.find("@", at + 1)
            continue
        parts += [text[position:at], " "]
        position = run.end()
        at = text.find("@", position)
    if not parts:
        return text
    parts.append(text[position:])
    return "".join(parts)


def fingerprint(text: str) -> str | None:
    """The hash of a text with case, links, mentions, repost markers, punctuation and spacing
    taken out, so a repost or a cross-post of the same words finds its first copy; None for
    texts too short to tell copies from coincidences."""
    plain = text.isascii()
    folded = lower(text if plain else unicodedata.normalize("NFKC", text))
    folded = _without_links_and_mentions(folded)
    if plain:  # most posts in many languages: one table instead of a regular expression
        folded = " ".join(folded.translate(_ASCII_NOT_WORD).split())
    else:
        folded = " ".join(_WORD_RUN.findall(folded))
    if len(folded) < MIN_FINGERPRINT_LENGTH:
        return None
    return hashlib.sha1(folded.encode(), usedforsecurity=False).hexdigest()


def as_int(value: Any) -> int | None:
    """A count from an int, a float or a numeric string; None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def counts(**values: Any) -> dict[str, int]:
    """The metrics that are present and numeric."""
    found: dict[str, int] = {}
    for name, value in values.items():
        if type(value) is int:  # most counts, without a call
            found[name] = value
        elif value is not None and (number := as_int(value)) is not None:
            found[name] = number
    return found


def require_text(value: Any, what: str) -> str:
    """A non-empty id or similar, as text; ``RowError`` naming ``what`` when missing."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise RowError(f"missing {what}")
    if isinstance(value, dict | list):
        raise RowError(f"{what} is not a single value")
    return str(value).strip()
