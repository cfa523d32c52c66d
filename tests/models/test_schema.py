"""The shipped migrations build exactly the tables the models declare, on both stores."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from mixroom.migrations import alembic_config, current_revision, upgrade_store
from mixroom.models import Base


def test_migrations_match_models(engine: Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_upgrade_is_idempotent(engine: Engine) -> None:
    before = current_revision(engine)
    upgrade_store(engine)
    heads = ScriptDirectory.from_config(alembic_config(engine)).get_heads()
    assert current_revision(engine) == before == "+".join(sorted(heads))
    assert "0001" not in heads or len(heads) == 1
