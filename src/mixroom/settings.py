"""Every setting of mixroom, declared once with a default and a description.

Values come from ``MIXROOM_*`` environment variables (or a ``.env`` file in the working
directory). ``docs/settings.md`` lists them all; a test keeps the two in step.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """The whole configuration of one mixroom instance."""

    model_config = SettingsConfigDict(env_prefix="MIXROOM_", env_file=".env", extra="ignore")

    home: Path = Field(
        default=Path(".mixroom"),
        description="Folder for the embedded SQLite store, uploads and the instance secret.",
    )
    database_url: str = Field(
        default="",
        description=(
            "SQLAlchemy URL of the store, e.g. postgresql+psycopg://user@127.0.0.1:5432/mixroom. "
            "Empty means an SQLite file `mixroom.sqlite3` under `home`."
        ),
    )
    secret_key: str = Field(
        default="",
        description=(
            "Instance secret used for keyed hashes and cookies. Empty means one is generated "
            "once and kept in `home/secret_key`."
        ),
    )
    host: str = Field(default="127.0.0.1", description="Address the web server listens on.")
    port: int = Field(default=8000, description="Port the web server listens on.")
    workers: int = Field(
        default=1,
        ge=1,
        description="Server processes of `mixroom serve`; one per core serves the most requests.",
    )
    base_url: str = Field(
        default="",
        description="Public address used in absolute links. Empty: taken from the request.",
    )
    page_size: int = Field(default=50, description="Items per page of a list, unless asked.")
    max_page_size: int = Field(default=500, description="Largest page a client may ask for.")
    session_days: int = Field(default=14, description="Days a login session cookie stays valid.")
    cookie_secure: bool = Field(
        default=False, description="Mark the session cookie Secure (set it behind HTTPS)."
    )
    import_batch_size: int = Field(
        default=500, description="Rows an importer maps before it writes them to the store."
    )
    demo_admin_password: str = Field(
        default="",
        description=(
            "Password of the `admin` account created by `mixroom demo`. Empty means a random one, "
            "printed once."
        ),
    )
    log_level: str = Field(default="INFO", description="Logging level of the server and the CLI.")
    media_dir: str = Field(
        default="",
        description="Folder for uploaded media files (resized photos). Empty means `home/media`.",
    )
    media_max_bytes: int = Field(
        default=20_000_000,
        ge=1,
        description="Largest photo upload accepted, in bytes; bigger files are refused.",
    )
    video_max_bytes: int = Field(
        default=200_000_000,
        ge=1,
        description=(
            "Largest video upload accepted, in bytes; bigger files are refused (give a link to "
            "the video instead)."
        ),
    )

    def resolved_media_dir(self) -> Path:
        """Where uploaded media files are kept."""
        return Path(self.media_dir) if self.media_dir else self.home / "media"

    def resolved_database_url(self) -> str:
        """The store URL, defaulting to the embedded SQLite file."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.home / 'mixroom.sqlite3').resolve()}"
