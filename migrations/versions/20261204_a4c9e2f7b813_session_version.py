"""A session version on each user: sign-out and password change end every session (users.session_version).

Revision ID: a4c9e2f7b813
Revises: a4c7e9d2b610
Create Date: 2026-12-04 16:45:00

"""

import sqlalchemy as sa
from alembic import op

revision = "a4c9e2f7b813"
down_revision = "a4c7e9d2b610"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("session_version", sa.Integer(), server_default="0", nullable=False))


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("session_version")
