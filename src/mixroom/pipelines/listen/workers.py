"""Prepare the posts of a large NDJSON file on a pool of processes while this one writes.

This process reads lines (a C-speed ``readline``, nothing parsed) and hands them out in batches;
each worker parses, maps, pseudonymises and serialises its batch (``prepare_batch``) and sends
back only ``Prepared`` tuples. Batches come back in file order, so the first of two items with
the same id is still the one kept, and at most two batches per worker are in flight, so memory
stays flat in the file's size.
"""

from __future__ import annotations

import gc
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Any, NamedTuple

from mixroom.pipelines.importers.posts.ndjson import Line, parse_line, read_lines
from mixroom.pipelines.importers.posts.registry import get_post_importer
from mixroom.pipelines.listen.prepare import (
    Mapper,
    Prepared,
    PreparedBatch,
    Problem,
    prepare_batch,
)
from mixroom.pipelines.listen.privacy import Pseudonymiser


class _Worker(NamedTuple):
    map_item: Mapper
    pseudonymiser: Pseudonymiser
    sqlite: bool


_worker: list[_Worker] = []
_Sent = tuple[list[tuple[Any, ...]], list[Problem], int]


def _start(importer: str, secret: str, accounts: dict[tuple[str, str], int], sqlite: bool) -> None:
    # the batches' objects die by reference counting; the cyclic collector would only walk
    # every live object again and again (about a sixth of the time of a big import)
    gc.disable()
    _worker.append(
        _Worker(get_post_importer(importer).map_item, Pseudonymiser(secret, accounts), sqlite)
    )


def _prepare(name: str, total: int, lines: list[Line]) -> _Sent:
    worker = _worker[0]
    raws = (parse_line(name, line, total) for line in lines)
    batch = prepare_batch(raws, worker.map_item, worker.pseudonymiser, sqlite=worker.sqlite)
    # plain tuples pickle and unpickle in about half the time of named ones
    return [tuple(post) for post in batch.posts], batch.problems, batch.read


def _received(sent: _Sent) -> PreparedBatch:
    posts, problems, read = sent
    return PreparedBatch([Prepared._make(post) for post in posts], problems, read)


def prepared_batches(
    path: Path,
    importer: str,
    *,
    secret: str,
    accounts: dict[tuple[str, str], int],
    sqlite: bool,
    workers: int,
    batch_size: int,
) -> Iterator[tuple[PreparedBatch, int, int]]:
    """The prepared batches of ``path`` in file order, each with the bytes read so far and
    the file's size."""
    total = path.stat().st_size
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=get_context("spawn"),
        initializer=_start,
        initargs=(importer, secret, accounts, sqlite),
    )
    pending: deque[tuple[Future[_Sent], int]] = deque()
    failed = True
    try:
        with path.open("rb") as stream:
            batch: list[Line] = []
            for line in read_lines(stream):
                batch.append(line)
                if len(batch) >= batch_size:
                    pending.append((pool.submit(_prepare, path.name, total, batch), line.done))
                    batch = []
                    if len(pending) >= 2 * workers:
                        future, done = pending.popleft()
                        yield _received(future.result()), done, total
            if batch:
                pending.append((pool.submit(_prepare, path.name, total, batch), total))
        while pending:
            future, done = pending.popleft()
            yield _received(future.result()), done, total
        failed = False
    finally:
        pool.shutdown(wait=True, cancel_futures=failed)
