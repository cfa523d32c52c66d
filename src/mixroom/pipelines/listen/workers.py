"""Prepare the posts of a large NDJSON file on a pool of processes while this one writes.

This process reads blocks of whole lines (a C-speed read and a newline count, nothing split or
parsed) and hands them out; each worker splits, parses, maps, pseudonymises and serialises its
block (``prepare_batch``) and sends back only ``Prepared`` tuples. Blocks come back in file
order, so the first of two items with the same id is still the one kept, and at most two blocks
per worker are in flight, so memory stays flat in the file's size.
"""

from __future__ import annotations

import gc
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Any, NamedTuple

from mixroom.pipelines.importers.posts.ndjson import (
    BLOCK_BYTES,
    Block,
    block_lines,
    parse_line,
    read_blocks,
)
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


def _prepare(name: str, total: int, block: Block) -> _Sent:
    worker = _worker[0]
    raws = (parse_line(name, line, total) for line in block_lines(block))
    batch = prepare_batch(raws, worker.map_item, worker.pseudonymiser, sqlite=worker.sqlite)
    # plain tuples pickle and unpickle in about half the time of named ones
    return [tuple(post) for post in batch.posts], batch.problems, batch.read


def _received(sent: _Sent) -> PreparedBatch:
    posts, problems, read = sent
    new = tuple.__new__
    return PreparedBatch([new(Prepared, post) for post in posts], problems, read)


def prepared_batches(
    path: Path,
    importer: str,
    *,
    secret: str,
    accounts: dict[tuple[str, str], int],
    sqlite: bool,
    workers: int,
    block_bytes: int = BLOCK_BYTES,
) -> Iterator[tuple[PreparedBatch, int, int]]:
    """The prepared blocks of ``path`` in file order, each with the bytes read so far and
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
            for block in read_blocks(stream, size=block_bytes):
                pending.append((pool.submit(_prepare, path.name, total, block), block.done))
                if len(pending) >= 2 * workers:
                    future, done = pending.popleft()
                    yield _received(future.result()), done, total
        while pending:
            future, done = pending.popleft()
            yield _received(future.result()), done, total
        failed = False
    finally:
        pool.shutdown(wait=True, cancel_futures=failed)
