"""HTTP latency and throughput of the demo at 50 concurrent clients, measured with wrk.

A fresh demo store is loaded (``mixroom demo --no-serve``), ``mixroom serve`` runs it in a
subprocess on 127.0.0.1 (one uvicorn process, access log off), and wrk drives each endpoint for
a bounded time. The ceiling is ``GET /api/v1/ping`` on the same server, which touches nothing.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

CEILING = "/api/v1/ping"
CONNECTIONS = 50
WRK_THREADS = 1  # the server (one Python process) gets the other core
WARMUP_SECONDS = 2
UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3}
MIXROOM = [sys.executable, "-c", "from mixroom.cli import main; main()"]


@dataclass(frozen=True)
class WrkResult:
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    requests: int
    non_2xx: int
    socket_errors: int


def _ms(value: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value)
    if match is None:
        raise ValueError(f"unreadable wrk duration {value!r}")
    return float(match[1]) * UNITS[match[2]]


def parse_wrk(output: str) -> WrkResult:
    """The figures of ``wrk --latency`` output."""
    percentiles = dict(re.findall(r"^\s+(50|99)(?:\.000)?%\s+(\S+)\s*$", output, re.MULTILINE))
    rate = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.MULTILINE)
    total = re.search(r"^\s+(\d+) requests in", output, re.MULTILINE)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    if rate is None or total is None or set(percentiles) != {"50", "99"}:
        raise ValueError(f"unreadable wrk output:\n{output}")
    return WrkResult(
        requests_per_s=float(rate[1]),
        p50_ms=_ms(percentiles["50"]),
        p99_ms=_ms(percentiles["99"]),
        requests=int(total[1]),
        non_2xx=int(non_2xx[1]) if non_2xx else 0,
        socket_errors=sum(int(n) for n in errors.groups()) if errors else 0,
    )


def run_wrk(url: str, seconds: int, headers: Mapping[str, str] | None = None) -> WrkResult:
    extra = [flag for name, value in (headers or {}).items() for flag in ("-H", f"{name}: {value}")]
    command = [
        "wrk",
        f"-t{WRK_THREADS}",
        f"-c{CONNECTIONS}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "--latency",
        *extra,
        url,
    ]
    result = subprocess.run(
        command, capture_output=True, text=True, check=True, timeout=seconds + 30
    )
    return parse_wrk(result.stdout)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def demo_environment(home: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("MIXROOM_")}
    env |= {
        "MIXROOM_HOME": str(home),
        "MIXROOM_SECRET_KEY": "bench",
        "MIXROOM_DEMO_ADMIN_PASSWORD": "bench-admin-password",
        "MIXROOM_LOG_LEVEL": "WARNING",
    }
    return env


def load_demo(env: dict[str, str]) -> float:
    """Load the demo data into a fresh store; the seconds it took."""
    started = time.perf_counter()
    subprocess.run([*MIXROOM, "demo", "--no-serve"], env=env, check=True, capture_output=True)
    return time.perf_counter() - started


@contextmanager
def serving(env: dict[str, str]) -> Iterator[str]:
    """``mixroom serve`` on a free loopback port, stopped when the block ends."""
    port = _free_port()
    command = [*MIXROOM, "serve", "--host", "127.0.0.1", "--port", str(port)]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(server, base + CEILING)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _wait_until_up(server: subprocess.Popen[bytes], url: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            stderr = server.stderr.read().decode() if server.stderr else ""
            raise RuntimeError(f"the server exited with {server.returncode}:\n{stderr}")
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the server did not answer {url} within 60 s")


def endpoints(base: str) -> list[tuple[str, str]]:
    """(label, path) of each measured endpoint, the ceiling first; each checked to answer 200."""
    first = httpx.get(f"{base}/api/v1/prototypes", params={"limit": 1}, timeout=10).json()
    prototype_id = first["items"][0]["id"]
    chosen = [
        ("ping (ceiling)", CEILING),
        ("prototypes API list", "/api/v1/prototypes"),
        ("institutions API list", "/api/v1/institutions"),
        ("prototype page", f"/prototypes/{prototype_id}"),
    ]
    for _, path in chosen:
        response = httpx.get(base + path, timeout=10)
        if response.status_code != 200:
            raise RuntimeError(f"GET {path} answered {response.status_code}")
    return chosen


def measure_http(workdir: Path, seconds: int) -> dict[str, Any]:
    env = demo_environment(workdir / "demo")
    load_seconds = load_demo(env)
    rows = []
    with serving(env) as base:
        chosen = endpoints(base)
        for label, path in chosen:
            size = len(httpx.get(base + path, timeout=10).content)
            run_wrk(base + path, WARMUP_SECONDS)
            result = run_wrk(base + path, seconds)
            rows.append({"endpoint": label, "path": path, "bytes": size, **result.__dict__})
    ceiling = rows[0]
    for row in rows:
        row["throughput_ratio"] = round(row["requests_per_s"] / ceiling["requests_per_s"], 3)
        row["p99_ratio"] = round(row["p99_ms"] / ceiling["p99_ms"], 2)
    return {
        "demo_load_seconds": round(load_seconds, 1),
        "connections": CONNECTIONS,
        "seconds_per_endpoint": seconds,
        "tool": f"wrk -t{WRK_THREADS} -c{CONNECTIONS} -d{seconds}s --latency",
        "server": "mixroom serve: one uvicorn process, log level WARNING (no access log)",
        "baseline": f"GET {CEILING} on the same server",
        "endpoints": rows,
    }
