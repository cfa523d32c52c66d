"""Generic reading and writing of records, driven by a declarative ``Resource`` per noun.

Each noun's module (``services/prototypes.py``...) declares its ``Resource``: the model, its
input and output shapes, its filters, its scope chain for permissions and its visibility rule.
The functions here do the rest the same way for every noun: cursor pagination with a total in a
stable order, optimistic concurrency on a version, history, and domain errors.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from pydantic import BaseModel
from sqlalchemy import ColumnElement, Select, func, inspect, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from mixroom.errors import Conflict, InvalidInput, NotFound, StaleVersion
from mixroom.models import Base, Record
from mixroom.models.base import utcnow
from mixroom.services.actors import Actor, Scope, require_edit
from mixroom.services.filters import FilterFn
from mixroom.services.history import record_revision
from mixroom.slugs import slugify

M = TypeVar("M", bound=Record)


def _everyone(_actor: Actor) -> ColumnElement[bool] | None:
    return None


def _always(_session: Session, _actor: Actor, _record: Any) -> bool:
    return True


@dataclass(frozen=True)
class Resource(Generic[M]):
    """How one noun is read and written."""

    noun: str
    title: str
    model: type[M]
    out: type[BaseModel]
    create: type[BaseModel]
    update: type[BaseModel]
    chain: Callable[[Session, M], list[Scope]]
    filters: Mapping[str, FilterFn] = field(default_factory=dict)
    #: SQL condition restricting what an actor may list; None: everything
    visible_to: Callable[[Actor], ColumnElement[bool] | None] = _everyone
    #: the same rule for one loaded record
    is_visible: Callable[[Session, Actor, M], bool] = _always
    #: input fields that are not plain columns, handled by ``assign``
    special: frozenset[str] = frozenset()
    assign: Callable[[Session, M, dict[str, Any]], None] | None = None
    render: Callable[[M], dict[str, Any]] | None = None
    #: the column a generated slug must be unique within (``""``: globally)
    slug_within: str | None = None
    slug_from: str = "name"

    def to_out(self, record: M) -> dict[str, Any]:
        if self.render is not None:
            return self.render(record)
        return self.out.model_validate(record).model_dump(mode="json")


@dataclass
class Listing(Generic[M]):
    items: list[M]
    total: int
    limit: int
    next_cursor: str | None


def list_records(
    session: Session,
    resource: Resource[M],
    actor: Actor,
    filters: Mapping[str, str],
    *,
    cursor: str | None = None,
    limit: int = 50,
) -> Listing[M]:
    """One page of the records the actor may see, matching the filters, in id order."""
    query: Select[M] = select(resource.model)
    for name, value in filters.items():
        make = resource.filters.get(name)
        if make is None:
            known = ", ".join(sorted(resource.filters)) or "none"
            raise InvalidInput(f"unknown filter {name!r} for {resource.noun} (known: {known})")
        query = query.where(make(value))
    restriction = resource.visible_to(actor)
    if restriction is not None:
        query = query.where(restriction)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    after = decode_cursor(cursor) if cursor else 0
    rows = list(
        session.scalars(
            query.where(resource.model.id > after).order_by(resource.model.id).limit(limit + 1)
        )
    )
    has_more = len(rows) > limit
    items = rows[:limit]
    next_cursor = encode_cursor(items[-1].id) if has_more and items else None
    return Listing(items=items, total=total, limit=limit, next_cursor=next_cursor)


def encode_cursor(last_id: int) -> str:
    raw = json.dumps({"after": last_id}).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        after = json.loads(base64.urlsafe_b64decode(padded))["after"]
    except (ValueError, KeyError, TypeError, binascii.Error) as error:
        raise InvalidInput(f"invalid cursor {cursor!r}") from error
    if not isinstance(after, int) or after < 0:
        raise InvalidInput(f"invalid cursor {cursor!r}")
    return after


def get_record(session: Session, resource: Resource[M], actor: Actor, record_id: int) -> M:
    """The record, or NotFound when it does not exist or the actor may not see it."""
    record = session.get(resource.model, record_id)
    if record is None or not resource.is_visible(session, actor, record):
        raise NotFound(f"no {resource.title} with id {record_id}")
    return record


def create_record(session: Session, resource: Resource[M], actor: Actor, data: BaseModel) -> M:
    values = data.model_dump(exclude_unset=True, mode="json")
    extra = {name: values.pop(name) for name in list(values) if name in resource.special}
    columns = {name: value for name, value in values.items() if value is not None}
    _check_references(session, resource.model, columns)
    record = resource.model(**columns)
    require_edit(actor, resource.chain(session, record), f"a {resource.title} here")
    if resource.slug_within is not None and not getattr(record, "slug", None):
        record.slug = unique_slug(session, resource, record)  # type: ignore[attr-defined]
    session.add(record)
    if resource.assign is not None:
        resource.assign(session, record, extra)
    _flush(session, resource)
    record_revision(session, resource.noun, record, "create", resource.to_out(record), actor)
    return record


def update_record(
    session: Session,
    resource: Resource[M],
    actor: Actor,
    record_id: int,
    data: BaseModel,
    if_match: str | None = None,
) -> M:
    record = get_record(session, resource, actor, record_id)
    check_if_match(record, if_match)
    require_edit(actor, resource.chain(session, record), f"this {resource.title}")
    values = data.model_dump(exclude_unset=True, mode="json")
    extra = {name: values.pop(name) for name in list(values) if name in resource.special}
    _check_nulls(resource.model, values)
    _check_references(session, resource.model, values)
    with session.no_autoflush:  # one UPDATE, so one new version, however many look-ups
        for name, value in values.items():
            setattr(record, name, value)
        # always an UPDATE, so the version moves even when only links (topics...) change
        record.updated_at = utcnow()
        if values:
            # a move to another site or team needs the right to edit there too
            require_edit(actor, resource.chain(session, record), f"this {resource.title} there")
        if resource.assign is not None:
            resource.assign(session, record, extra)
    _flush(session, resource)
    record_revision(session, resource.noun, record, "update", resource.to_out(record), actor)
    return record


def delete_record(
    session: Session,
    resource: Resource[M],
    actor: Actor,
    record_id: int,
    if_match: str | None = None,
) -> None:
    """Delete the record; its last state stays in the history."""
    record = get_record(session, resource, actor, record_id)
    check_if_match(record, if_match)
    require_edit(actor, resource.chain(session, record), f"this {resource.title}")
    record_revision(session, resource.noun, record, "delete", resource.to_out(record), actor)
    session.delete(record)
    _flush(session, resource)


def check_if_match(record: Record, if_match: str | None) -> None:
    """Refuse a write based on another version than the current one."""
    if if_match is None or if_match.strip() == "*":
        return
    tags = {tag.strip().removeprefix("W/") for tag in if_match.split(",")}
    if record.etag not in tags:
        raise StaleVersion(
            f"this {record.noun.rstrip('s')} changed since you read it "
            f"(now version {record.version}): reload it and apply your change again",
            etag=record.etag,
        )


def unique_slug(session: Session, resource: Resource[M], record: M) -> str:
    base = slugify(str(getattr(record, resource.slug_from, "") or ""))
    slug_column = resource.model.slug  # type: ignore[attr-defined]
    query = select(slug_column).where(slug_column.like(f"{base}%"))
    if resource.slug_within:
        scope = getattr(resource.model, resource.slug_within)
        query = query.where(scope == getattr(record, resource.slug_within))
    taken = set(session.scalars(query))
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def _flush(session: Session, resource: Resource[Any]) -> None:
    try:
        session.flush()
    except StaleDataError as error:
        raise StaleVersion(
            f"this {resource.title} was changed by someone else meanwhile"
        ) from error
    except IntegrityError as error:
        # the edge that owns the transaction rolls it back
        raise Conflict(
            f"this {resource.title} would duplicate an existing one or break a link"
        ) from error


def _check_nulls(model: type[Record], values: Mapping[str, Any]) -> None:
    columns = inspect(model).columns
    for name, value in values.items():
        if value is None and name in columns and not columns[name].nullable:
            raise InvalidInput(f"{name} may not be empty", errors=[{"field": name}])


def _check_references(session: Session, model: type[Record], values: Mapping[str, Any]) -> None:
    """Ids given for foreign keys must name existing records (a 422, not a database error)."""
    columns = inspect(model).columns
    for name, value in values.items():
        if value is None or name not in columns:
            continue
        for foreign_key in columns[name].foreign_keys:
            target = _model_of_table(foreign_key.column.table.name)
            if target is not None and session.get(target, value) is None:
                noun = name.removesuffix("_id").replace("_", " ")
                raise InvalidInput(f"no {noun} with id {value}", errors=[{"field": name}])


def _model_of_table(table: str) -> type[Any] | None:
    for mapper in Base.registry.mappers:
        if getattr(mapper.local_table, "name", None) == table:
            return mapper.class_
    return None
