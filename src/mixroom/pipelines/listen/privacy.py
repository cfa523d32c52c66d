"""Pseudonymisation by default: author ids, handles and names become a keyed hash.

The key is the instance secret, so the same account gets the same pseudonym on every import of
one instance (its posts can be counted together) and a different one on another instance; the
hash cannot be reversed without the secret. Accounts listed in an institution's
``social_accounts`` are public voices of the registry: they keep their handle and are linked to
the institution.

The raw item is protected too: the author's profile objects (at the paths the mapper names)
are replaced whole by a stub, and every other occurrence of the author's and the mentioned
accounts' handles, ids and names in the item (captions, URLs, reply fields) is replaced by
their pseudonyms, on the serialised JSON so that it costs a few string scans per item.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterable
from typing import Any, NamedTuple, overload

import orjson

from mixroom.pipelines.listen.items import PostItem, lower

PREFIX = "anon-"
#: identities shorter than this are not searched for inside other strings (too many false hits)
MIN_LITERAL = 3

#: platform names as people write them in an institution's social accounts
PLATFORM_ALIASES = {"twitter": "x", "x.com": "x", "bsky": "bluesky", "fediverse": "mastodon"}


def normalise_handle(handle: str) -> str:
    return lower(handle.strip().lstrip("@"))


class ProtectedPost(NamedTuple):
    """A post ready for the store: no identity in clear but an institution's."""

    item: PostItem
    author: str
    author_institution_id: int | None
    text: str
    url: str | None
    external_id: str
    reply_to: str | None
    thread_id: str | None
    mentions: list[str]
    raw_json: str


class Pseudonymiser:
    """Keyed hashes for one instance, and the registry's institutional accounts."""

    def __init__(self, secret: str, institution_accounts: dict[tuple[str, str], int]) -> None:
        if not secret:
            raise ValueError("pseudonymisation needs the instance secret")
        self._key = secret.encode()
        self._institutions = {
            (PLATFORM_ALIASES.get(platform, platform), normalise_handle(handle)): institution
            for (platform, handle), institution in institution_accounts.items()
        }
        self._platforms = {platform for platform, _ in self._institutions}
        self._cache: dict[tuple[str, str], str] = {}

    def pseudonym(self, platform: str, identity: str) -> str:
        key = (platform, normalise_handle(identity))
        found = self._cache.get(key)
        if found is None:
            message = f"{key[0]}\x00{key[1]}".encode()
            digest = hmac.digest(self._key, message, hashlib.sha256).hex()[:16]
            found = self._cache[key] = PREFIX + digest
            if len(self._cache) > 100_000:  # memory stays flat on any input size
                self._cache.clear()
        return found

    def institution(self, platform: str, handles: Iterable[str]) -> int | None:
        if platform not in self._platforms:
            return None
        for handle in handles:
            found = self._institutions.get((platform, normalise_handle(handle)))
            if found is not None:
                return found
        return None

    def public_name(self, platform: str, handle: str, key: str | None = None) -> str:
        """The handle as shown: in clear for an institution's account, a pseudonym (of ``key``
        when the account has a stabler identity than its handle) otherwise."""
        if self.institution(platform, [handle]) is not None:
            return normalise_handle(handle)
        return self.pseudonym(platform, key or handle)

    def protect(self, item: PostItem) -> ProtectedPost:
        platform = item.platform
        identity = _identity(item)
        institution = self.institution(platform, item.author_handles)
        table: dict[str, str] = {}
        if institution is not None:
            author = normalise_handle(max(item.author_handles, key=len))
        else:
            author = self.pseudonym(platform, identity) if identity else "unknown"
            for value in _author_literals(item):
                table[lower(value)] = author
        mentions: list[str] = []
        for handle in item.mentions:
            shown = self.public_name(platform, handle, item.mention_keys.get(handle))
            mentions.append(shown)
            if shown != normalise_handle(handle):
                for form in _mention_literals(item, handle):
                    table[lower(form)] = shown
        if institution is None and identity:
            _replace_profiles(item.raw, item.author_paths, author)
        strangers = self._strangers
        swaps = _Swaps(table)
        raw_json = orjson.dumps(item.raw).decode()
        numbers = [literal for literal in table if literal.isdigit()]
        if numbers and any(_bare_number(raw_json, literal) for literal in numbers):
            # an account id written as a JSON number: a string first, so that its pseudonym
            # (a string) can take its place and the item stays valid JSON
            raw_json = orjson.dumps(_ids_as_strings(item.raw, set(numbers))).decode()
        raw_json = strangers(platform, raw_json)
        return ProtectedPost(
            item=item,
            author=author,
            author_institution_id=institution,
            text=_scrub(item.text, swaps, quoted=False),
            url=strangers(platform, _scrub(item.url or "", swaps, quoted=False)) or None,
            external_id=strangers(platform, _scrub(item.external_id, swaps, quoted=False)),
            reply_to=strangers(platform, _scrub_optional(item.reply_to, swaps)),
            thread_id=strangers(platform, _scrub_optional(item.thread_id, swaps)),
            mentions=mentions,
            raw_json=_scrub(raw_json, swaps, quoted=True),
        )

    @overload
    def _strangers(self, platform: str, text: str) -> str: ...
    @overload
    def _strangers(self, platform: str, text: None) -> None: ...
    def _strangers(self, platform: str, text: str | None) -> str | None:
        """Accounts that are not the item's author nor its mentions, but whose handle or id
        stands in it: profile URLs (``/@someone``, e.g. the page a capture was made on) and
        Bluesky DIDs (the author of the post replied to)."""
        if text is None or ("/@" not in text and "did:" not in text):
            return text

        def swap_path(match: re.Match[str]) -> str:
            handle = match.group(1)
            if handle.startswith(PREFIX):
                return match.group(0)
            return "/@" + self.public_name(platform, handle)

        text = _PROFILE_PATH.sub(swap_path, text)
        return _DID.sub(lambda match: self.pseudonym(platform, match.group(0)), text)


_PROFILE_PATH = re.compile(r"/@([\w.-]+)")
_DID = re.compile(r"did:(?:plc|web):[A-Za-z0-9._%-]+")


def _identity(item: PostItem) -> str:
    """The most stable spelling of the account: its key, its qualified handle, else its id."""
    if item.author_key:
        return item.author_key
    if item.author_handles:
        return max(item.author_handles, key=len)
    return item.author_ids[0] if item.author_ids else ""


def _handle_forms(handle: str) -> list[str]:
    bare = handle.strip().lstrip("@")
    forms = [bare]
    if "@" in bare:  # alice@mastodon.social is also written alice in the home instance's URLs
        forms.append(bare.split("@", 1)[0])
    return [form for form in forms if len(form) >= MIN_LITERAL]


def _mention_literals(item: PostItem, handle: str) -> list[str]:
    """A mentioned account's handle forms, ids and display names, as found in the raw item."""
    literals = _handle_forms(handle)
    ids = item.mention_ids.get(handle, ())
    literals.extend(value for value in ids if len(value) >= MIN_LITERAL)
    names = item.mention_names.get(handle, ())
    literals.extend(name for name in names if len(name.strip()) >= MIN_LITERAL)
    return literals


def _author_literals(item: PostItem) -> list[str]:
    literals: list[str] = []
    for handle in item.author_handles:
        literals.extend(_handle_forms(handle))
    literals.extend(value for value in item.author_ids if len(value) >= MIN_LITERAL)
    literals.extend(name for name in item.author_names if len(name.strip()) >= MIN_LITERAL)
    return list(dict.fromkeys(literals))


def _replace_profiles(raw: dict[str, Any], paths: list[tuple[str | int, ...]], alias: str) -> None:
    stub = {"id": alias, "handle": alias, "pseudonymised": True}
    for path in paths:
        parent: Any = raw
        for step in path[:-1]:
            try:
                parent = parent[step]
            except (KeyError, IndexError, TypeError):
                parent = None
                break
        last = path[-1]
        in_dict = isinstance(parent, dict) and last in parent
        in_list = isinstance(parent, list) and isinstance(last, int) and last < len(parent)
        if in_dict or in_list:
            parent[last] = dict(stub)


_BEFORE = frozenset('@/>":')
_JOINERS = frozenset("_-@")


class _Swaps:
    """The identities of one item (lower case) and their replacements, longest first."""

    __slots__ = ("aliases", "names", "ordered")

    def __init__(self, aliases: dict[str, str]) -> None:
        self.aliases = aliases
        self.ordered = sorted(aliases, key=len, reverse=True) if len(aliases) > 1 else list(aliases)
        #: display names of several words, which free text writes without a marker
        self.names = " " in "\x00".join(aliases)


def _scrub(text: str, swaps: _Swaps, *, quoted: bool) -> str:
    """Replace identities that stand as a whole token after ``@``, ``/``, ``>``, a quote or a
    colon (handles, URLs, markup, JSON values; ids written as JSON numbers were made strings
    first). Names with spaces are replaced as whole JSON strings in the raw
    item, and as whole words in free text ("merci Claire Martin").

    Found with ``str.find`` and checked at both ends, longest identity first: a few C-speed
    scans per item instead of a regular expression with a callback on every token."""
    table = swaps.aliases
    if not table or not text:
        return text
    if not quoted and not _has_marker(text) and not (swaps.names and " " in text):
        return table.get(lower(text), text)  # an id, a bare word: only a whole match counts
    lowered = lower(text)
    if not quoted and lowered in table:
        return table[lowered]
    if len(lowered) != len(text):  # a rare letter whose lower case is longer: compare as is
        lowered = text
    spans: list[tuple[int, int, str]] = []
    for literal in swaps.ordered:
        start = lowered.find(literal)
        while start != -1:
            end = start + len(literal)
            if " " in literal:  # a display name: as whole words, in free text or JSON
                whole = _whole_words(lowered, start, end)
            else:
                whole = _standalone(lowered, start, end)
            if whole and _free(spans, start, end):
                spans.append((start, end, table[literal]))
            start = lowered.find(literal, end)
    if not spans:
        return text
    parts: list[str] = []
    position = 0
    for start, end, alias in sorted(spans):
        parts += [text[position:start], alias]
        position = end
    parts.append(text[position:])
    return "".join(parts)


def _bare_number(text: str, digits: str) -> bool:
    """True when ``digits`` may stand in the JSON ``text`` as a number (``"pk":48211``,
    ``[48211,``); a false alarm inside a string only costs a walk of the item."""
    at = text.find(digits)
    while at != -1:
        end = at + len(digits)
        if at and text[at - 1] in ":[," and (end == len(text) or text[end] in ",}]"):
            return True
        at = text.find(digits, at + 1)
    return False


def _ids_as_strings(value: Any, ids: set[str]) -> Any:
    """``value`` with every integer among ``ids`` written as a string."""
    if isinstance(value, dict):
        return {key: _ids_as_strings(item, ids) for key, item in value.items()}
    if isinstance(value, list):
        return [_ids_as_strings(item, ids) for item in value]
    if isinstance(value, int) and not isinstance(value, bool) and str(value) in ids:
        return str(value)
    return value


def _whole_words(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` neither starts nor ends inside a word."""
    before = start == 0 or not (text[start - 1].isalnum() or text[start - 1] == "_")
    return before and (end == len(text) or not (text[end].isalnum() or text[end] == "_"))


def _has_marker(text: str) -> bool:
    """True when ``text`` has a character an identity may follow (see ``_BEFORE``)."""
    return "@" in text or "/" in text or ">" in text or '"' in text or ":" in text


def _free(spans: list[tuple[int, int, str]], start: int, end: int) -> bool:
    """True when no identity already found overlaps ``start:end``."""
    # a plain loop: this runs for every match of every item, and all() with a generator
    # costs a generator per call
    for first, last, _ in spans:  # noqa: SIM110
        if first < end and start < last:
            return False
    return True


def _standalone(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` is a whole token: a marker before it, and after it
    nothing that would make it part of a longer name (``alice`` in ``alice.bsky.social`` or
    ``alice@other.host`` is not Alice)."""
    if start == 0 or text[start - 1] not in _BEFORE:
        return False
    if end == len(text):
        return True
    after = text[end]
    if after.isalnum() or after in _JOINERS:
        return False
    if after in ".:" and end + 1 < len(text):
        following = text[end + 1]
        return not (following.isalnum() or following == "_")
    return True


def _scrub_optional(text: str | None, swaps: _Swaps) -> str | None:
    return None if text is None else _scrub(text, swaps, quoted=False)
