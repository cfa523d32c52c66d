from __future__ import annotations

from typing import Annotated, Literal

from pydantic import StringConstraints

from mixroom.schemas.base import InModel, LanguageCode, OutModel

Code = Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z0-9-]{0,19}$")]
Framework = Annotated[str, StringConstraints(pattern=r"^[a-z0-9-]{1,80}$")]
Texts = dict[LanguageCode, Annotated[str, StringConstraints(max_length=5000)]]


class TopicCreate(InModel):
    network_id: int | None = None
    framework: Framework = "we-are-museums"
    kind: Literal["topic", "goal"] = "topic"
    code: Code
    names: Texts
    descriptions: Texts = {}
    keywords: dict[LanguageCode, list[str]] = {}


class TopicUpdate(InModel):
    kind: Literal["topic", "goal"] | None = None
    names: Texts | None = None
    descriptions: Texts | None = None
    keywords: dict[LanguageCode, list[str]] | None = None


class TopicOut(OutModel):
    network_id: int | None
    framework: str
    kind: str
    code: str
    names: dict[str, str]
    descriptions: dict[str, str]
    keywords: dict[str, list[str]]
