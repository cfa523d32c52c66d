"""Files shipped with the enrichers: topic translations, lexicons, labelled examples, weights."""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).resolve().parent


def data_path(name: str) -> Path:
    return DATA / name
