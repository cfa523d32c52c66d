"""Import rate of posts: a synthetic Zeeschuimer NDJSON file into a fresh SQLite store, against
parsing the same file with orjson alone (the ceiling), with peak memory at two file sizes.

``python -m bench.import_posts [--posts 1000000]``. The file is generated in a temporary folder
(never committed): Instagram, TikTok and X items shaped like Zeeschuimer's, with captions,
hashtags, mentions and authors drawn from fixed pools (1 in 50 texts is a copy of another, so
copy marking has work to do). Each measurement runs in its own process so that its peak
resident memory (``ru_maxrss``, and its workers' largest) is its own: the import of the full
file and of a tenth of it should peak at about the same memory if the import streams. The
import runs as ``mixroom import posts`` does (one worker process per core preparing blocks of
the file while the main process writes), once more in one process on the smaller file, to
show what the workers bring, and the full file once more with the compiled modules turned off
(``MIXROOM_NATIVE=0``: the same code as Python), to show what ``make native`` brings.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import orjson

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "import_posts.json"
WORDS = (
    "musée", "museum", "prototype", "hackathon", "équipe", "team", "visite", "exposition",
    "collection", "son", "lumière", "museo", "equipo", "visita", "mostra", "squadra",
    "Ausstellung", "Besuch", "oeuvre", "artwork", "remix", "public",
)  # fmt: skip
TAGS = ("museomix", "glam", "museum", "musee", "hackathon", "museumweek", "opendata", "remix")


def _instagram(n: int, text: str, user: int, at: int) -> dict[str, Any]:
    return {
        "id": f"{n}_{user}",
        "code": f"C{n:010d}",
        "taken_at": at,
        "media_type": 1,
        "user": {"pk": str(user), "username": f"visitor{user}", "full_name": f"Visitor {user}"},
        "caption": {"text": text},
        "like_count": n % 500,
        "comment_count": n % 40,
    }


def _tiktok(n: int, text: str, user: int, at: int) -> dict[str, Any]:
    return {
        "id": str(7_000_000_000 + n),
        "desc": text,
        "createTime": at,
        "author": {"id": str(user), "uniqueId": f"tt{user}", "nickname": f"TT {user}"},
        "stats": {"diggCount": n % 900, "shareCount": n % 30, "commentCount": n % 50},
        "challenges": [{"title": TAGS[n % len(TAGS)]}],
    }


def _tweet(n: int, text: str, user: int, at: int) -> dict[str, Any]:
    moment = time.strftime("%a %b %d %H:%M:%S +0000 %Y", time.gmtime(at))
    return {
        "rest_id": str(1_800_000_000_000_000_000 + n),
        "core": {
            "user_results": {
                "result": {
                    "rest_id": str(user),
                    "core": {"screen_name": f"x{user}", "name": f"X {user}"},
                }
            }
        },
        "legacy": {
            "full_text": text,
            "created_at": moment,
            "favorite_count": n % 70,
            "retweet_count": n % 9,
            "entities": {"hashtags": [], "user_mentions": [], "urls": []},
        },
    }


SHAPES = (("instagram.com", _instagram), ("tiktok.com", _tiktok), ("twitter.com", _tweet))


def generate(path: Path, posts: int, seed: int = 7) -> None:
    """Write ``posts`` Zeeschuimer items to ``path``, one per line, streaming."""
    chance = random.Random(seed)
    start = 1_717_200_000
    with path.open("wb") as stream:
        for n in range(posts):
            words = " ".join(chance.choice(WORDS) for _ in range(chance.randint(8, 24)))
            if n % 50 == 49:  # a copy of an earlier post's words
                words = f"repost: {n // 2} " + " ".join(WORDS[:10])
            text = f"{words} #{chance.choice(TAGS)} @visitor{chance.randint(1, 20_000)} {n}"
            if n % 50 in (24, 49):
                text = "Copied words about the museum prototype " + " ".join(WORDS[:8])
            platform, shape = SHAPES[n % len(SHAPES)]
            user = chance.randint(1, 50_000)
            item = shape(n, text, user, start + n * 7)
            wrapper = {
                "id": n,
                "nav_index": f"1:1:{n}",
                "item_id": str(n),
                "timestamp_collected": (start + 10**6) * 1000,
                "last_updated": (start + 10**6) * 1000,
                "source_platform": platform,
                "source_platform_url": f"https://www.{platform}",
                "source_url": f"https://www.{platform}/explore/tags/museomix/",
                "user_agent": "Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Firefox/127.0",
                "data": item,
            }
            stream.write(orjson.dumps(wrapper) + b"\n")


def parse_only(path: Path) -> dict[str, Any]:
    """The ceiling: read the lines and parse each with orjson, nothing else."""
    started, cpu_before = time.perf_counter(), _cpu()
    items = 0
    with path.open("rb") as stream:
        for line in stream:
            orjson.loads(line)
            items += 1
    seconds = time.perf_counter() - started
    cpu = _cpu() - cpu_before
    return {"items": items, "seconds": seconds, "cpu_seconds": cpu, "peak_rss_mb": _peak_mb()}


def import_file(path: Path, home: Path, workers: int | None = None) -> dict[str, Any]:
    """One import of ``path`` into a fresh SQLite store, commit included; ``workers`` None is
    one worker per core, as the command does."""
    from mixroom import native
    from mixroom.db import unit_of_work
    from mixroom.instance import Instance
    from mixroom.pipelines.importers.posts.registry import get_post_importer
    from mixroom.pipelines.listen import privacy
    from mixroom.pipelines.listen.runner import import_posts_file
    from mixroom.settings import Settings

    settings = Settings(home=home, database_url="", secret_key="bench", _env_file=None)
    instance = Instance(settings)
    instance.upgrade()
    started, cpu_before = time.perf_counter(), _cpu()
    with unit_of_work(instance.sessions) as session:
        run = import_posts_file(
            session,
            get_post_importer("zeeschuimer"),
            path,
            secret=instance.secret,
            workers=workers,
        )
        counts = {"read": run.items_read, "added": run.added, "copies": run.duplicates}
        counts["problems"] = run.error_count
    seconds = time.perf_counter() - started
    instance.engine.dispose()
    cpu = _cpu() - cpu_before
    return {
        **counts,
        "compiled": native.is_compiled(privacy),
        "seconds": seconds,
        "cpu_seconds": cpu,
        "workers_cpu_seconds": _cpu(resource.RUSAGE_CHILDREN),
        "peak_rss_mb": _peak_mb(),
        "workers_peak_rss_mb": _peak_mb(resource.RUSAGE_CHILDREN),
    }


def _cpu(who: int = resource.RUSAGE_SELF) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def _peak_mb(who: int = resource.RUSAGE_SELF) -> float:
    return round(resource.getrusage(who).ru_maxrss / 1024, 1)


def _child(task: str, path: Path, home: Path, *, compiled: bool = True) -> dict[str, Any]:
    """``task`` (parse, import, import-alone) in a fresh process of its own; with ``compiled``
    False, the hot modules run as Python even when a current build of them is there."""
    command = [sys.executable, "-m", "bench.import_posts", "--child", task, str(path), str(home)]
    env = {**os.environ, "MIXROOM_NATIVE": "1" if compiled else "0"}
    output = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT, env=env)
    result: dict[str, Any] = json.loads(output.stdout.strip().splitlines()[-1])
    return result


def measure(posts: int, workdir: Path) -> dict[str, Any]:
    small, full = workdir / "small.ndjson", workdir / "full.ndjson"
    generate(small, posts // 10)
    generate(full, posts)
    ceiling = _child("parse", full, workdir)
    imported = _child("import", full, workdir / "store-full")
    small_import = _child("import", small, workdir / "store-small")
    alone = _child("import-alone", small, workdir / "store-alone")
    source = _child("import", full, workdir / "store-source", compiled=False)
    rate = imported["read"] / imported["seconds"]
    ceiling_rate = ceiling["items"] / ceiling["seconds"]
    return {
        "load_average_at_start": [round(load, 2) for load in os.getloadavg()],
        "posts": posts,
        "file_mb": round(full.stat().st_size / 2**20, 1),
        "import": {**imported, "posts_per_s": round(rate)},
        "ceiling": {**ceiling, "items_per_s": round(ceiling_rate)},
        "ratio": round(rate / ceiling_rate, 4),
        "small_file": {
            "posts": posts // 10,
            "peak_rss_mb": small_import["peak_rss_mb"],
            "workers_peak_rss_mb": small_import["workers_peak_rss_mb"],
            "posts_per_s": round(small_import["read"] / small_import["seconds"]),
        },
        "one_process": {**alone, "posts_per_s": round(alone["read"] / alone["seconds"])},
        "not_compiled": {**source, "posts_per_s": round(source["read"] / source["seconds"])},
    }


def table(result: dict[str, Any]) -> str:
    imp, ceil, small, alone, source = (
        result["import"],
        result["ceiling"],
        result["small_file"],
        result["one_process"],
        result["not_compiled"],
    )
    compiled = "compiled" if imp["compiled"] else "NOT compiled (no current `make native` build)"
    cpu = (imp["cpu_seconds"] + imp["workers_cpu_seconds"]) / imp["read"] * 1e6
    return "\n".join(
        [
            "| measure | posts | seconds | posts/s | peak RSS MB (main + largest worker) |",
            "| --- | ---: | ---: | ---: | ---: |",
            f"| **baseline**: orjson alone (ceiling) | {ceil['items']:,} | {ceil['seconds']:.1f} | "
            f"{ceil['items_per_s']:,} | {ceil['peak_rss_mb']} |",
            f"| `mixroom import posts` (parse, map, pseudonymise, store, mark copies; one "
            f"worker per core) | {imp['read']:,} | {imp['seconds']:.1f} | "
            f"{imp['posts_per_s']:,} | {imp['peak_rss_mb']} + {imp['workers_peak_rss_mb']} |",
            f"| the same, a file a tenth the size | {small['posts']:,} | | "
            f"{small['posts_per_s']:,} | {small['peak_rss_mb']} + "
            f"{small['workers_peak_rss_mb']} |",
            f"| the tenth in one process (no workers) | {alone['read']:,} | "
            f"{alone['seconds']:.1f} | {alone['posts_per_s']:,} | {alone['peak_rss_mb']} |",
            f"| the full file, hot modules as Python (`MIXROOM_NATIVE=0`) | "
            f"{source['read']:,} | {source['seconds']:.1f} | {source['posts_per_s']:,} | "
            f"{source['peak_rss_mb']} + {source['workers_peak_rss_mb']} |",
            "",
            f"Ratio (import ÷ ceiling): **{result['ratio']:.3f}**. Hot modules: {compiled}. "
            f"File: {result['file_mb']} MB; "
            f"{imp['added']:,} posts added, {imp['copies']:,} marked as copies, "
            f"{imp['problems']} problems. Load average at start: "
            f"{', '.join(map(str, result['load_average_at_start']))}.",
            f"CPU time: {cpu:.0f} µs per post for the import, main process and workers together "
            f"({imp['cpu_seconds'] / imp['read'] * 1e6:.0f} µs in the main process), "
            f"{alone['cpu_seconds'] / alone['read'] * 1e6:.0f} µs in one process, "
            f"{ceil['cpu_seconds'] / ceil['items'] * 1e6:.1f} µs for orjson alone.",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--posts", type=int, default=1_000_000)
    parser.add_argument("--child", nargs=3, metavar=("TASK", "PATH", "HOME"))
    args = parser.parse_args()
    if args.child:
        task, path, home = args.child
        if task == "parse":
            outcome = parse_only(Path(path))
        else:
            outcome = import_file(Path(path), Path(home), 1 if task == "import-alone" else None)
        print(json.dumps(outcome))
        return
    with tempfile.TemporaryDirectory(prefix="mixroom-bench-posts-") as workdir:
        result = measure(args.posts, Path(workdir))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(table(result))


if __name__ == "__main__":
    main()
