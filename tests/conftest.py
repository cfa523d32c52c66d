"""Shared fixtures: a fresh store per test, on SQLite and (when configured) on PostgreSQL.

Every test that asks for ``engine``, ``session`` or anything built on them runs twice: once on
an SQLite file and once on the PostgreSQL server named by ``MIXROOM_TEST_DATABASE_URL``. Without
that variable the PostgreSQL run is skipped with a reason; ``.ci/run`` always sets it.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, make_url, text
from sqlalchemy.orm import Session

from mixroom.db import make_engine, make_session_factory
from mixroom.migrations import upgrade_store
from mixroom.models import Base
from mixroom.settings import Settings

PG_URL_VARIABLE = "MIXROOM_TEST_DATABASE_URL"
SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
TEST_DATA = Path(__file__).resolve().parent / "data"


def _worker() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An SQLite store migrated once; each test gets a copy of the file."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    engine = create_engine(f"sqlite:///{path}")
    upgrade_store(engine)
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A database of its own per test worker on the configured PostgreSQL server."""
    base = os.environ.get(PG_URL_VARIABLE)
    if not base:
        pytest.skip(f"{PG_URL_VARIABLE} is not set: no PostgreSQL server to test against")
    url = make_url(base)
    # the process id keeps concurrent runs on one server (several checkouts) apart
    name = f"mixroom_test_{_worker()}_{os.getpid()}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    worker_url = url.set(database=name).render_as_string(hide_password=False)
    engine = create_engine(worker_url)
    upgrade_store(engine)
    engine.dispose()
    yield worker_url
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    """Settings of a fresh instance whose store is empty and migrated."""
    home = tmp_path / "home"
    home.mkdir()
    if request.param == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        shutil.copy(template, home / "mixroom.sqlite3")
        return Settings(home=home, secret_key="test-secret", _env_file=None)  # type: ignore[call-arg]
    url: str = request.getfixturevalue("postgres_url")
    _truncate_all(url)
    return Settings(
        home=home,
        database_url=url,
        secret_key="test-secret",
        _env_file=None,  # type: ignore[call-arg]
    )


def _truncate_all(url: str) -> None:
    engine = create_engine(url)
    names = ", ".join(f'"{table.name}"' for table in Base.metadata.sorted_tables)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture
def engine(settings: Settings) -> Iterator[Engine]:
    engine = make_engine(settings)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A session on the fresh store; the test decides when to commit."""
    factory = make_session_factory(engine)
    with factory() as session:
        yield session
