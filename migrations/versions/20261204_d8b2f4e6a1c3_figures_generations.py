"""Kept report figures: a counter per commune moved on by every change to what reports count
(figures_generations); cached Mẫu 7.x and dashboard figures of a commune are valid while it stands.

Revision ID: d8b2f4e6a1c3
Revises: c5e1a7d3f920
Create Date: 2026-12-04 20:20:00

"""

import sqlalchemy as sa
from alembic import op

revision = "d8b2f4e6a1c3"
down_revision = "c5e1a7d3f920"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "figures_generations",
        sa.Column("commune_id", sa.Integer(), nullable=False),
        sa.Column("generation", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["commune_id"], ["admin_units.id"], name=op.f("fk_figures_generations_commune_id_admin_units")
        ),
        sa.PrimaryKeyConstraint("commune_id", name=op.f("pk_figures_generations")),
    )


def downgrade():
    op.drop_table("figures_generations")
