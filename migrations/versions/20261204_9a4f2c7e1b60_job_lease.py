"""A job's lease: the worker renews it while running; a lapsed lease marks the job failed and retryable.

Revision ID: 9a4f2c7e1b60
Revises: 7e2d5c1a9b40
Create Date: 2026-12-04 17:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "9a4f2c7e1b60"
down_revision = "7e2d5c1a9b40"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("jobs") as batch:
        batch.add_column(sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("interrupted", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("jobs") as batch:
        batch.drop_column("interrupted")
        batch.drop_column("heartbeat_at")
