"""The audit log: append an entry in the caller's transaction (the view commits); verify the hash chains."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import has_request_context, request
from sqlalchemy import Table, select

from casework.extensions import db
from casework.models import AuditEntry, CaseEvent
from casework.models.chain import GENESIS, digests, link


def record(action: str, *, user_id: int | None, subject: str = "", **details: Any) -> AuditEntry:
    entry = AuditEntry(
        action=action,
        user_id=user_id,
        subject=subject,
        details=details,
        remote_addr=request.remote_addr if has_request_context() else None,
    )
    db.session.add(entry)
    return entry


@dataclass(frozen=True)
class Break:
    """The first link of a chain that does not hold."""

    table: str
    row_id: int | None
    chain_seq: int
    problem: str

    def __str__(self) -> str:
        where = f"row id={self.row_id}" if self.row_id is not None else "after the last row"
        return f"{self.table}: broken at {where} (chain_seq {self.chain_seq}): {self.problem}"


def _problem(row: dict[str, Any], expected_seq: int, previous: str, table: Table) -> str | None:
    seq = row["chain_seq"]
    if seq != expected_seq:
        if seq > expected_seq:
            return f"rows chain_seq {expected_seq}..{seq - 1} are missing (deleted)"
        return f"chain_seq {seq} repeats or goes back (expected {expected_seq})"
    stored = row["column_digests"] or {}
    changed = sorted(name for name, digest in digests(table, row).items() if stored.get(name) != digest)
    if changed:
        return f"column(s) {', '.join(changed)} changed since the row was written"
    if link(previous, seq, stored) == row["row_hash"]:
        return None
    return (
        "the link to the previous row does not hold: that row was rewritten with a new hash, or this row's "
        "digests or hash were"
    )


def first_break(table: Table) -> tuple[Break | None, int]:
    """Walk one chain in order; the first broken link (or None) and the number of rows read."""
    previous, expected, count = GENESIS, 1, 0
    rows = db.session.execute(select(table).order_by(table.c.chain_seq).execution_options(yield_per=2000))
    try:
        for row in rows.mappings():
            count += 1
            problem = _problem(dict(row), expected, previous, table)
            if problem:
                return Break(table.name, row["id"], row["chain_seq"], problem), count
            previous, expected = row["row_hash"], expected + 1
    finally:
        rows.close()  # a server-side cursor on PostgreSQL, left open by an early return
    return None, count


def verify_chains() -> list[tuple[str, Break | None, int]]:
    """Each chained table: its name, its first broken link or None, and how many rows were checked."""
    results = []
    for model in (AuditEntry, CaseEvent):
        table = model.__table__
        assert isinstance(table, Table)
        broken, count = first_break(table)
        results.append((table.name, broken, count))
    return results
