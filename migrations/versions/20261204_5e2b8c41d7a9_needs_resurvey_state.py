"""A case waiting to be surveyed again is in the state `needs_resurvey` (no more `resurvey_pending`
flag on a `surveyed` case); a survey keeps the token of the form that made it.

Revision ID: 5e2b8c41d7a9
Revises: 3c1f0a9b7d21
Create Date: 2026-12-04 14:45:00

"""

import sqlalchemy as sa
from alembic import op

revision = "5e2b8c41d7a9"
down_revision = "3c1f0a9b7d21"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("UPDATE cases SET state = 'needs_resurvey' WHERE state = 'surveyed' AND resurvey_pending")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_column("resurvey_pending")
    with op.batch_alter_table("surveys", schema=None) as batch_op:
        batch_op.add_column(sa.Column("submission_token", sa.String(length=36), nullable=True))
        batch_op.create_index(batch_op.f("ix_surveys_submission_token"), ["submission_token"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("surveys", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_surveys_submission_token"))
        batch_op.drop_column("submission_token")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("resurvey_pending", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.execute(
        "UPDATE cases SET state = 'surveyed', resurvey_pending = "
        + ("1" if op.get_bind().dialect.name == "sqlite" else "true")
        + " WHERE state = 'needs_resurvey'"
    )
