"""Key rotation: every secret stored under an old key moves to the first configured key.

Put the new key first in CASEWORK_PID_ENCRYPTION_KEYS (old ones after it), run `flask keys rotate`,
then drop the old keys. Columns named `*_ciphertext` hold Fernet tokens and are re-encrypted; issued
documents keep their bytes and only their 32-byte data keys are re-wrapped (`wrapped_key`), so a
rotation never touches what was issued and signed. Rows are read and written in batches, by id.
"""

from __future__ import annotations

from sqlalchemy import LargeBinary, Table, select, update

from casework import crypto
from casework.extensions import db

BATCH = 500


def encrypted_columns() -> dict[Table, list[str]]:
    """Every table's Fernet columns: `*_ciphertext`, and a document's wrapped data key."""
    found: dict[Table, list[str]] = {}
    for table in db.metadata.sorted_tables:
        names = [
            column.name
            for column in table.columns
            if isinstance(column.type, LargeBinary)
            and (column.name.endswith("_ciphertext") or column.name == "wrapped_key")
        ]
        if names:
            found[table] = names
    return found


def rotate_all() -> dict[str, int]:
    """Rotate every token; the caller commits. Rows changed per table."""
    return {table.name: _rotate_table(table, names) for table, names in encrypted_columns().items()}


def _rotate_table(table: Table, names: list[str]) -> int:
    key = table.primary_key.columns.values()[0]
    changed, last = 0, None
    while True:
        query = select(key, *(table.c[name] for name in names)).order_by(key).limit(BATCH)
        if last is not None:
            query = query.where(key > last)
        rows = db.session.execute(query).all()
        if not rows:
            return changed
        for row in rows:
            values = {name: crypto.rotate(row[i + 1]) for i, name in enumerate(names) if row[i + 1] is not None}
            if values:
                # Core, not the ORM: documents refuse every change but the re-wrapping of their key.
                db.session.execute(update(table).where(key == row[0]).values(**values))
                changed += 1
        last = rows[-1][0]
