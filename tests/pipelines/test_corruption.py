"""Property: random corruption of lines of a real file never crashes an import and never
loses a good row (every row whose lines are untouched is in the store afterwards).

The store here is an in-memory SQLite built per example: the property is about reading and
mapping, and hypothesis cannot share the per-test store fixtures between its examples.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from mixroom.models import Base, Institution
from mixroom.pipelines.importers.registry import get_importer
from mixroom.pipelines.readers import read_csv
from mixroom.pipelines.runner import run_import

DATA = Path(__file__).resolve().parents[1] / "data"
IMLS = (DATA / "imls_slice.csv").read_bytes()
MUSEOFILE = (DATA / "museofile_slice.csv").read_bytes()

noise = st.binary(min_size=1, max_size=12).map(lambda b: b.replace(b"\n", b"x"))
damage = st.one_of(
    st.tuples(st.just("replace"), noise, st.integers(0, 400)),
    st.tuples(
        st.just("insert"),
        st.sampled_from([b'"', b",", b";", b"\xff\xfe", b'";"']) | noise,
        st.integers(0, 400),
    ),
    st.tuples(st.just("truncate"), st.just(b""), st.integers(0, 400)),
    st.tuples(st.just("blank"), st.just(b""), st.just(0)),
)


def corrupt(line: bytes, how: tuple[str, bytes, int]) -> bytes:
    action, data, at = how
    body, end = (line[:-1], b"\n") if line.endswith(b"\n") else (line, b"")
    at = at % (len(body) + 1)
    if action == "replace":
        return body[:at] + data + body[at + len(data) :] + end
    if action == "insert":
        return body[:at] + data + body[at:] + end
    if action == "truncate":
        return body[:at] + end
    return end


def spans(content: bytes, delimiter: str, key: str) -> dict[str, range]:
    """The physical lines of each row of the intact file, by key."""
    with tempfile.TemporaryFile() as stream:
        stream.write(content)
        stream.seek(0)
        items = list(read_csv(stream, "intact", len(content), delimiter=delimiter))
    last = content.count(b"\n") + 1
    starts = [item.line for item in items] + [last]
    return {item.data[key]: range(item.line, starts[i + 1]) for i, item in enumerate(items)}


@contextmanager
def store() -> Iterator[Session]:
    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine)
    with Session(engine) as session:
        yield session
    engine.dispose()


def check(
    kind: str,
    content: bytes,
    delimiter: str,
    key: str,
    column: str,
    damages: dict[int, tuple[str, bytes, int]],
) -> None:
    lines = content.splitlines(keepends=True)
    touched = {number for number in damages if 2 <= number <= len(lines)}
    for number in touched:
        lines[number - 1] = corrupt(lines[number - 1], damages[number])
    with tempfile.TemporaryDirectory() as folder, store() as session:
        path = Path(folder) / "corrupted.csv"
        path.write_bytes(b"".join(lines))
        report = run_import(session, get_importer(kind), path, batch_size=7)
        stored = set(session.scalars(select(getattr(Institution, column))))
    good = {
        k
        for k, lines_of_row in spans(content, delimiter, key).items()
        if not touched & set(lines_of_row)
    }
    assert good <= stored
    assert all(bad.line >= 2 and bad.reason for bad in report.bad_rows)


line_damages = st.dictionaries(st.integers(2, 200), damage, min_size=1, max_size=6)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(line_damages)
def test_corrupted_imls_lines_never_lose_good_rows(
    damages: dict[int, tuple[str, bytes, int]],
) -> None:
    check("imls", IMLS, ",", "MID", "imls_mid", damages)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(line_damages)
def test_corrupted_museofile_lines_never_lose_good_rows(
    damages: dict[int, tuple[str, bytes, int]],
) -> None:
    check("museofile", MUSEOFILE, ";", "ref", "museofile_ref", damages)
