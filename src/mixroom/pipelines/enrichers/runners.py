"""Where ``enrich_texts`` runs: here, on a pool of processes (one per core), or on Dask.

Each worker keeps one BLAS thread (``shared/reference/nlp.md``: two threads per process collapsed
on two shared cores), so the way to use more cores is more processes. Results come back in the
order of the input batches.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from multiprocessing import get_context
from types import TracebackType
from typing import TYPE_CHECKING, Any

from mixroom.pipelines.enrichers.base import Enrichment
from mixroom.pipelines.enrichers.pipeline import EnrichmentContext, enrich_texts

if TYPE_CHECKING:
    from distributed import Client

_THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def _single_threaded() -> None:
    for variable in _THREAD_VARIABLES:
        os.environ[variable] = "1"


def _warm(context: EnrichmentContext) -> None:
    """Load the models in a fresh worker before the first real batch arrives."""
    _single_threaded()
    enrich_texts(["warm up"], context)


class EnrichmentPool:
    """``map`` batches of texts over ``workers`` processes (or here, when ``workers`` is 1)."""

    def __init__(self, context: EnrichmentContext, workers: int = 1) -> None:
        self.context = context
        self.workers = workers
        self._executor: Executor | None = None

    def __enter__(self) -> EnrichmentPool:
        if self.workers > 1:
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
