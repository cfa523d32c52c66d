"""What network sources share: the gap they report, page bookkeeping and a per-run state."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from mixroom.pipelines.fields import RowError
from mixroom.pipelines.listen.items import parse_time

#: pages read per instance and query in one run unless the source's options say otherwise
DEFAULT_MAX_PAGES = 20


@dataclass(frozen=True)
class Gap:
    """A time window a network source could not cover, and why."""

    start: datetime | None
    end: datetime | None
    reason: str


@dataclass
class Window:
    """The span of post times one instance or query delivered in this run."""

    newest: datetime | None = None
    oldest: datetime | None = None
    newest_id: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def see(self, value: Any, item_id: str | None = None) -> None:
        try:
            moment = parse_time(value)
        except RowError:
            return
        if self.newest is None or moment > self.newest:
            self.newest = moment
            self.newest_id = item_id
        if self.oldest is None or moment < self.oldest:
            self.oldest = moment


def since(state: dict[str, Any], key: str) -> datetime | None:
    """The newest post time a previous run of the source reached for ``key``."""
    value = (state.get(key) or {}).get("newest")
    return datetime.fromisoformat(value) if isinstance(value, str) else None
