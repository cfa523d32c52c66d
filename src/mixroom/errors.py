"""One exception tree for the whole of mixroom.

::

    MixroomError                   base; never raised itself
    ├── NotFound                   a record that does not exist (or that you may not see)
    ├── PermissionDenied           authenticated, but not allowed to do this
    ├── NotAuthenticated           this needs an account
    ├── InvalidInput               input that breaks a rule; carries per-field details
    ├── Conflict                   would duplicate a unique value or break a link
    ├── StaleVersion               an update based on an old version (If-Match mismatch)
    ├── ImportFailed               an import that cannot start (unreadable file, unknown kind)
    └── ConfigurationError         a setting that cannot work

The web edge maps them to HTTP in one place (``web/problems.py``): problem+json under ``/api``,
an error page elsewhere. The CLI prints one line and exits 1.
"""

from __future__ import annotations

from typing import Any


class MixroomError(Exception):
    """Base of every error mixroom raises on purpose."""

    status = 500
    title = "Internal error"

    def __init__(self, detail: str = "", **extra: Any) -> None:
        super().__init__(detail or self.title)
        self.detail = detail or self.title
        self.extra = extra


class NotFound(MixroomError):
    status = 404
    title = "Not found"


class PermissionDenied(MixroomError):
    status = 403
    title = "Permission denied"


class NotAuthenticated(MixroomError):
    status = 401
    title = "Authentication required"


class InvalidInput(MixroomError):
    status = 422
    title = "Invalid input"


class Conflict(MixroomError):
    status = 409
    title = "Conflict"


class StaleVersion(MixroomError):
    status = 412
    title = "Precondition failed"


class ImportFailed(MixroomError):
    status = 400
    title = "Import failed"


class ConfigurationError(MixroomError):
    status = 500
    title = "Configuration error"
