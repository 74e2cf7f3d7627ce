"""The day each step happened, and why a step was entered late: case_events.effective_on, late_reason.

Revision ID: 7e2d5c1a9b40
Revises: 5e2b8c41d7a9
Create Date: 2026-12-04 14:45:00

"""

import sqlalchemy as sa
from alembic import op

revision = "7e2d5c1a9b40"
down_revision = "5e2b8c41d7a9"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("case_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("effective_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("late_reason", sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table("case_events", schema=None) as batch_op:
        batch_op.drop_column("late_reason")
        batch_op.drop_column("effective_on")
