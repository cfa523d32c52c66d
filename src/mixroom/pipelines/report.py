"""What an import did: counts per noun and every row it could not use."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class BadRow:
    """A row that was left out, and why. ``line`` is the first physical line of the row
    (for JSON inputs, the 1-based position of the item in its resource)."""

    file: str
    line: int
    reason: str


@dataclass
class NounCounts:
    added: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class ImportReport:
    """The outcome of one import run; the CLI prints it, tests assert on it."""

    kind: str
    path: str
    rows_read: int = 0
    counts: dict[str, NounCounts] = field(default_factory=dict)
    bad_rows: list[BadRow] = field(default_factory=list)

    def count(self, noun: str) -> NounCounts:
        return self.counts.setdefault(noun, NounCounts())

    @property
    def added(self) -> int:
        return sum(c.added for c in self.counts.values())

    @property
    def updated(self) -> int:
        return sum(c.updated for c in self.counts.values())

    @property
    def unchanged(self) -> int:
        return sum(c.unchanged for c in self.counts.values())

    @property
    def nothing_new(self) -> bool:
        return self.added == 0 and self.updated == 0
