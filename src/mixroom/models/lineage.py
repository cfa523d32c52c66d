"""LineageEdge: a typed link between two prototypes, across sites and years."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from mixroom.models.base import Record

LINEAGE_KINDS = (
    "remix-of",
    "inspired-by",
    "reuses-code-of",
    "re-staged-at",
    "continued-as",
    "industrialised-as",
)


class LineageEdge(Record):
    __tablename__ = "lineage_edges"
    __table_args__ = (
        UniqueConstraint("from_prototype_id", "to_prototype_id", "kind"),
        CheckConstraint("from_prototype_id <> to_prototype_id", name="not_self"),
    )
    noun = "lineage"

    from_prototype_id: Mapped[int] = mapped_column(
        ForeignKey("prototypes.id", ondelete="CASCADE"), index=True
    )
    to_prototype_id: Mapped[int] = mapped_column(
        ForeignKey("prototypes.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(30))
    institution_id: Mapped[int | None] = mapped_column(
        ForeignKey("institutions.id", ondelete="SET NULL"), default=None
    )
    note: Mapped[str] = mapped_column(Text, default="")
