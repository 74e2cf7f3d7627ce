"""Village meetings: disagree and abstain counts per vote, opinions and the Front's supervision remarks.

Votes recorded before keep NULL counts (not counted then); meetings keep empty opinions and remarks.

Revision ID: b41e6d2f8c37
Revises: b3d81e6f2a94
Create Date: 2026-12-04 16:45:00

"""

import sqlalchemy as sa
from alembic import op

revision = "b41e6d2f8c37"
down_revision = "b3d81e6f2a94"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("village_meetings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("opinions", sa.Text(), server_default="", nullable=False))
        batch_op.add_column(sa.Column("supervisor_remarks", sa.Text(), server_default="", nullable=False))
    with op.batch_alter_table("meeting_votes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("disagree_count", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("abstain_count", sa.Integer(), nullable=True))
        batch_op.create_check_constraint(op.f("ck_meeting_votes_disagree_not_negative"), "disagree_count >= 0")
        batch_op.create_check_constraint(op.f("ck_meeting_votes_abstain_not_negative"), "abstain_count >= 0")
        batch_op.create_check_constraint(
            op.f("ck_meeting_votes_votes_within_attendance"),
            "agree_count + coalesce(disagree_count, 0) + coalesce(abstain_count, 0) <= attendee_count",
        )


def downgrade():
    with op.batch_alter_table("meeting_votes", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_meeting_votes_votes_within_attendance"), type_="check")
        batch_op.drop_constraint(op.f("ck_meeting_votes_abstain_not_negative"), type_="check")
        batch_op.drop_constraint(op.f("ck_meeting_votes_disagree_not_negative"), type_="check")
        batch_op.drop_column("abstain_count")
        batch_op.drop_column("disagree_count")
    with op.batch_alter_table("village_meetings", schema=None) as batch_op:
        batch_op.drop_column("supervisor_remarks")
        batch_op.drop_column("opinions")
