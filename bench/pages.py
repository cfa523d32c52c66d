"""Browse pages under load, and the finder at 100,000 prototypes.

``python -m bench.pages [--seconds N] [--skip-http] [--skip-scale]`` writes
``bench/results/pages.json`` and prints the tables that BENCHMARKS.md quotes.

1. **HTTP** (the demo data, 950 prototypes and 36,000 institutions): ``mixroom serve`` (one
   uvicorn process) and wrk with 50 connections drive the prototype page, the finder (whole
   page, with two facets ticked, and the htmx fragment), the map and a network page. The
   baseline, measured in the same run on the same server, is a static file:
   ``GET /static/mixroom.css`` (Starlette's ``StaticFiles``, no database).
2. **Scale** (in process, no HTTP): 100,000 synthetic prototypes over 40 editions, 400 sites,
   seven topics and 30 technologies in a fresh SQLite store; the median time of
   ``find_prototypes`` for the public (all eight facets counted, then the same with the counts
   kept from an earlier identical request) against the baseline ``list_records``, the list
   API's own service call (a count and a page, no facets), on the same store.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import insert, select

from bench.latency import demo_environment, load_demo, run_wrk, serving

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "pages.json"
BASELINE = "/static/mixroom.css"


def http_endpoints(base: str) -> list[tuple[str, str, dict[str, str]]]:
    """(label, path, headers) of each page measured, the baseline first; each answers 200."""
    prototype = httpx.get(f"{base}/api/v1/prototypes", params={"limit": 1}, timeout=10).json()
    prototype_id = prototype["items"][0]["id"]
    network_id = httpx.get(f"{base}/api/v1/networks", timeout=10).json()["items"][0]["id"]
    site = httpx.get(f"{base}/api/v1/sites", params={"limit": 1}, timeout=10).json()["items"][0]
    facets = f"/prototypes?status=idea&edition={site['edition_id']}"
    chosen = [
        ("static file (baseline)", BASELINE, {}),
        ("prototype page", f"/prototypes/{prototype_id}", {}),
        ("finder, whole page", "/prototypes", {}),
        ("finder, two facets ticked", facets, {}),
        ("finder, htmx fragment", facets, {"HX-Request": "true"}),
        ("map, whole world", "/map", {}),
        ("network page", f"/networks/{network_id}", {}),
    ]
    for _, path, headers in chosen:
        response = httpx.get(base + path, headers=headers, timeout=30)
        if response.status_code != 200:
            raise RuntimeError(f"GET {path} answered {response.status_code}")
    return chosen


def measure_pages_http(workdir: Path, seconds: int) -> dict[str, Any]:
    env = demo_environment(workdir / "demo")
    load_seconds = load_demo(env)
    rows = []
    with serving(env) as base:
        for label, path, headers in http_endpoints(base):
            size = len(httpx.get(base + path, headers=headers, timeout=30).content)
            run_wrk(base + path, 2, headers)
            result = run_wrk(base + path, seconds, headers)
            rows.append({"endpoint": label, "path": path, "bytes": size, **result.__dict__})
    baseline = rows[0]
    for row in rows:
        row["throughput_ratio"] = round(row["requests_per_s"] / baseline["requests_per_s"], 3)
        row["p99_ratio"] = round(row["p99_ms"] / baseline["p99_ms"], 2)
    return {
        "demo_load_seconds": round(load_seconds, 1),
        "baseline": f"GET {BASELINE} on the same server",
        "seconds_per_endpoint": seconds,
        "endpoints": rows,
    }


def _seed_scale(session: Any, prototypes: int) -> None:
    from mixroom.models import Edition, Network, Prototype, Site, Topic
    from mixroom.models.prototypes import STATUSES, prototype_topics
    from mixroom.services.topics import seed_default_topics

    rng = random.Random(7)
    seed_default_topics(session)
    network = Network(slug="bench", name="Bench")
    session.add(network)
    session.flush()
    session.execute(
        insert(Edition),
        [{"network_id": network.id, "slug": f"e{n}", "name": f"Edition {n}"} for n in range(40)],
    )
    editions = list(session.scalars(select(Edition.id)))
    session.execute(
        insert(Site),
        [
            {"edition_id": editions[n % 40], "slug": f"s{n}", "name": f"Site {n}"}
            for n in range(400)
        ],
    )
    sites = list(session.scalars(select(Site.id)))
    technologies = [f"tech-{n}" for n in range(30)]
    licences = ["CC-BY-4.0", "CC-BY-SA-4.0", "CC0-1.0", None]
    words = ["audio", "guide", "wikidata", "escape", "game", "map", "robot", "sound", "story"]
    session.execute(
        insert(Prototype),
        [
            {
                "site_id": rng.choice(sites),
                "title": " ".join(rng.sample(words, 3)) + f" {n}",
                "summary": " ".join(rng.choices(words, k=20)),
                "status": rng.choice(STATUSES),
                "language": rng.choice(["en", "fr", "de", "it"]),
                "content_licence": rng.choice(licences),
                "code_licence": rng.choice(["MIT", None]),
                "technologies": rng.sample(technologies, rng.randint(0, 3)),
            }
            for n in range(prototypes)
        ],
    )
    topics = list(session.scalars(select(Topic.id).where(Topic.kind == "topic")))
    ids = list(session.scalars(select(Prototype.id)))
    session.execute(
        insert(prototype_topics),
        [
            {"prototype_id": pid, "topic_id": topic}
            for pid in ids
            for topic in rng.sample(topics, rng.randint(0, 2))
        ],
    )
    session.commit()


def _median_ms(call: Callable[[], object], repeats: int) -> float:
    call()  # warm the caches
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 1)


def measure_finder_scale(
    workdir: Path, prototypes: int = 100_000, repeats: int = 7
) -> dict[str, Any]:
    from mixroom.instance import Instance
    from mixroom.services import facets
    from mixroom.services.actors import PUBLIC
    from mixroom.services.facets import Selection, find_prototypes, make_selection
    from mixroom.services.prototypes import PROTOTYPES
    from mixroom.services.records import list_records
    from mixroom.settings import Settings

    settings = Settings(home=workdir / "scale", secret_key="bench", _env_file=None)
    instance = Instance(settings)
    instance.upgrade()
    started = time.perf_counter()
    with instance.sessions() as session:
        _seed_scale(session, prototypes)
    seed_seconds = time.perf_counter() - started
    three = {"status": ["tested", "adopted"], "technology": ["tech-3"], "language": ["fr"]}
    cases: list[tuple[str, str, dict[str, list[str]], dict[str, str]]] = [
        ("no filter", "", {}, {}),
        ("status ticked", "", {"status": ["tested"]}, {"status": "tested"}),
        ("text search 'robot'", "robot", {}, {"q": "robot"}),
        ("three facets ticked", "", three, {"status": "tested"}),
    ]
    rows = []
    with instance.sessions() as session:
        for label, q, values, filters in cases:
            selection = make_selection(q, values, page_size=24)

            def finder_call(chosen: Selection = selection) -> object:
                facets._public_tallies.clear()  # cold: every count computed anew
                return find_prototypes(session, PUBLIC, chosen)

            def cached_call(chosen: Selection = selection) -> object:
                return find_prototypes(session, PUBLIC, chosen)

            def baseline_call(chosen: dict[str, str] = filters) -> object:
                return list_records(session, PROTOTYPES, PUBLIC, chosen, limit=24)

            finder = _median_ms(finder_call, repeats)
            cached = _median_ms(cached_call, repeats)
            baseline = _median_ms(baseline_call, repeats)
            total = find_prototypes(session, PUBLIC, selection).total
            rows.append(
                {
                    "case": label,
                    "matches": total,
                    "finder_ms": finder,
                    "finder_cached_ms": cached,
                    "baseline_ms": baseline,
                    "ratio": round(finder / baseline, 1),
                    "cached_ratio": round(cached / baseline, 2),
                }
            )
    instance.engine.dispose()
    return {
        "prototypes": prototypes,
        "seed_seconds": round(seed_seconds, 1),
        "store": "SQLite (WAL), fresh file",
        "baseline": "list_records(PROTOTYPES, limit=24): the list API's count and page, no facets",
        "cases": rows,
    }


def tables(results: dict[str, Any]) -> str:
    parts = []
    if "http" in results:
        lines = [
            "| page | bytes | requests/s | p50 ms | p99 ms | throughput ratio | p99 ratio "
            "| non-2xx |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for row in results["http"]["endpoints"]:
            lines.append(
                f"| {row['endpoint']}: `GET {row['path']}` | {row['bytes']:,} | "
                f"{row['requests_per_s']:,.0f} | {row['p50_ms']:.1f} | {row['p99_ms']:.1f} | "
                f"{row['throughput_ratio']:.3f} | {row['p99_ratio']:.2f} | {row['non_2xx']} |"
            )
        parts.append("\n".join(lines))
    if "scale" in results:
        lines = [
            "| case | matches | finder ms, counts computed | finder ms, counts kept "
            "| baseline ms | ratio computed | ratio kept |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for row in results["scale"]["cases"]:
            lines.append(
                f"| {row['case']} | {row['matches']:,} | {row['finder_ms']} | "
                f"{row['finder_cached_ms']} | {row['baseline_ms']} | {row['ratio']} | "
                f"{row['cached_ratio']} |"
            )
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=10, help="wrk duration per page")
    parser.add_argument("--skip-http", action="store_true")
    parser.add_argument("--skip-scale", action="store_true")
    parser.add_argument("--prototypes", type=int, default=100_000)
    args = parser.parse_args()
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="mixroom-pages-") as workdir:
        if not args.skip_http:
            results["http"] = measure_pages_http(Path(workdir), args.seconds)
        if not args.skip_scale:
            results["scale"] = measure_finder_scale(Path(workdir), args.prototypes)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(tables(results))


if __name__ == "__main__":
    main()
