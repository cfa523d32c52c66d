"""Stored impact studies: who may see and change them, and their result from stored posts.

A study's series are the daily series of the posts about its target and its controls
(``services.series``), from the target's first post (at most ``MAX_PRE_DAYS`` before the date) to
the end of the window or the target's last post. The result is cached with the fingerprint of
those series and of the study's choices, and recomputed only when one of them changed: a new
post in the window, a gap, an edit.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, cast

import numpy as np
import sqlalchemy as sa
from sqlalchemy import func, or_, select, true, update
from sqlalchemy.orm import Session

from mixroom.analysis.impact import controls as proposals
from mixroom.analysis.impact import words
from mixroom.analysis.impact.study import estimate_impact
from mixroom.analysis.series import Table
from mixroom.errors import InvalidInput, NotAuthenticated, NotFound, PermissionDenied
from mixroom.models import Edition, Institution, Post, Site, User
from mixroom.models.studies import ImpactStudy
from mixroom.schemas.posts import PostFilters
from mixroom.schemas.studies import EntityOut, EntityRef, StudyCreate, StudyDetail, StudyOut
from mixroom.services.actors import ANY_ORGANISER, Actor, may_edit
from mixroom.services.posts import filtered
from mixroom.services.series import METRICS, get_daily_series

ENTITIES: dict[str, Any] = {"institution": Institution, "site": Site, "edition": Edition}
#: raised when the way a result is computed changes, so that cached results are recomputed
ENGINE_VERSION = "1"
MIN_PRE_DAYS = 14
MAX_PRE_DAYS = 730
MAX_WINDOW_DAYS = 3000
#: how many entities of the target's kind are tried as controls, and how many are kept
MAX_DONORS = 40
PROPOSED = 3


@dataclass(frozen=True)
class StudySeries:
    """The daily series of a study: the target's column, then one per control."""

    table: Table
    target: EntityOut
    controls: list[EntityOut]


# -- who may do what ------------------------------------------------------------------------


def may_create(actor: Actor) -> bool:
    return not actor.is_public and may_edit(actor, [ANY_ORGANISER])


def may_change(actor: Actor, study: ImpactStudy) -> bool:
    return actor.is_admin or (not actor.is_public and study.created_by_id == actor.user_id)


def _may_see(actor: Actor, study: ImpactStudy) -> bool:
    return study.public or may_change(actor, study)


def _require_create(actor: Actor) -> None:
    if actor.is_public:
        raise NotAuthenticated("sign in to make an impact study")
    if not may_create(actor):
        raise PermissionDenied("only organisers and admins make impact studies")


# -- reading --------------------------------------------------------------------------------


def list_studies(session: Session, actor: Actor) -> list[ImpactStudy]:
    """Public studies, and the actor's own (every study for an admin), newest first."""
    query = select(ImpactStudy).order_by(ImpactStudy.id.desc())
    if not actor.is_admin:
        own = ImpactStudy.created_by_id == actor.user_id if actor.user_id else ImpactStudy.public
        query = query.where(or_(ImpactStudy.public, own))
    return list(session.scalars(query))


def get_study(session: Session, actor: Actor, study_id: int) -> ImpactStudy:
    """The study, or NotFound when it does not exist or is private to someone else."""
    study = session.get(ImpactStudy, study_id)
    if study is None or not _may_see(actor, study):
        raise NotFound(f"no impact study {study_id}")
    return study


def entity(session: Session, ref: EntityRef | dict[str, Any]) -> EntityOut:
    """An institution, site or edition by reference, with its name."""
    kind, record_id = (ref.kind, ref.id) if isinstance(ref, EntityRef) else (ref["kind"], ref["id"])
    model = ENTITIES.get(kind)
    record = session.get(model, record_id) if model is not None else None
    if record is None:
        raise InvalidInput(f"no {kind} {record_id}")
    return EntityOut(kind=kind, id=record_id, name=record.name)


def target_choices(session: Session) -> dict[str, list[tuple[int, str]]]:
    """The entities a study can be about, by kind: those that stored posts name."""
    linked = _linked_ids(session)
    choices: dict[str, list[tuple[int, str]]] = {}
    for kind, model in ENTITIES.items():
        ids = linked[kind]
        rows = session.execute(
            select(model.id, model.name).where(model.id.in_(ids)).order_by(model.name)
        )
        choices[kind] = [(row[0], row[1]) for row in rows] if ids else []
    return choices


def _linked_ids(session: Session) -> dict[str, set[int]]:
    """Ids of the entities stored posts name (in their entities, or as their author)."""
    found: dict[str, set[int]] = {kind: set() for kind in ENTITIES}
    authors = select(Post.author_institution_id).where(Post.author_institution_id.is_not(None))
    found["institution"].update(session.scalars(authors.distinct()))
    postgres = session.get_bind().dialect.name == "postgresql"
    elements = (func.json_array_elements if postgres else func.json_each)(Post.entities)
    element = elements.table_valued("value")
    kind: Any
    ident: Any
    if postgres:
        kind, ident = element.c.value.op("->>")("kind"), element.c.value.op("->>")("id")
    else:
        kind = func.json_extract(element.c.value, "$.kind")
        ident = func.json_extract(element.c.value, "$.id")
    query = select(kind, ident).select_from(Post).join(element, true()).distinct()
    for name, value in session.execute(query):
        if name in found and value is not None:
            found[name].add(int(float(value)))
    return found


def describe(session: Session, study: ImpactStudy) -> StudyOut:
    return StudyOut(**_summary(session, study))


def _summary(session: Session, study: ImpactStudy) -> dict[str, Any]:
    author = session.get(User, study.created_by_id) if study.created_by_id else None
    return {
        "id": study.id,
        "version": study.version,
        "title": study.title,
        "target": _named(session, {"kind": study.target_kind, "id": study.target_id}),
        "metric": study.metric,
        "start": study.start,
        "end": study.end,
        "control_mode": study.control_mode,
        "controls": [_named(session, ref) for ref in study.controls],
        "public": study.public,
        "created_by": author.username if author else None,
        "created_at": study.created_at,
        "updated_at": study.updated_at,
        "computed_at": study.computed_at,
    }


def _named(session: Session, ref: dict[str, Any]) -> EntityOut:
    try:
        return entity(session, ref)
    except InvalidInput:  # deleted since: the study still says what it was about
        return EntityOut(kind=ref["kind"], id=ref["id"], name=f"{ref['kind']} {ref['id']}")


# -- writing --------------------------------------------------------------------------------


def _apply(session: Session, study: ImpactStudy, data: StudyCreate) -> None:
    entity(session, data.target)
    for ref in data.controls:
        entity(session, ref)
    study.title = data.title
    study.target_kind, study.target_id = data.target.kind, data.target.id
    study.metric = data.metric
    study.start, study.end = data.start, data.end
    study.control_mode = data.control_mode
    study.controls = [ref.model_dump() for ref in data.controls]
    study.public = data.public


def create_study(session: Session, actor: Actor, data: StudyCreate) -> ImpactStudy:
    """A new study, computed at once so that inputs the data cannot support are refused."""
    _require_create(actor)
    study = ImpactStudy(created_by_id=actor.user_id, controls=[])
    _apply(session, study, data)
    session.add(study)
    session.flush()
    compute(session, study)
    return study


def update_study(session: Session, actor: Actor, study_id: int, data: StudyCreate) -> ImpactStudy:
    study = get_study(session, actor, study_id)
    if not may_change(actor, study):
        raise PermissionDenied("only the study's author and admins may change it")
    _apply(session, study, data)
    session.flush()
    compute(session, study)
    return study


def delete_study(session: Session, actor: Actor, study_id: int) -> None:
    study = get_study(session, actor, study_id)
    if not may_change(actor, study):
        raise PermissionDenied("only the study's author and admins may delete it")
    session.delete(study)
    session.flush()


# -- series and result ----------------------------------------------------------------------


def _filters(ref: EntityOut) -> PostFilters:
    return PostFilters.model_validate({ref.kind: ref.id})


def _window(session: Session, study: ImpactStudy, target: EntityOut) -> tuple[date, date]:
    """From the target's first post (at most MAX_PRE_DAYS before the date) to the end."""
    query = filtered(session, _filters(target)).with_only_columns(
        func.min(Post.created_at), func.max(Post.created_at)
    )
    first, last = session.execute(query).one()
    if first is None or last is None:
        raise InvalidInput(f"there are no stored posts about {target.name}: collect some first")
    first_day = max(_day(first), study.start - timedelta(MAX_PRE_DAYS))
    last_day = study.end or _day(last)
    if study.start <= _day(first):
        raise InvalidInput(
            f"the date {study.start} is outside the data: the first post about "
            f"{target.name} is from {_day(first)}"
        )
    if last_day < study.start:
        raise InvalidInput(
            f"the date {study.start} is outside the data: the last post about "
            f"{target.name} is from {_day(last)}"
        )
    if (study.start - first_day).days < MIN_PRE_DAYS:
        raise InvalidInput(
            f"the period before the date is too short: {(study.start - first_day).days} days "
            f"of posts about {target.name}, at least {MIN_PRE_DAYS} are needed"
        )
    last_day = min(last_day, first_day + timedelta(MAX_WINDOW_DAYS))
    return first_day, last_day


def _day(moment: datetime) -> date:
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC).date()


def _series(session: Session, ref: EntityOut, metric: str, first: date, last: date) -> Any:
    return get_daily_series(session, _filters(ref), first, last).columns[metric]


def get_study_series(session: Session, study: ImpactStudy) -> StudySeries:
    """The target's and the controls' daily series over the study's window."""
    if study.metric not in METRICS:
        raise InvalidInput(f"unknown metric '{study.metric}'")
    target = entity(session, {"kind": study.target_kind, "id": study.target_id})
    first, last = _window(session, study, target)
    columns = {target.name: _series(session, target, study.metric, first, last)}
    dates = np.datetime64(first, "D") + np.arange((last - first).days + 1).astype("timedelta64[D]")
    if study.control_mode == "proposed":
        chosen = _propose(session, study, target, columns[target.name], first, last)
    elif study.control_mode == "chosen":
        chosen = [entity(session, ref) for ref in study.controls]
    else:
        chosen = []
    controls = []
    for ref in chosen:
        name = ref.name if ref.name not in columns else f"{ref.name} ({ref.kind} {ref.id})"
        columns[name] = _series(session, ref, study.metric, first, last)
        controls.append(EntityOut(kind=ref.kind, id=ref.id, name=name))
    return StudySeries(Table(dates, columns), target, controls)


def _donors(session: Session, target: EntityOut) -> list[EntityOut]:
    model = ENTITIES[target.kind]
    ids = _linked_ids(session)[target.kind] - {target.id}
    query = select(model.id, model.name).where(model.id.in_(ids)).order_by(model.id)
    if target.kind == "institution":
        kind = session.scalar(select(Institution.kind).where(Institution.id == target.id))
        query = query.where(Institution.kind == kind)
    if not ids:
        return []
    rows = session.execute(query.limit(MAX_DONORS))
    return [EntityOut(kind=target.kind, id=row[0], name=row[1]) for row in rows]


def _propose(
    session: Session, study: ImpactStudy, target: EntityOut, values: Any, first: date, last: date
) -> list[EntityOut]:
    """The entities of the target's kind whose series follow it most closely before the date."""
    donors = _donors(session, target)
    series = [_series(session, ref, study.metric, first, last) for ref in donors]
    pre = np.arange(values.size) < (study.start - first).days
    kept = [i for i, s in enumerate(series) if np.nansum(np.abs(s[pre])) > 0]
    if not kept:
        raise InvalidInput(
            f"no other {target.kind} has posts before {study.start} to serve as a control: "
            "choose controls, or none"
        )
    matrix = np.stack([series[i] for i in kept])
    best = proposals.top_correlated(values, matrix, pre, PROPOSED)
    return [donors[kept[i]] for i in best]


def fingerprint(study: ImpactStudy, series: StudySeries) -> str:
    """A hash of everything the result depends on."""
    table = series.table
    payload = {
        "engine": ENGINE_VERSION,
        "start": study.start.isoformat(),
        "end": study.end.isoformat() if study.end else None,
        "first": str(table.dates[0]),
        "controls": [ref.model_dump() for ref in series.controls],
        "columns": {name: _plain(values.tolist()) for name, values in table.columns.items()},
    }
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def _plain(value: Any) -> Any:
    """JSON without NaN or infinities (PostgreSQL's JSON refuses them): None instead."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


def compute(session: Session, study: ImpactStudy) -> dict[str, Any]:
    """The study's result, recomputed only when its series or choices changed."""
    series = get_study_series(session, study)
    key = fingerprint(study, series)
    if study.fingerprint == key and study.result is not None:
        cached: dict[str, Any] = study.result
        return cached
    names = [ref.name for ref in series.controls]
    result = estimate_impact(
        series.table, series.target.name, study.start, controls=names, end=study.end
    )
    data: dict[str, Any] = _plain(result.to_dict())
    data["summary"] = {code: words.summarise(result, code) for code in words.LANGUAGES}
    data["used_controls"] = [ref.model_dump() for ref in series.controls]
    # the cache is not an edit: written past the version counter and ``updated_at``, so that
    # a reader never makes an editor's form stale, and two first readers never collide
    table = cast(sa.Table, ImpactStudy.__table__)
    session.execute(
        update(table)
        .where(table.c.id == study.id)
        .values(
            result=data,
            fingerprint=key,
            computed_at=datetime.now(UTC),
            updated_at=table.c.updated_at,
        )
    )
    session.expire(study, ["result", "fingerprint", "computed_at"])
    return data


def get_study_detail(session: Session, actor: Actor, study_id: int) -> StudyDetail:
    """The study and its (possibly recomputed) result, or the reason it has none."""
    study = get_study(session, actor, study_id)
    try:
        data: dict[str, Any] | None = compute(session, study)
        error = None
    except InvalidInput as caught:
        data, error = None, caught.detail
    used = (data or {}).get("used_controls", [])
    return StudyDetail(
        **_summary(session, study),
        used_controls=[EntityOut.model_validate(ref) for ref in used],
        result=data,
        error=error,
    )
