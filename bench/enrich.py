"""Enrichment: accuracy on the labelled set and throughput on two cores.

``python -m bench.enrich`` runs both, prints the tables and writes them between the
``bench:enrich`` markers of BENCHMARKS.md and to ``bench/results/enrich.json``;
``--only accuracy`` or ``--only throughput`` runs one part and leaves BENCHMARKS.md alone.

- **Accuracy** on ``bench/data/enrich_eval.csv``: 600 short posts, the same 100 in English,
  French, Spanish, Catalan, Italian and German, each labelled with its language, sentiment and
  topics by hand; none of them is among the training examples. Side by side: mixroom, the
  lexicon (keyword) baseline and the majority class.
- **Throughput**: 6,000 posts (the labelled texts with handles, hashtags and links added) through
  language ID, embedding, topics and sentiment. Baseline: language ID alone in one process.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from mixroom.pipelines.enrichers import (
    EnrichmentPool,
    LanguageDetector,
    LexiconSentiment,
    default_context,
    enrich_texts,
)
from mixroom.pipelines.enrichers.base import clean_text
from mixroom.pipelines.enrichers.embeddings import get_embedder
from mixroom.pipelines.enrichers.runners import chunked
from mixroom.pipelines.enrichers.threads import blas_threads, set_blas_threads
from mixroom.pipelines.enrichers.topics import Calibration, TopicScorer, assign_topics, micro_f1
from mixroom.pipelines.enrichers.training import split_topics

ROOT = Path(__file__).resolve().parent.parent
EVALUATION = ROOT / "bench" / "data" / "enrich_eval.csv"
RESULTS = ROOT / "bench" / "results" / "enrich.json"
REPORT = ROOT / "BENCHMARKS.md"
START, END = "<!-- bench:enrich:start -->", "<!-- bench:enrich:end -->"
LANGUAGES = ("en", "fr", "es", "ca", "it", "de")


def load_evaluation() -> list[dict[str, str]]:
    with EVALUATION.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def share(hits: Sequence[bool]) -> float:
    return round(sum(hits) / len(hits), 3) if hits else 0.0


def macro_f1(predicted: Sequence[str], expected: Sequence[str]) -> float:
    scores = []
    for label in sorted(set(expected)):
        true_positive = sum(p == e == label for p, e in zip(predicted, expected, strict=True))
        guessed, wanted = predicted.count(label), expected.count(label)
        denominator = guessed + wanted
        scores.append(2 * true_positive / denominator if denominator else 0.0)
    return round(sum(scores) / len(scores), 3)


def by_language(rows: Sequence[dict[str, str]], hits: Sequence[bool]) -> dict[str, float]:
    return {
        language: share(
            [hit for row, hit in zip(rows, hits, strict=True) if row["language"] == language]
        )
        for language in LANGUAGES
    }


def _method(
    name: str, rows: Sequence[dict[str, str]], hits: Sequence[bool], **extra: Any
) -> dict[str, Any]:
    return {
        "method": name,
        "accuracy": share(hits),
        "by_language": by_language(rows, hits),
        **extra,
    }


def language_accuracy(rows: Sequence[dict[str, str]]) -> list[dict[str, Any]]:
    texts = [row["text"] for row in rows]
    truth = [row["language"] for row in rows]
    network_first = [found for found, _ in LanguageDetector().enrich(texts)]
    plain = [
        found for found, _ in LanguageDetector(languages=(), foreign_threshold=0.0).enrich(texts)
    ]
    majority = Counter(truth).most_common(1)[0][0]
    return [
        _method(
            "mixroom: fastText lid.176 lite, network languages first",
            rows,
            [p == t for p, t in zip(network_first, truth, strict=True)],
        ),
        _method(
            "fastText lid.176 lite, plain top-1",
            rows,
            [p == t for p, t in zip(plain, truth, strict=True)],
        ),
        _method(f"majority class ({majority})", rows, [majority == t for t in truth]),
    ]


def sentiment_accuracy(
    rows: Sequence[dict[str, str]], vectors: Any, cleaned: list[str]
) -> list[dict[str, Any]]:
    truth = [row["sentiment"] for row in rows]
    model = default_context().sentiment
    predicted = [label for label, _ in model.classify(cleaned, vectors)]
    lexicon = [label for label, _ in LexiconSentiment().classify([row["text"] for row in rows])]
    majority = Counter(truth).most_common(1)[0][0]
    constant = [majority] * len(truth)
    return [
        _method(
            "mixroom: logistic regression on USE + lexicon counts",
            rows,
            [p == t for p, t in zip(predicted, truth, strict=True)],
            macro_f1=macro_f1(predicted, truth),
        ),
        _method(
            "lexicon baseline (word lists, 8 languages)",
            rows,
            [p == t for p, t in zip(lexicon, truth, strict=True)],
            macro_f1=macro_f1(lexicon, truth),
        ),
        _method(
            f"majority class ({majority})",
            rows,
            [majority == t for t in truth],
            macro_f1=macro_f1(constant, truth),
        ),
    ]


def topic_accuracy(
    rows: Sequence[dict[str, str]], vectors: Any, cleaned: list[str]
) -> list[dict[str, Any]]:
    context = default_context()
    truth = [split_topics(row["topics"]) for row in rows]
    scorer = TopicScorer(context.topics, get_embedder(), context.calibration)
    scores = scorer.scores(cleaned, vectors)
    predicted = [list(row) for row in scorer.assign(scores)]
    hits = scorer.keyword_hits(cleaned)
    keywords = [list(row) for row in assign_topics(hits, scorer.codes, Calibration(0.5, 1.0, 0.0))]
    counts = Counter(code for codes in truth for code in codes)
    frequent = counts.most_common(1)[0][0]
    nothing: list[list[str]] = [[] for _ in truth]
    always: list[list[str]] = [[frequent] for _ in truth]

    def report(name: str, guesses: list[list[str]]) -> dict[str, Any]:
        exact = [set(g) == set(t) for g, t in zip(guesses, truth, strict=True)]
        first = [bool(g) and g[0] in t for g, t in zip(guesses, truth, strict=True) if t]
        return _method(
            name,
            rows,
            exact,
            micro_f1=round(micro_f1(guesses, truth), 3),
            top1_on_topical=share(first),
        )

    return [
        report("mixroom: cosine to multilingual descriptions + keyword bonus", predicted),
        report("keyword baseline (any keyword of the topic)", keywords),
        report("majority class (no topic)", nothing),
        report(f"most frequent topic ({frequent})", always),
    ]


def measure_accuracy() -> dict[str, Any]:
    rows = load_evaluation()
    cleaned = [clean_text(row["text"]) for row in rows]
    vectors = get_embedder().embed(cleaned)
    return {
        "texts": len(rows),
        "language": language_accuracy(rows),
        "sentiment": sentiment_accuracy(rows, vectors, cleaned),
        "topics": topic_accuracy(rows, vectors, cleaned),
    }


def corpus(size: int, seed: int = 7) -> list[str]:
    """Social-media-like posts: the labelled texts with handles, hashtags, links and cuts."""
    randomly = random.Random(seed)
    texts = [row["text"] for row in load_evaluation()]
    posts = []
    for _ in range(size):
        text = randomly.choice(texts)
        if randomly.random() < 0.3:
            text = f"@{randomly.choice(['museomix', 'louvre', 'mnac', 'glamhack'])} {text}"
        if randomly.random() < 0.4:
            text = f"{text} #{randomly.choice(['museomix', 'MuseumWeek', 'GLAMhack', 'museum'])}"
        if randomly.random() < 0.2:
            text = f"{text} https://example.org/p/{randomly.randrange(10_000)}"
        if randomly.random() < 0.2:
            text = text[: randomly.randrange(20, max(21, len(text)))]
        posts.append(text)
    return posts


def _rate(count: int, work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return round(count / (time.perf_counter() - started))


def _cpu_rate(count: int, work: Callable[[], object]) -> float:
    """Posts per second of this process's CPU time: what one idle core would do."""
    started = time.process_time()
    work()
    return round(count / (time.process_time() - started))


def measure_throughput(size: int = 6000, batch: int = 250) -> dict[str, Any]:
    posts = corpus(size)
    context = default_context()
    load = [round(value, 2) for value in os.getloadavg()]
    enrich_texts(posts[:50], context)  # load the models here before timing
    detector = LanguageDetector()
    baseline = _rate(size, lambda: detector.enrich(posts))
    default_blas = blas_threads()
    chunks = chunked(posts, batch)

    def here() -> object:
        return [enrich_texts(chunk, context) for chunk in chunks]

    numpy_default = _rate(size, here)  # numpy's own BLAS threads (one per core)
    with EnrichmentPool(context, workers=1):  # what ``mixroom enrich`` does for one batch
        embedding = _rate(size, lambda: get_embedder().embed([clean_text(p) for p in posts]))
        one = _rate(size, here)
        cpu = _cpu_rate(size, here)
    with EnrichmentPool(context, workers=2) as pool:
        list(pool.map(chunked(posts[:200], 50)))  # both workers warm
        workers = [probe.blas for probe in pool.worker_threads()]
        two = _rate(size, lambda: list(pool.map(chunked(posts, batch))))
    if default_blas is not None:
        set_blas_threads(default_blas)
    return {
        "posts": size,
        "batch": batch,
        "load_average_at_start": load,
        "load_average_at_end": [round(value, 2) for value in os.getloadavg()],
        "blas_threads_numpy_default": default_blas,
        "blas_threads_of_workers": workers,
        "baseline_language_id_posts_per_s": baseline,
        "embedding_only_posts_per_s": embedding,
        "full_one_process_numpy_threads_posts_per_s": numpy_default,
        "full_one_process_posts_per_s": one,
        "full_two_processes_posts_per_s": two,
        "full_per_cpu_second": cpu,
        "ratio_two_processes_to_baseline": round(two / baseline, 4),
        "ratio_one_process_to_baseline": round(one / baseline, 4),
    }


def render(accuracy: dict[str, Any] | None, throughput: dict[str, Any] | None) -> str:
    lines: list[str] = []
    if accuracy:
        lines.append(f"Accuracy on {accuracy['texts']} labelled posts (100 per language):\n")
        for task, extra in (
            ("language", ()),
            ("sentiment", ("macro_f1",)),
            ("topics", ("micro_f1", "top1_on_topical")),
        ):
            header = ["method", "accuracy", *extra, *LANGUAGES]
            lines.append(
                f"**{task}**"
                + (" (accuracy = exact set of topics)" if task == "topics" else "")
                + "\n"
            )
            lines.append("| " + " | ".join(header) + " |")
            lines.append("| --- |" + " ---: |" * (len(header) - 1))
            for method in accuracy[task]:
                cells = [
                    method["method"],
                    f"{method['accuracy']:.3f}",
                    *(f"{method[key]:.3f}" for key in extra),
                ]
                cells += [f"{method['by_language'][language]:.3f}" for language in LANGUAGES]
                lines.append("| " + " | ".join(cells) + " |")
            lines.append("")
    if throughput:
        t = throughput
        lines.append(
            f"Throughput: {t['posts']:,} posts in batches of {t['batch']}; load average (1, 5, "
            f"15 min) {', '.join(map(str, t['load_average_at_start']))} at the start and "
            f"{', '.join(map(str, t['load_average_at_end']))} at the end (anything above 0 is "
            "other work sharing the two cores). BLAS threads: "
            f"{t['blas_threads_numpy_default']} by numpy's default, "
            f"{t['blas_threads_of_workers']} in the pool's workers.\n"
        )
        lines.append("| what | posts/s | ratio to baseline |")
        lines.append("| --- | ---: | ---: |")
        base = t["baseline_language_id_posts_per_s"]
        for label, key in (
            ("**baseline**: language ID alone, one process", "baseline_language_id_posts_per_s"),
            (
                "embedding alone (USE, numpy), one process, one BLAS thread",
                "embedding_only_posts_per_s",
            ),
            (
                "full enrichment, one process, numpy's default BLAS threads",
                "full_one_process_numpy_threads_posts_per_s",
            ),
            ("full enrichment, one process, one BLAS thread", "full_one_process_posts_per_s"),
            (
                "**full enrichment, two processes of one BLAS thread** (`mixroom enrich`)",
                "full_two_processes_posts_per_s",
            ),
        ):
            lines.append(f"| {label} | {t[key]:,} | {t[key] / base:.4f} |")
        lines.append("")
        lines.append(
            f"Full enrichment costs {1000 / t['full_per_cpu_second']:.2f} ms of CPU time per post "
            f"({t['full_per_cpu_second']:,} posts per CPU-second in one process with one BLAS "
            f"thread). Target: 1,000 posts/s on two cores. Two idle cores "
            f"would give about {2 * t['full_per_cpu_second']:,} posts/s: an estimate from CPU "
            "time, not a measurement; the wall-clock rates above are what this machine did "
            "with the load average shown."
        )
        lines.append("")
    return "\n".join(lines)


def write_report(text: str) -> None:
    report = REPORT.read_text(encoding="utf-8")
    if START in report and END in report:
        before, rest = report.split(START, 1)
        _, after = rest.split(END, 1)
        REPORT.write_text(f"{before}{START}\n{text}\n{END}{after}", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", choices=("accuracy", "throughput"))
    parser.add_argument("--posts", type=int, default=6000)
    arguments = parser.parse_args()
    accuracy = measure_accuracy() if arguments.only in (None, "accuracy") else None
    throughput = (
        measure_throughput(arguments.posts) if arguments.only in (None, "throughput") else None
    )
    text = render(accuracy, throughput)
    print(text)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps({"accuracy": accuracy, "throughput": throughput}, indent=2, ensure_ascii=False)
    )
    if arguments.only is None:
        write_report(text)


if __name__ == "__main__":
    main()
