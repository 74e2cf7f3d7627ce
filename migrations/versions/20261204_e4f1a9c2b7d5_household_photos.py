"""Photos of a household's dwelling from the field app, encrypted at rest, with GPS when consented.

Revision ID: e4f1a9c2b7d5
Revises: c7a51e3d9f02
Create Date: 2026-12-04 21:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "e4f1a9c2b7d5"
down_revision = "c7a51e3d9f02"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "household_photos",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("household_id", sa.Integer(), nullable=False),
        sa.Column("sealed_content", sa.LargeBinary(), nullable=False),
        sa.Column("wrapped_key", sa.LargeBinary(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("media_type", sa.String(length=40), nullable=False),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("gps_consent", sa.Boolean(), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("accuracy_m", sa.Integer(), nullable=True),
        sa.Column("entered_offline", sa.Boolean(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"]),
        sa.ForeignKeyConstraint(["household_id"], ["households.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("household_photos", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_household_photos_household_id"), ["household_id"], unique=False)


def downgrade():
    with op.batch_alter_table("household_photos", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_household_photos_household_id"))
    op.drop_table("household_photos")
