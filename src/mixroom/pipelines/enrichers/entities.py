"""Entity links: which institutions, sites, editions and prototypes a post talks about.

A :class:`Gazetteer` is built from the store (``load_gazetteer``) or from plain entries. A post
is linked four ways, each link saying how it was found:

- ``mention``: an ``@handle`` that is one of an institution's social accounts;
- ``hashtag``: a ``#tag`` equal to a name, slug or hashtag once folded (``#MuseomixRhôneAlpes``
  and ``museomix-rhone-alpes`` meet as ``museomixrhonealpes``); ``#museum`` names no one;
- ``url``: a link to an institution's web site (same host) or to a record's own page;
- ``name``: a name written out in the text (folded words; names of one word need 6 letters or
  more, so "Echo" or "Lab" link nothing).

A name or tag that two records of one kind share (registries hold several institutions called
just "Museum" or "Historical Society"), or a one-word name that is a common word of the field
("museum", "musée", "galerie"...), does not say which one: it links nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import urlsplit

from mixroom.pipelines.enrichers.base import HASHTAG, MENTION, URL, EntityLink
from mixroom.slugs import fold_ascii

Kind = Literal["institution", "site", "edition", "prototype"]
_FOLDED_WORD = re.compile(r"[a-z0-9]+")
MAX_NAME_WORDS = 10
_Add = Callable[[Sequence["GazetteerEntry"], str, str], None]
MIN_SINGLE_WORD = 6
#: one-word names that are the field's common nouns, folded, in the network's languages
GENERIC_WORDS = frozenset((
    "museum", "museums", "musee", "musees", "museo", "musei", "museu", "museus", "musea",
    "museen", "gallery", "galerie", "galeria", "galleria", "galerij", "library",
    "bibliotheque", "biblioteca", "bibliothek", "bibliotheek", "archive", "archives",
    "archivo", "archivio", "arxiu", "archiv", "archief", "collection", "collections",
    "coleccion", "collezione", "colleccio", "sammlung", "collectie", "exhibition",
    "exposition", "exposicion", "mostra", "ausstellung", "tentoonstelling", "hackathon",
    "heritage", "patrimoine",
))  # fmt: skip


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    kind: Kind
    id: int
    names: tuple[str, ...]
    handles: tuple[str, ...] = ()
    hashtags: tuple[str, ...] = ()
    websites: tuple[str, ...] = ()


def fold_tag(text: str) -> str:
    """Letters and digits only, folded: the form hashtags and slugs are compared in."""
    return "".join(_FOLDED_WORD.findall(fold_ascii(text)))


def _fold_handle(handle: str) -> str:
    return handle.strip().lstrip("@").lower()


def _host(url: str) -> str:
    if "://" not in url:
        url = f"http://{url}"
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def _page(url: str) -> str:
    parts = urlsplit(url if "://" in url else f"http://{url}")
    return f"{_host(url)}{parts.path.rstrip('/')}".lower()


@dataclass(slots=True)
class Gazetteer:
    """Indexes over entries; ``link(text)`` finds them in a post."""

    entries: tuple[GazetteerEntry, ...] = ()
    handles: dict[str, list[GazetteerEntry]] = field(default_factory=dict)
    tags: dict[str, list[GazetteerEntry]] = field(default_factory=dict)
    hosts: dict[str, list[GazetteerEntry]] = field(default_factory=dict)
    pages: dict[str, list[GazetteerEntry]] = field(default_factory=dict)
    names: dict[tuple[str, ...], list[GazetteerEntry]] = field(default_factory=dict)

    @classmethod
    def build(cls, entries: Iterable[GazetteerEntry]) -> Gazetteer:
        gazetteer = cls(entries=tuple(entries))
        for entry in gazetteer.entries:
            gazetteer._index(entry)
        return gazetteer

    def _index(self, entry: GazetteerEntry) -> None:
        for handle in entry.handles:
            folded = _fold_handle(handle)
            self.handles.setdefault(folded, []).append(entry)
            local = folded.split("@")[0]
            if local != folded:
                self.handles.setdefault(local, []).append(entry)
        named = {fold_tag(text) for text in entry.names} - GENERIC_WORDS
        for tag in named | {fold_tag(text) for text in entry.hashtags}:
            if len(tag) >= 4:
                self.tags.setdefault(tag, []).append(entry)
        for website in entry.websites:
            index = self.hosts if entry.kind == "institution" else self.pages
            key = _host(website) if entry.kind == "institution" else _page(website)
            if key:
                index.setdefault(key, []).append(entry)
        for name in entry.names:
            words = tuple(_FOLDED_WORD.findall(fold_ascii(name)))
            if 0 < len(words) <= MAX_NAME_WORDS and (
                len(words) > 1
                or (len(words[0]) >= MIN_SINGLE_WORD and words[0] not in GENERIC_WORDS)
            ):
                self.names.setdefault(words, []).append(entry)

    @property
    def version(self) -> str:
        return f"gazetteer-2-{len(self.entries)}"  # 2: shared and generic names link nothing

    def link(self, text: str) -> list[EntityLink]:
        found: dict[tuple[str, int, str], EntityLink] = {}

        def add(entries: Sequence[GazetteerEntry], written: str, how: str) -> None:
            for entry in entries:
                key = (entry.kind, entry.id, how)
                if key not in found:
                    found[key] = EntityLink(kind=entry.kind, id=entry.id, text=written, how=how)  # type: ignore[typeddict-item]

        for match in MENTION.finditer(text):
            handle = _fold_handle(match.group(0))
            entries = self.handles.get(handle) or self.handles.get(handle.split("@")[0], [])
            add(entries, match.group(0), "mention")
        for match in HASHTAG.finditer(text):
            add(
                _unambiguous(self.tags.get(fold_tag(match.group(1)), [])), match.group(0), "hashtag"
            )
        for match in URL.finditer(text):
            url = match.group(0).rstrip(".,;:!?)")
            add(self.hosts.get(_host(url), []), url, "url")
            add(self.pages.get(_page(url), []), url, "url")
        self._link_names(text, add)
        return list(found.values())

    def _link_names(self, text: str, add: _Add) -> None:
        if not self.names:
            return
        plain = HASHTAG.sub(" ", MENTION.sub(" ", URL.sub(" ", text)))
        words = _FOLDED_WORD.findall(fold_ascii(plain))
        lengths = sorted({len(key) for key in self.names}, reverse=True)
        start = 0
        while start < len(words):
            for length in lengths:
                key = tuple(words[start : start + length])
                entries = self.names.get(key)
                if entries:
                    add(_unambiguous(entries), " ".join(key), "name")
                    start += length
                    break
            else:
                start += 1


def _unambiguous(entries: Sequence[GazetteerEntry]) -> list[GazetteerEntry]:
    """The entries of a name, but none of a kind that two records of it share."""
    kinds = [kind for kind, _ in {(entry.kind, entry.id) for entry in entries}]
    return [entry for entry in entries if kinds.count(entry.kind) == 1]
