"""The commune's register of outgoing documents: register_entries, one row per official number taken.

Revision ID: a4c7e9d2b610
Revises: b41e6d2f8c37
Create Date: 2026-12-04 17:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "a4c7e9d2b610"
down_revision = "b41e6d2f8c37"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "register_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("series", sa.String(length=30), nullable=False),
        sa.Column("symbol", sa.String(length=30), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=48), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["unit_id"], ["admin_units.id"], name=op.f("fk_register_entries_unit_id_admin_units")),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_register_entries_document_id_documents")
        ),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name=op.f("fk_register_entries_created_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_register_entries")),
        sa.UniqueConstraint(
            "unit_id", "year", "series", "number", name=op.f("uq_register_entries_unit_id_year_series_number")
        ),
        sa.UniqueConstraint(
            "unit_id", "year", "symbol", "number", name=op.f("uq_register_entries_unit_id_year_symbol_number")
        ),
    )
    with op.batch_alter_table("register_entries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_register_entries_unit_id"), ["unit_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_register_entries_document_id"), ["document_id"], unique=False)


def downgrade():
    with op.batch_alter_table("register_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_register_entries_document_id"))
        batch_op.drop_index(batch_op.f("ix_register_entries_unit_id"))
    op.drop_table("register_entries")
