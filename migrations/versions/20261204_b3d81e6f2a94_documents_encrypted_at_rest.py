"""Issued documents encrypted at rest: each document's content and context under its own AES-256-GCM
data key, stored wrapped by the configured keys (PID_ENCRYPTION_KEYS); documents already issued are
encrypted here, with the keys of the app running the migration.

Revision ID: b3d81e6f2a94
Revises: 9a4f2c7e1b60
Create Date: 2026-12-04 17:20:00

"""

import json
import os

import sqlalchemy as sa
from alembic import op
from cryptography.fernet import Fernet, MultiFernet
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

revision = "b3d81e6f2a94"
down_revision = "9a4f2c7e1b60"
branch_labels = None
depends_on = None

# The algorithm as it stood when this migration was written (casework/crypto.py may move on).
CONTENT, CONTEXT = b"document content", b"document context"


def _keys() -> MultiFernet:
    from flask import current_app

    keys = [k.strip() for k in current_app.config["PID_ENCRYPTION_KEYS"].split(",") if k.strip()]
    return MultiFernet([Fernet(k) for k in keys])


def _seal(key: bytes, plaintext: bytes, label: bytes) -> bytes:
    nonce = os.urandom(12)
    return nonce + AESGCM(key).encrypt(nonce, plaintext, label)


def upgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("context_sealed", sa.LargeBinary(), nullable=True))
        batch.add_column(sa.Column("wrapped_key", sa.LargeBinary(), nullable=True))
    connection = op.get_bind()
    documents = sa.table(
        "documents",
        sa.column("id", sa.Integer),
        sa.column("content", sa.LargeBinary),
        sa.column("context", sa.JSON),
        sa.column("context_sealed", sa.LargeBinary),
        sa.column("wrapped_key", sa.LargeBinary),
    )
    ids = connection.execute(sa.select(documents.c.id).order_by(documents.c.id)).scalars().all()
    fernet = _keys() if ids else None
    for document_id in ids:
        row = connection.execute(
            sa.select(documents.c.content, documents.c.context).where(documents.c.id == document_id)
        ).one()
        key = AESGCM.generate_key(bit_length=256)
        context = json.dumps(row.context or {}, ensure_ascii=False, sort_keys=True).encode()
        connection.execute(
            documents.update()
            .where(documents.c.id == document_id)
            .values(
                content=None if row.content is None else _seal(key, row.content, CONTENT),
                context_sealed=_seal(key, context, CONTEXT),
                wrapped_key=fernet.encrypt(key),
            )
        )
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("context")


def downgrade() -> None:
    raise RuntimeError("Documents stay encrypted: restore a backup taken before this migration to go back.")
