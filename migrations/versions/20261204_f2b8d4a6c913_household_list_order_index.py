"""Household list at a province's scale: one index in the list's order (head_sort_key, id) that on PostgreSQL
also carries village_id and search_text, so a broad search reads it in order and stops at the page's last
match without visiting the table; it replaces the index on head_sort_key alone.

Revision ID: f2b8d4a6c913
Revises: e4f1a9c2b7d5
Create Date: 2026-12-04 22:40:00

"""

from alembic import op

revision = "f2b8d4a6c913"
down_revision = "e4f1a9c2b7d5"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        "ix_households_list_order",
        "households",
        ["head_sort_key", "id"],
        postgresql_include=["village_id", "search_text"],
    )
    op.drop_index("ix_households_head_sort_key", table_name="households")


def downgrade():
    op.create_index("ix_households_head_sort_key", "households", ["head_sort_key"])
    op.drop_index("ix_households_list_order", table_name="households")
