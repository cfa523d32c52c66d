"""The text fingerprint that finds copies: its fast paths give the same hash as the general
one, for ASCII and other texts (stored fingerprints must not change between versions)."""

from __future__ import annotations

import hashlib
import random
import re
import unicodedata

from mixroom.pipelines.listen import items

#: the definition of the fingerprint, as first written: two regular expressions
_URL_OR_MENTION = re.compile(r"https?://\S+|(?<!\w)@\S+|^rt\s+")
_NOT_WORD = re.compile(r"[\W_]+")


def _general(text: str) -> str | None:
    folded = unicodedata.normalize("NFKC", text).lower()
    folded = _URL_OR_MENTION.sub(" ", folded)
    folded = _NOT_WORD.sub(" ", folded).strip()
    if len(folded) < items.MIN_FINGERPRINT_LENGTH:
        return None
    return hashlib.sha1(folded.encode(), usedforsecurity=False).hexdigest()


def test_copies_share_a_fingerprint() -> None:
    first = items.fingerprint("Great prototype at the museum today! https://x.co/a @alice")
    repost = items.fingerprint("RT @bob: great prototype at the MUSEUM today https://t.co/b")
    assert first is not None and first == repost
    assert items.fingerprint("short one") is None


def test_the_fast_paths_give_the_general_hash() -> None:
    chance = random.Random(7)
    pieces = ["rt", "RT ", "http://a.b/c", "https://x.y ", "@bob", "a@b", "museum", "_x_", "\t"]
    pieces += ["@@", "é@x", "@https://a", "rt\xa0", "_@y", "x@", "@\u2003z"]
    alphabet = (
        "abcXYZ019 _-.,:;!?@#/\n\r'\"()[]{}<>=+*&%$~`^|\\\x0b\x1f\x7f"
        "éÀçßİ\u00a0\u2003«»“”…–—¿¡·€™①ﬁ²ＡΣσς日本🎨\u200b\u0301"
    )
    for _ in range(40_000):
        text = "".join(
            chance.choice(pieces) if chance.random() < 0.3 else chance.choice(alphabet)
            for _ in range(chance.randint(0, 60))
        )
        assert items.fingerprint(text) == _general(text), repr(text)
    assert items.fingerprint("Café ﬁn de semaine au musée, très réussi !") == _general(
        "Café ﬁn de semaine au musée, très réussi !"
    )
