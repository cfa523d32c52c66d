"""posts: the indexes of columns empty for most posts hold only the rows with a value

Revision ID: 0004_sparse_post_indexes
Revises: 0003_studies
Create Date: 2026-11-21 20:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_sparse_post_indexes"
down_revision = "0003_studies"
branch_labels = None
depends_on = None

SPARSE_COLUMNS = (
    "author_institution_id",
    "duplicate_of_id",
    "language",
    "sentiment",
    "enriched_with",
)


def upgrade() -> None:
    for column in SPARSE_COLUMNS:
        op.drop_index(f"ix_posts_{column}", table_name="posts")
        where = sa.text(f"{column} IS NOT NULL")
        op.create_index(
            f"ix_posts_{column}",
            "posts",
            [column],
            sqlite_where=where,
            postgresql_where=where,
        )


def downgrade() -> None:
    for column in SPARSE_COLUMNS:
        op.drop_index(f"ix_posts_{column}", table_name="posts")
        op.create_index(f"ix_posts_{column}", "posts", [column])
