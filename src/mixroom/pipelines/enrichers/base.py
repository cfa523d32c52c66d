"""What every enricher shares: the result of one text and the text clean-up before models.

An :class:`Enrichment` has exactly the fields the ``Post`` model stores, so the store side is a
plain copy. Entity links are :class:`EntityLink` dictionaries (JSON as stored).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal, TypedDict

#: the languages of the network (the interface's languages): detection prefers them
NETWORK_LANGUAGES: tuple[str, ...] = ("en", "fr", "es", "ca", "it", "de", "nl", "pt")

Sentiment = Literal["positive", "neutral", "negative"]
SENTIMENTS: tuple[Sentiment, ...] = ("negative", "neutral", "positive")


class EntityLink(TypedDict):
    kind: Literal["institution", "site", "edition", "prototype"]
    id: int
    text: str
    how: Literal["mention", "hashtag", "url", "name"]


@dataclass(frozen=True, slots=True)
class Enrichment:
    """Everything enrichment says about one text."""

    language: str | None
    language_score: float | None
    sentiment: Sentiment | None
    sentiment_score: float | None
    topics: dict[str, float] = field(default_factory=dict)
    entities: list[EntityLink] = field(default_factory=list)


URL = re.compile(r"https?://\S+|www\.\S+", re.IGNORECASE)
MENTION = re.compile(r"(?<![\w@])@[\w.-]+(?:@[\w.-]+\.\w+)?")
HASHTAG = re.compile(r"(?<![\w#])#(\w+)")
_SPACES = re.compile(r"\s+")


def clean_text(text: str, *, keep_hashtag_words: bool = True, limit: int = 600) -> str:
    """The words a model should read: no URLs or @handles; hashtags as plain words.

    ``#RéalitéVirtuelle`` keeps its word (it carries meaning), the ``#`` goes. Long texts are
    cut at ``limit`` characters: the first few sentences decide language, topic and tone of a
    post, and the cost of the embedding grows with the length.
    """
    text = URL.sub(" ", text)
    text = MENTION.sub(" ", text)
    text = HASHTAG.sub(r"\1" if keep_hashtag_words else " ", text)
    return _SPACES.sub(" ", text).strip()[:limit]
