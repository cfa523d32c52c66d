"""What the prototype page needs to show a field in the reader's language and edit links.

Registered as template globals: ``localised`` picks a field's text in the reader's language,
falling back to the original (and saying so); ``can_edit`` answers from the page's own view
whether the signed-in actor may change the prototype (the services check again on every write).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jinja2 import Environment

from mixroom.services.actors import Actor, Scope, may_edit


@dataclass(frozen=True)
class Localised:
    text: str
    language: str
    #: True when the reader asked for another language and this is the original text
    is_fallback: bool


def localised(prototype: dict[str, Any], field: str, language: str | None) -> Localised:
    """The field in ``language`` when a translation exists, else the original."""
    original = prototype["language"]
    wanted = language or original
    if wanted != original:
        text = prototype["translations"].get(wanted, {}).get(field)
        if text:
            return Localised(text, wanted, False)
    value = prototype.get(field) or ""
    return Localised(value, original, wanted != original and bool(value))


def can_edit(actor: Actor | None, view: Any) -> bool:
    """Whether the actor may change the prototype of a ``PrototypeView``."""
    if actor is None or actor.is_public:
        return False
    chain: list[Scope] = []
    if view.team:
        chain.append(("teams", view.team["id"]))
    if view.site:
        chain.append(("sites", view.site["id"]))
        if view.site.get("community_id"):
            chain.append(("communities", view.site["community_id"]))
    if view.network:
        chain.append(("networks", view.network["id"]))
    return may_edit(actor, chain)


def install(env: Environment) -> None:
    env.globals["localised"] = localised
    env.globals["can_edit"] = can_edit
