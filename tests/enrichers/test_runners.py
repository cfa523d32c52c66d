"""The same enrichment on two processes and on a Dask LocalCluster with two workers."""

from __future__ import annotations

import os

import pytest

from mixroom.pipelines.enrichers import (
    EnrichmentPool,
    default_context,
    enrich_on_dask,
    enrich_texts,
)
from mixroom.pipelines.enrichers.runners import chunked
from mixroom.pipelines.enrichers.threads import THREAD_VARIABLES, blas_threads, set_blas_threads

TEXTS = [
    "Museomix au musée des Confluences : trois jours de prototypes incroyables",
    "The VR headsets were broken all afternoon, so disappointing",
    "Nou taller de fotogrametria dissabte al museu",
    "Il museo chiude per lavori fino a marzo",
    "Danke an alle Ehrenamtlichen, was für ein schöner Tag!",
    "¿Alguien sabe si el museo abre el lunes?",
    "Open data: the whole collection is now on Wikidata",
] * 3


def test_chunked() -> None:
    assert chunked(list("abcde"), 2) == [["a", "b"], ["c", "d"], ["e"]]


def test_two_processes_give_the_same_results() -> None:
    context = default_context()
    expected = enrich_texts(TEXTS, context)
    with EnrichmentPool(context, workers=2) as pool:
        results = [item for batch in pool.map(chunked(TEXTS, 4)) for item in batch]
    assert [(r.language, r.sentiment, list(r.topics)) for r in results] == [
        (e.language, e.sentiment, list(e.topics)) for e in expected
    ]


def test_each_worker_runs_one_blas_thread_and_the_environment_comes_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """OpenBLAS reads its thread count when numpy loads: the workers must be spawned with it."""
    for name in THREAD_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("OMP_NUM_THREADS", "3")
    with EnrichmentPool(default_context(), workers=2) as pool:
        probes = pool.worker_threads()
    assert len(probes) == 2
    for probe in probes:
        assert probe.blas in (1, None)
        if probe.process is not None:
            assert probe.process == 1  # no BLAS thread besides the worker's own
    assert os.environ.get("OMP_NUM_THREADS") == "3"
    assert "OPENBLAS_NUM_THREADS" not in os.environ


def test_enriching_here_uses_one_blas_thread_then_gives_the_count_back() -> None:
    before = blas_threads()
    if before is None:
        pytest.skip("no OpenBLAS found in this process")
    set_blas_threads(2)
    with EnrichmentPool(default_context(), workers=1) as pool:
        assert [probe.blas for probe in pool.worker_threads()] == [1]
    assert blas_threads() == 2
    set_blas_threads(before)


def test_dask_local_cluster_with_two_workers() -> None:
    distributed = pytest.importorskip("distributed")
    context = default_context()
    expected = enrich_texts(TEXTS, context)
    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        results = enrich_on_dask(client, TEXTS, context, batch_size=5)
        workers = len(client.scheduler_info()["workers"])
    assert workers == 2
    assert [(r.language, r.sentiment, list(r.topics)) for r in results] == [
        (e.language, e.sentiment, list(e.topics)) for e in expected
    ]


def test_workers_are_started_only_beyond_one_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    from mixroom.pipelines.enrichers import runners

    monkeypatch.setattr(runners, "usable_cores", lambda: 2)
    assert runners.plan_workers(500, 500) == 1  # one batch: here
    assert runners.plan_workers(501, 500) == 2  # one worker per core
    assert runners.plan_workers(10_000, 500, workers=1) == 1
    assert runners.plan_workers(10_000, 500, workers=8) == 8
    assert runners.plan_workers(1_200, 500, workers=8) == 3  # never more than the batches
