"""From a raw item to the row the store takes: map, pseudonymise, serialise, fingerprint.

This is the part of an import that costs CPU and needs no database, so it can run in worker
processes (``pipelines.listen.workers``) while the main process writes. What crosses between
processes is a ``Prepared`` tuple and the problems met, never the raw item's objects.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any, NamedTuple

import orjson

from mixroom.pipelines.fields import RowError
from mixroom.pipelines.listen.items import PostItem, fingerprint
from mixroom.pipelines.listen.privacy import ProtectedPost, Pseudonymiser
from mixroom.pipelines.readers import RawItem

Mapper = Callable[[RawItem], PostItem]

#: the insert's columns a post brings (the run's own are written in the statement: ``writer``)
POST_COLUMNS = (
    "collected_at",
    "platform",
    "external_id",
    "url",
    "author",
    "author_institution_id",
    "text",
    "created_at",
    "reply_to",
    "thread_id",
    "mentions",
    "hashtags",
    "links",
    "metrics",
    "raw",
    "text_hash",
)


class Problem(NamedTuple):
    """Something wrong with one item, where it was read; ``kept`` when the post was kept."""

    place: str
    reason: str
    kept: bool = False


class Prepared(NamedTuple):
    """A protected post reduced to what the store needs: ``values`` in ``POST_COLUMNS`` order
    (all that crosses between processes), and where it was read."""

    place: str
    values: tuple[Any, ...]

    @property
    def platform(self) -> str:
        return str(self.values[_PLATFORM])

    @property
    def external_id(self) -> str:
        return str(self.values[_EXTERNAL_ID])

    @property
    def text(self) -> str:
        return str(self.values[_TEXT])

    @property
    def raw_json(self) -> str:
        return str(self.values[_RAW])

    @property
    def metrics(self) -> dict[str, int]:
        found: dict[str, int] = orjson.loads(self.values[_METRICS])
        return found


_PLATFORM, _EXTERNAL_ID, _TEXT, _METRICS, _RAW = (
    POST_COLUMNS.index(name) for name in ("platform", "external_id", "text", "metrics", "raw")
)


class PreparedBatch(NamedTuple):
    """What a batch of raw items gave: its posts, its problems, how many items it read."""

    posts: list[Prepared]
    problems: list[Problem]
    read: int


def prepare_batch(
    raws: Iterable[RawItem], map_item: Mapper, pseudonymiser: Pseudonymiser, *, sqlite: bool
) -> PreparedBatch:
    """Prepare every raw item of a batch; a bad one becomes a problem and the rest go on."""
    posts: list[Prepared] = []
    problems: list[Problem] = []
    read = 0
    collected = store_moment(datetime.now(UTC), sqlite=sqlite)
    for raw in raws:
        place = f"{raw.file}:{raw.line}"
        if raw.kind == "note":
            problems.append(Problem(place, raw.error or "", kept=True))
            continue
        read += 1
        if raw.error is not None:
            problems.append(Problem(place, raw.error))
            continue
        try:
            item = map_item(raw)
        except RowError as error:
            problems.append(Problem(place, str(error)))
            continue
        except (KeyError, TypeError, ValueError, AttributeError, IndexError) as error:
            # a platform changed its layout: say where and what, keep going
            reason = f"unexpected item layout ({type(error).__name__}: {error})"
            problems.append(Problem(place, reason))
            continue
        problems.extend(Problem(place, note, kept=True) for note in item.notes)
        posts.append(prepare(pseudonymiser.protect(item), place, collected, sqlite=sqlite))
    return PreparedBatch(posts, problems, read)


def prepare(post: ProtectedPost, place: str, collected: Any, *, sqlite: bool) -> Prepared:
    """The row of ``post``, collected at the moment ``collected`` (as ``store_moment`` gives)."""
    item = post.item
    dumps = orjson.dumps
    external_id = post.external_id[:500]
    values = (
        collected,
        item.platform,
        external_id,
        post.url[:1000] if post.url else None,
        post.author,
        post.author_institution_id,
        post.text,
        store_moment(item.created_at, sqlite=sqlite),
        post.reply_to[:500] if post.reply_to else None,
        post.thread_id[:500] if post.thread_id else None,
        dumps(post.mentions).decode() if post.mentions else "[]",
        dumps(item.hashtags).decode() if item.hashtags else "[]",
        dumps(item.links).decode() if item.links else "[]",
        dumps(item.metrics).decode() if item.metrics else "{}",
        post.raw_json,
        fingerprint(post.text),
    )
    return Prepared(place, values)


def store_moment(moment: datetime | None, *, sqlite: bool) -> Any:
    """A moment as the driver takes it: SQLAlchemy's SQLite DATETIME layout on SQLite (so that
    comparisons on the column hold), the aware datetime elsewhere."""
    if moment is None or not sqlite:
        return moment
    if moment.tzinfo is not UTC:  # the mappers' moments are UTC already
        moment = moment.astimezone(UTC)
    return moment.replace(tzinfo=None).isoformat(" ", "microseconds")
