"""One table for every background job: list jobs and import jobs move into `jobs`.

Revision ID: 3c1f0a9b7d21
Revises: dd80a8af3eae
Create Date: 2026-12-04 14:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "3c1f0a9b7d21"
down_revision = "dd80a8af3eae"
branch_labels = None
depends_on = None

COMMON = ("status", "commune_id", "done_rows", "total_rows", "error", "created_by_id", "created_at", "finished_at")


def _jobs_table() -> sa.Table:
    return op.create_table(
        "jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=48), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("commune_id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("done_rows", sa.Integer(), nullable=False),
        sa.Column("total_rows", sa.Integer(), nullable=False),
        sa.Column("params", sa.JSON(), nullable=True),
        sa.Column("payload_ciphertext", sa.LargeBinary(), nullable=True),
        sa.Column("result", sa.JSON(), nullable=True),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["commune_id"], ["admin_units.id"], name=op.f("fk_jobs_commune_id_admin_units")),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name=op.f("fk_jobs_created_by_id_users")),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], name=op.f("fk_jobs_document_id_documents")),
        sa.ForeignKeyConstraint(["run_id"], ["review_runs.id"], name=op.f("fk_jobs_run_id_review_runs")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jobs")),
    )


def upgrade():
    jobs = _jobs_table()
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_jobs_commune_id"), ["commune_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_jobs_run_id"), ["run_id"], unique=False)
    bind = op.get_bind()
    old = sa.MetaData()
    list_jobs = sa.Table("list_jobs", old, autoload_with=bind)
    import_jobs = sa.Table("import_jobs", old, autoload_with=bind)
    rows = [
        {**{name: row[name] for name in COMMON}, "kind": row["kind"], "run_id": row["run_id"],
         "params": row["params"], "document_id": row["document_id"]}
        for row in bind.execute(sa.select(list_jobs)).mappings()
    ]  # fmt: skip
    rows += [
        {**{name: row[name] for name in COMMON}, "kind": "household_import", "result": row["result"],
         "payload_ciphertext": row["content_ciphertext"],
         "params": {"filename": row["filename"], "valid_only": bool(row["valid_only"]), "village_id": row["village_id"]}}
        for row in bind.execute(sa.select(import_jobs)).mappings()
    ]  # fmt: skip
    if rows:
        op.bulk_insert(jobs, rows, multiinsert=False)
    with op.batch_alter_table("list_jobs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_list_jobs_run_id"))
    op.drop_table("list_jobs")
    with op.batch_alter_table("import_jobs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_import_jobs_commune_id"))
    op.drop_table("import_jobs")


def downgrade():
    list_jobs = op.create_table(
        "list_jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=48), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("commune_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("done_rows", sa.Integer(), nullable=False),
        sa.Column("total_rows", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("params", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(["commune_id"], ["admin_units.id"], name=op.f("fk_list_jobs_commune_id_admin_units")),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name=op.f("fk_list_jobs_created_by_id_users")),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], name=op.f("fk_list_jobs_document_id_documents")),
        sa.ForeignKeyConstraint(["run_id"], ["review_runs.id"], name=op.f("fk_list_jobs_run_id_review_runs")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_list_jobs")),
    )
    with op.batch_alter_table("list_jobs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_list_jobs_run_id"), ["run_id"], unique=False)
    import_jobs = op.create_table(
        "import_jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("commune_id", sa.Integer(), nullable=False),
        sa.Column("village_id", sa.Integer(), nullable=True),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("content_ciphertext", sa.LargeBinary(), nullable=True),
        sa.Column("valid_only", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("done_rows", sa.Integer(), nullable=False),
        sa.Column("total_rows", sa.Integer(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["commune_id"], ["admin_units.id"], name=op.f("fk_import_jobs_commune_id_admin_units")),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name=op.f("fk_import_jobs_created_by_id_users")),
        sa.ForeignKeyConstraint(["village_id"], ["villages.id"], name=op.f("fk_import_jobs_village_id_villages")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_jobs")),
    )
    with op.batch_alter_table("import_jobs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_import_jobs_commune_id"), ["commune_id"], unique=False)
    bind = op.get_bind()
    jobs = sa.Table("jobs", sa.MetaData(), autoload_with=bind)
    for row in bind.execute(sa.select(jobs)).mappings():
        common = {name: row[name] for name in COMMON}
        if row["kind"] == "household_import":
            params = row["params"] or {}
            op.bulk_insert(import_jobs, [{**common, "result": row["result"], "content_ciphertext": row["payload_ciphertext"],
                                          "filename": params.get("filename", ""), "valid_only": bool(params.get("valid_only")),
                                          "village_id": params.get("village_id")}])  # fmt: skip
        elif row["run_id"] is not None:
            op.bulk_insert(list_jobs, [{**common, "kind": row["kind"], "run_id": row["run_id"], "params": row["params"],
                                        "document_id": row["document_id"]}])  # fmt: skip
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_jobs_run_id"))
        batch_op.drop_index(batch_op.f("ix_jobs_commune_id"))
    op.drop_table("jobs")
