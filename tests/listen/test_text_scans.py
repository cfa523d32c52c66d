"""Hashtags and mentions found in free text: the hand-made look-behind finds what the first
definition (one regular expression with a look-behind each) found, on random texts."""

from __future__ import annotations

import random
import re

from mixroom.pipelines.listen import items

#: the definitions as first written
_TAG_RE = re.compile(r"(?<![\w&])#(\w[\w-]*)", re.UNICODE)
_MENTION_RE = re.compile(r"(?<![\w/])@([A-Za-z0-9_][A-Za-z0-9_.-]*(?:@[A-Za-z0-9.-]+\.[a-z]+)?)")


def _tags(text: str) -> list[str]:
    return list(dict.fromkeys(tag.lower() for tag in _TAG_RE.findall(text) if tag))


def _mentions(text: str) -> list[str]:
    found = (handle.rstrip(".").lower() for handle in _MENTION_RE.findall(text))
    return list(dict.fromkeys(handle for handle in found if handle))


def test_examples() -> None:
    text = "Merci @Claire.Martin. et @bob@mastodon.social! #Museomix #musée-lab a#b &#39; x@y /@z"
    assert items.hashtags_in(text) == ["museomix", "musée-lab"]
    assert items.mentions_in(text) == ["claire.martin", "bob@mastodon.social"]
    assert items.hashtags_in("#ΜΟΥΣΕΙΟΣ") == ["μουσειος"]


def test_the_scans_find_what_the_look_behind_found() -> None:
    chance = random.Random(11)
    pieces = ["#", "@", "#tag", "@bob", "@a@b.co", "a@b.c", "x.@y.io", "&#", "/@", "_#", "-@"]
    pieces += ["#é", "@@x", "##y", "@x.", "#ΟΣ", "é@b", "#_", "@_a-b.c@d-e.fr"]
    alphabet = "abcXYZ019 _-.,:;!?@#/&\n\t'\"()éÀçßİΣς日本\u00a0\u2003①²🎨\u0301"
    for _ in range(40_000):
        text = "".join(
            chance.choice(pieces) if chance.random() < 0.35 else chance.choice(alphabet)
            for _ in range(chance.randint(0, 50))
        )
        assert items.hashtags_in(text) == _tags(text), repr(text)
        assert items.mentions_in(text) == _mentions(text), repr(text)
