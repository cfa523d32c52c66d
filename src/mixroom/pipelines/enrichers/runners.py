"""Where ``enrich_texts`` runs: here, on a pool of processes (one per core), or on Dask.

Each worker, and this process while it enriches, runs one BLAS thread
(``shared/reference/nlp.md``: two threads per process collapsed on two shared cores), so the way
to use more cores is more processes. OpenBLAS reads its thread count when numpy loads, and a
spawned worker loads numpy while it unpickles its arguments, before any initializer runs; so the
pool puts ``OMP_NUM_THREADS=1`` and friends in the environment the workers are spawned with (for
the pool's lifetime, then restores it), and the initializer sets the live count too.
``EnrichmentPool.worker_threads()`` reports what each worker really runs.
Results come back in the order of the input batches.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from types import TracebackType
from typing import TYPE_CHECKING, Any

from mixroom.pipelines.enrichers.base import Enrichment
from mixroom.pipelines.enrichers.pipeline import EnrichmentContext, enrich_texts
from mixroom.pipelines.enrichers.threads import (
    THREAD_VARIABLES,
    blas_threads,
    process_threads,
    set_blas_threads,
)

if TYPE_CHECKING:
    from distributed import Client


@dataclass(frozen=True, slots=True)
class WorkerThreads:
    """What one worker runs: its process id, BLAS threads (when known) and all its threads."""

    pid: int
    blas: int | None
    process: int | None


def _warm(context: EnrichmentContext) -> None:
    """One BLAS thread, and the models loaded before the first real batch arrives."""
    set_blas_threads(1)
    enrich_texts(["warm up"], context)


def _threads(wait: float = 0.0) -> WorkerThreads:
    time.sleep(wait)  # keeps this worker busy, so that the next probe goes to another one
    return WorkerThreads(os.getpid(), blas_threads(), process_threads())


class EnrichmentPool:
    """``map`` batches of texts over ``workers`` processes (or here, when ``workers`` is 1)."""

    def __init__(self, context: EnrichmentContext, workers: int = 1) -> None:
        self.context = context
        self.workers = workers
        self._executor: Executor | None = None
        self._saved: dict[str, str | None] = {}
        self._blas: int | None = None

    def __enter__(self) -> EnrichmentPool:
        if self.workers == 1:
            # here too one BLAS thread: two collapse as soon as anything else wants a core
            self._blas = blas_threads()
            set_blas_threads(1)
        else:
            # workers are spawned lazily, on submit: the variables stay until __exit__
            self._saved = {name: os.environ.get(name) for name in THREAD_VARIABLES}
            os.environ.update(dict.fromkeys(THREAD_VARIABLES, "1"))
            self._executor = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=get_context("spawn"),
                initializer=_warm,
                initargs=(self.context,),
            )
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=error is not None)
            self._executor = None
        for name, value in self._saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        self._saved = {}
        if self._blas is not None:
            set_blas_threads(self._blas)
            self._blas = None

    def worker_threads(self) -> list[WorkerThreads]:
        """Threads of each worker, as probes sent to them find (here: of this process)."""
        if self._executor is None:
            return [_threads()]
        probes = [self._executor.submit(_threads, 0.2) for _ in range(2 * self.workers)]
        found = {probe.pid: probe for probe in (future.result() for future in probes)}
        return sorted(found.values(), key=lambda probe: probe.pid)

    def map(self, batches: Iterable[Sequence[str]]) -> Iterator[list[Enrichment]]:
        """Enriched batches in input order; at most two batches per worker are in flight."""
        if self._executor is None:
            for batch in batches:
                yield enrich_texts(batch, self.context)
            return
        pending: list[Any] = []
        for batch in batches:
            pending.append(self._executor.submit(enrich_texts, list(batch), self.context))
            if len(pending) >= 2 * self.workers:
                yield pending.pop(0).result()
        for future in pending:
            yield future.result()


def usable_cores() -> int:
    """Cores this process may run on (its CPU affinity where the system tells it)."""
    affinity = getattr(os, "sched_getaffinity", None)
    return len(affinity(0)) if affinity is not None else (os.cpu_count() or 1)


def plan_workers(posts: int, batch_size: int, workers: int | None = None) -> int:
    """Processes worth starting for ``posts``: one per core, but none for a single batch.

    Measured on the two-core machine (``BENCHMARKS.md``, load 1): two single-threaded workers
    enrich 2,026 posts/s, this process 1,025 with one BLAS thread and 1,526 with numpy's two;
    under load the workers do no worse than this process. Starting them costs what loading the
    models here costs (1.5 to 4.5 s, in parallel), so one batch or fewer stays here.
    """
    wanted = usable_cores() if workers is None else workers
    return 1 if posts <= batch_size else max(1, min(wanted, -(-posts // batch_size)))


def chunked(texts: Sequence[str], size: int) -> list[Sequence[str]]:
    return [texts[start : start + size] for start in range(0, len(texts), size)]


def enrich_on_dask(
    client: Client, texts: Sequence[str], context: EnrichmentContext, batch_size: int = 256
) -> list[Enrichment]:
    """The same ``enrich_texts`` on a Dask cluster: one task per batch, results in order."""
    untyped: Any = client
    shared = untyped.scatter(context, broadcast=True)
    futures = untyped.map(enrich_texts, chunked(texts, batch_size), context=shared, pure=False)
    results: list[Enrichment] = []
    for batch in untyped.gather(futures):
        results.extend(batch)
    return results
