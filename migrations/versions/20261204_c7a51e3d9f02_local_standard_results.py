"""Surveys keep their class under the province's local standard beside the national one (standard.md §11.9).

Surveys completed before keep NULL: no local standard was applied then.

Revision ID: c7a51e3d9f02
Revises: c5a1f3e8d902
Create Date: 2026-12-04 18:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "c7a51e3d9f02"
down_revision = "c5a1f3e8d902"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("surveys", schema=None) as batch_op:
        batch_op.add_column(sa.Column("local_rule_set_id", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("local_rule_set_version", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("local_household_class", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("local_result_ciphertext", sa.LargeBinary(), nullable=True))
        batch_op.create_index(batch_op.f("ix_surveys_local_household_class"), ["local_household_class"], unique=False)


def downgrade():
    with op.batch_alter_table("surveys", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_surveys_local_household_class"))
        batch_op.drop_column("local_result_ciphertext")
        batch_op.drop_column("local_household_class")
        batch_op.drop_column("local_rule_set_version")
        batch_op.drop_column("local_rule_set_id")
