"""Household search at scale: on PostgreSQL a trigram index (pg_trgm, GIN) over the diacritic-free search key,
so that `search_text LIKE '%key%'` no longer reads every household; SQLite gets a plain index of the same name.

Revision ID: c5e1a7d3f920
Revises: a7c3e9f1b2d4
Create Date: 2026-12-04 20:00:00

"""

from alembic import op

revision = "c5e1a7d3f920"
down_revision = "a7c3e9f1b2d4"
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")  # a trusted extension: the database owner may create it
    op.create_index(
        "ix_households_search_trgm",
        "households",
        ["search_text"],
        postgresql_using="gin",
        postgresql_ops={"search_text": "gin_trgm_ops"},
    )


def downgrade():
    op.drop_index("ix_households_search_trgm", table_name="households")
