"""Audit entries and case events append-only and hash-chained: chain_seq, column_digests, row_hash, triggers.

Existing rows are chained in id order, then the columns become NOT NULL and the triggers are created
(after the batch operations: SQLite's batch mode rebuilds the table, which would drop them).

Revision ID: a7c3e9f1b2d4
Revises: a4c9e2f7b813
Create Date: 2026-12-04 16:45:00

"""

import sqlalchemy as sa
from alembic import op

from casework.models import chain

revision = "a7c3e9f1b2d4"
down_revision = "a4c9e2f7b813"
branch_labels = None
depends_on = None


def _backfill(table_name):
    bind = op.get_bind()
    table = sa.Table(table_name, sa.MetaData(), autoload_with=bind)
    previous, seq = chain.GENESIS, 0
    for row in bind.execute(sa.select(table).order_by(table.c.id)).mappings().all():
        seq += 1
        column_digests = chain.digests(table, dict(row))
        previous = chain.link(previous, seq, column_digests)
        bind.execute(
            table.update()
            .where(table.c.id == row["id"])
            .values(chain_seq=seq, row_hash=previous, column_digests=column_digests)
        )


def upgrade():
    for table in chain.CHAINED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("chain_seq", sa.BigInteger(), nullable=True))
            batch_op.add_column(sa.Column("row_hash", sa.String(length=64), nullable=True))
            batch_op.add_column(sa.Column("column_digests", sa.JSON(), nullable=True))
        _backfill(table)
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column("chain_seq", existing_type=sa.BigInteger(), nullable=False)
            batch_op.alter_column("row_hash", existing_type=sa.String(length=64), nullable=False)
            batch_op.alter_column("column_digests", existing_type=sa.JSON(), nullable=False)
            batch_op.create_index(batch_op.f(f"ix_{table}_chain_seq"), ["chain_seq"], unique=True)
        for statement in chain.trigger_ddl(op.get_bind().dialect.name, table):
            op.execute(statement)


def downgrade():
    for table in chain.CHAINED:
        for statement in chain.drop_trigger_ddl(op.get_bind().dialect.name, table):
            op.execute(statement)
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f"ix_{table}_chain_seq"))
            batch_op.drop_column("column_digests")
            batch_op.drop_column("row_hash")
            batch_op.drop_column("chain_seq")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS casework_refuse_change()")
