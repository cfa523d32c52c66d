"""Alembic migrations, shipped inside the package; ``upgrade_store`` runs them."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, inspect

HERE = Path(__file__).parent


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(HERE))
    config.attributes["engine"] = engine
    return config


def upgrade_store(engine: Engine, revision: str = "heads") -> None:
    """Create the store or bring it up to ``revision`` (every branch's head by default); safe to
    run again."""
    command.upgrade(alembic_config(engine), revision)


def current_revision(engine: Engine) -> str | None:
    """The revision the store is at (heads joined by "+" when branches are open), or None for
    an empty store."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        rows = connection.exec_driver_sql("SELECT version_num FROM alembic_version").all()
        return "+".join(sorted(str(row[0]) for row in rows)) or None
