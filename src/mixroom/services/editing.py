"""Editing a prototype section by section: readable diffs of its history, restore, translations.

Every write goes through ``update_record`` of the prototype resource, so permissions, the
If-Match version check and the history are the same as in the API.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mixroom.errors import InvalidInput, NotFound
from mixroom.models import Playground, Prototype, Revision
from mixroom.models.prototypes import TRANSLATABLE_FIELDS
from mixroom.schemas.prototypes import PrototypeUpdate
from mixroom.services.actors import Actor
from mixroom.services.history import list_revisions
from mixroom.services.prototypes import PROTOTYPES
from mixroom.services.records import get_record, update_record

#: snapshot keys that are bookkeeping, not content
SKIPPED = frozenset({"id", "version", "created_at", "updated_at"})
_WORDS = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class Piece:
    """A run of a diff: ``same``, ``added`` or ``removed`` text."""

    kind: str
    text: str


@dataclass(frozen=True)
class FieldChange:
    field: str
    pieces: list[Piece]


@dataclass(frozen=True)
class RevisionView:
    revision: Revision
    changes: list[FieldChange]


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(_as_text(item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{key}: {_as_text(item)}" for key, item in sorted(value.items()))
    return str(value)


def word_diff(old: str, new: str) -> list[Piece]:
    """The words removed and added between two texts, with the unchanged ones between."""
    before, after = _WORDS.findall(old), _WORDS.findall(new)
    pieces: list[Piece] = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pieces.append(Piece("same", "".join(before[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(Piece("removed", "".join(before[i1:i2])))
        if j2 > j1:
            pieces.append(Piece("added", "".join(after[j1:j2])))
    return pieces


def diff_snapshots(old: dict[str, Any], new: dict[str, Any]) -> list[FieldChange]:
    """Each field that differs between two snapshots, as a word diff."""
    changes = []
    for field in new:
        if field in SKIPPED or old.get(field) == new.get(field):
            continue
        pieces = word_diff(_as_text(old.get(field)), _as_text(new.get(field)))
        changes.append(FieldChange(field, pieces))
    return changes


def list_prototype_history(session: Session, actor: Actor, prototype_id: int) -> list[RevisionView]:
    """The prototype's revisions, newest first, each with what it changed."""
    get_record(session, PROTOTYPES, actor, prototype_id)
    revisions = list_revisions(session, "prototypes", prototype_id)
    views: list[RevisionView] = []
    previous: dict[str, Any] = {}
    for revision in revisions:
        views.append(RevisionView(revision, diff_snapshots(previous, revision.data)))
        previous = revision.data
    return list(reversed(views))


def restore_revision(
    session: Session, actor: Actor, prototype_id: int, revision_id: int
) -> Prototype:
    """Make the prototype as it was in one revision; the restore is itself a new revision."""
    revision = session.get(Revision, revision_id)
    if revision is None or (revision.noun, revision.record_id) != ("prototypes", prototype_id):
        raise NotFound(f"no revision {revision_id} of prototype {prototype_id}")
    fields = set(PrototypeUpdate.model_fields)
    values = {key: value for key, value in revision.data.items() if key in fields}
    values = {key: value for key, value in values.items() if value is not None or key == "team_id"}
    try:
        data = PrototypeUpdate.model_validate(values)
    except ValueError as error:
        raise InvalidInput(f"this revision cannot be restored: {error}") from error
    return update_record(session, PROTOTYPES, actor, prototype_id, data)


def save_translation(
    session: Session,
    actor: Actor,
    prototype_id: int,
    language: str,
    texts: dict[str, str],
    if_match: str | None = None,
) -> Prototype:
    """Set the translation of some fields into one language; an empty text removes one."""
    prototype = get_record(session, PROTOTYPES, actor, prototype_id)
    if language == prototype.language:
        raise InvalidInput(
            f"{language} is the original language: edit the text itself",
            errors=[{"field": "language"}],
        )
    current: dict[str, dict[str, str]] = {}
    for translation in prototype.translations:
        current.setdefault(translation.language, {})[translation.field] = translation.text
    fields = dict(current.get(language, {}))
    for field, text in texts.items():
        if field not in TRANSLATABLE_FIELDS:
            raise InvalidInput(f"{field} is not translatable", errors=[{"field": field}])
        if text.strip():
            fields[field] = text.strip()
        else:
            fields.pop(field, None)
    current[language] = fields
    current = {code: values for code, values in current.items() if values}
    try:
        data = PrototypeUpdate.model_validate({"translations": current})
    except ValueError as error:
        raise InvalidInput(str(error), errors=[{"field": "language"}]) from error
    return update_record(session, PROTOTYPES, actor, prototype_id, data, if_match)


def list_site_playgrounds(session: Session, site_id: int | None) -> list[Playground]:
    """The playgrounds (the museum's challenges) of a site, to choose the prototype's from."""
    if site_id is None:
        return []
    query = select(Playground).where(Playground.site_id == site_id).order_by(Playground.title)
    return list(session.scalars(query))


def check_playground(session: Session, site_id: int | None, playground_id: int | None) -> None:
    """InvalidInput unless the playground is one of the site's (or none is chosen)."""
    if playground_id is None:
        return
    if playground_id not in {p.id for p in list_site_playgrounds(session, site_id)}:
        raise InvalidInput(
            "choose one of the site's playgrounds", errors=[{"field": "playground_id"}]
        )
