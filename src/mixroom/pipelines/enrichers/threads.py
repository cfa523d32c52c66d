"""How many threads the BLAS under numpy runs, read and set at run time.

OpenBLAS reads ``OPENBLAS_NUM_THREADS`` / ``OMP_NUM_THREADS`` once, when numpy loads it; setting
them afterwards changes nothing. So the pool sets them in the environment its children are
spawned with, and this module reads (and, where asked, sets) the live value through OpenBLAS's
own functions, found by name in the libraries this process has loaded (what ``threadpoolctl``
does, without the dependency). Linux only; elsewhere every function answers ``None``/``False``.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

#: the variables BLAS and OpenMP libraries read when they load
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")

# symbol prefixes of OpenBLAS builds: plain, 64-bit integer, and the scipy-openblas wheels numpy
# ships (functions renamed scipy_openblas_*64_)
_PREFIXES = ("openblas_", "scipy_openblas_")
_SUFFIXES = ("", "64_", "_64_")


def _loaded_openblas() -> Iterator[str]:
    try:
        maps = Path("/proc/self/maps").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return
    seen: set[str] = set()
    for line in maps.splitlines():
        path = line.split(maxsplit=5)[-1] if line.count(" ") >= 5 else ""
        if "openblas" in Path(path).name.lower() and path not in seen:
            seen.add(path)
            yield path


def _function(name: str) -> Any:
    for path in _loaded_openblas():
        try:
            library = ctypes.CDLL(path)
        except OSError:
            continue
        for prefix in _PREFIXES:
            for suffix in _SUFFIXES:
                function = getattr(library, f"{prefix}{name}{suffix}", None)
                if function is not None:
                    return function
    return None


@lru_cache(maxsize=2)
def _functions() -> tuple[Any, Any] | None:
    import numpy  # noqa: F401  (loads OpenBLAS, so that it is in the maps)

    getter, setter = _function("get_num_threads"), _function("set_num_threads")
    if getter is None or setter is None:
        return None
    getter.restype = ctypes.c_int
    setter.argtypes = [ctypes.c_int]
    setter.restype = None
    return getter, setter


def blas_threads() -> int | None:
    """Threads OpenBLAS uses in this process now; ``None`` when it cannot be told."""
    functions = _functions()
    if functions is None:
        return None
    getter = functions[0]
    return int(getter())


def set_blas_threads(count: int) -> bool:
    """Make OpenBLAS use ``count`` threads from now on; ``False`` when it cannot be done."""
    functions = _functions()
    if functions is None:
        return False
    setter = functions[1]
    setter(count)
    return True


def process_threads() -> int | None:
    """Threads of this process as the kernel counts them (``/proc/self/status``)."""
    try:
        status = Path("/proc/self/status").read_text(encoding="utf-8")
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("Threads:"):
            return int(line.split()[1])
    return None
