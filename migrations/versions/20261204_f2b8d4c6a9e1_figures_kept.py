"""Kept report figures shared by every web process: a commune's figures of a report key with the counter they
were counted at (figures_kept), so a new or restarted process does not recount the province; and an
index on documents.storage_path, for `flask documents prune` to find which stored files a document names.

Revision ID: f2b8d4c6a9e1
Revises: f2b8d4a6c913
Create Date: 2026-12-04 22:40:00

"""

import sqlalchemy as sa
from alembic import op

revision = "f2b8d4c6a9e1"
down_revision = "f2b8d4a6c913"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "figures_kept",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("commune_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("generation", sa.Integer(), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["commune_id"],
            ["admin_units.id"],
            name=op.f("fk_figures_kept_commune_id_admin_units"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("key", "commune_id", name=op.f("pk_figures_kept")),
    )
    op.create_index(op.f("ix_documents_storage_path"), "documents", ["storage_path"], unique=False)


def downgrade():
    op.drop_index(op.f("ix_documents_storage_path"), table_name="documents")
    op.drop_table("figures_kept")
