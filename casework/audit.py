"""The audit log: append an entry in the caller's transaction (the view commits); verify the hash chains.

A chain proves that no row before its last was changed or removed, but not that rows were not cut off its
end (the newest rows deleted, triggers suspended). Anchors close that gap: `flask audit anchor` writes
each chain's head (table, chain_seq, row_hash) to a place the database's administrators cannot rewrite
(a daily line in the commune's paper register, an e-mail, a write-once store), and `flask audit verify
--anchors FILE` checks that every anchored row is still there with the same hash.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import has_request_context, request
from sqlalchemy import Table, func, select

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
    for model in CHAINED:
        table = _table(model.__table__.name)
        broken, count = first_break(table)
        results.append((table.name, broken, count))
    return results


CHAINED = (AuditEntry, CaseEvent)


@dataclass(frozen=True)
class Anchor:
    """A chain's head as written down outside the database: `table chain_seq row_hash` on one line."""

    table: str
    chain_seq: int
    row_hash: str

    def __str__(self) -> str:
        return f"{self.table} {self.chain_seq} {self.row_hash}"

    @classmethod
    def parse(cls, line: str) -> Anchor:
        parts = line.split()
        names = {model.__table__.name for model in CHAINED}
        if len(parts) != 3 or parts[0] not in names or not parts[1].isdigit() or len(parts[2]) != 64:
            raise ValueError(f"Dòng mốc không hợp lệ: {line.strip()!r} (cần: bảng số_thứ_tự mã_băm).")
        return cls(parts[0], int(parts[1]), parts[2])


def _table(name: str) -> Table:
    table = next(model.__table__ for model in CHAINED if model.__table__.name == name)
    assert isinstance(table, Table)
    return table


def anchors() -> list[Anchor]:
    """The head of each chain now (a chain with no row has none)."""
    found = []
    for model in CHAINED:
        table = _table(model.__table__.name)
        head = db.session.execute(
            select(table.c.chain_seq, table.c.row_hash).order_by(table.c.chain_seq.desc()).limit(1)
        ).first()
        if head is not None:
            found.append(Anchor(table.name, head.chain_seq, head.row_hash))
    return found


def anchor_problem(anchor: Anchor) -> str | None:
    """Why the chain no longer holds the anchored row as it was, or None."""
    table = _table(anchor.table)
    row_hash = db.session.execute(
        select(table.c.row_hash).where(table.c.chain_seq == anchor.chain_seq)
    ).scalar_one_or_none()
    if row_hash is None:
        last = db.session.execute(select(func.max(table.c.chain_seq))).scalar_one_or_none() or 0
        return (
            f"{anchor.table}: the anchored row chain_seq {anchor.chain_seq} is gone; the chain now ends at "
            f"{last}: its newest rows were deleted / các dòng cuối của chuỗi đã bị xoá"
        )
    if row_hash != anchor.row_hash:
        return (
            f"{anchor.table}: row chain_seq {anchor.chain_seq} is not the one anchored (its hash differs): "
            "the chain was rewritten from there / chuỗi đã bị ghi lại"
        )
    return None
