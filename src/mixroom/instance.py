"""The running instance: settings, engine and session factory built once, and the secret."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from functools import cached_property

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from mixroom.db import make_engine, make_session_factory
from mixroom.migrations import upgrade_store
from mixroom.settings import Settings


@dataclass
class Instance:
    """Everything one process needs to reach the store. Building it connects to nothing."""

    settings: Settings

    @cached_property
    def engine(self) -> Engine:
        return make_engine(self.settings)

    @cached_property
    def sessions(self) -> sessionmaker[Session]:
        return make_session_factory(self.engine)

    @cached_property
    def secret(self) -> str:
        """The instance secret: the setting, or one generated once and kept under ``home``."""
        if self.settings.secret_key:
            return self.settings.secret_key
        path = self.settings.home / "secret_key"
        if not path.exists():
            self.settings.home.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_urlsafe(32))
            path.chmod(0o600)
        return path.read_text().strip()

    def upgrade(self) -> None:
        """Create the store or bring it to the latest schema."""
        upgrade_store(self.engine)
