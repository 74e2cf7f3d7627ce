"""Write the households an import plan found valid: updates through the household service, new
households in bulk (multi-row INSERTs, the members by COPY on PostgreSQL), one audit entry per household and one
for the import. Never commits.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import JSON, Column, Enum, Table, insert, text

from casework import audit
from casework.exchange.importing import ImportPlan, kept_members
from casework.extensions import db
from casework.households import service
from casework.households.data import HouseholdData
from casework.models import AuditEntry, Household, Member, Relationship, User, chain
from casework.models.base import utcnow
from casework.reports import kept
from workflow.names import normalize

INSERT_CHUNK = 2000


@dataclass
class Outcome:
    created: int
    updated: int
    skipped: int
    members: int


def apply_plan(plan: ImportPlan, actor: User, *, job_id: int | None = None) -> Outcome:
    """Write the valid households: updates through the household service, new ones in bulk."""
    new: list[HouseholdData] = []
    updated = members = 0
    for planned in plan.valid:
        data = HouseholdData(
            village_id=planned.village.id,  # type: ignore[union-attr]  # valid households have one
            permanent_address=planned.permanent_address,
            current_address=planned.current_address,
            members=[*planned.members, *kept_members(planned)],
        )
        members += len(data.members)
        if planned.existing is not None:
            service.save_household(planned.existing, data, actor)
            updated += 1
        else:
            new.append(data)
    for start in range(0, len(new), INSERT_CHUNK):
        _insert_households(new[start : start + INSERT_CHUNK], actor, job_id)
    outcome = Outcome(created=len(new), updated=updated, skipped=len(plan.invalid), members=members)
    audit.record(
        "household_import",
        user_id=actor.id,
        subject=f"import:{job_id}" if job_id else "import",
        created=outcome.created,
        updated=outcome.updated,
        skipped=outcome.skipped,
        members=outcome.members,
        rows=plan.rows,
    )
    return outcome


def _insert_households(batch: list[HouseholdData], actor: User, job_id: int | None) -> None:
    """New households in three bulk writes (households, members, audit entries).

    The unit of work would spend most of a 10,000-household import tracking objects it never
    needs again; members are still made by the household service's own ``apply_member``.
    """
    now = utcnow()
    household_rows: list[dict[str, Any]] = []
    member_rows: list[list[dict[str, Any]]] = []
    for data in batch:
        made = []
        for position, row in enumerate(data.members, start=1):
            member = _Unsaved()
            service.apply_member(member, row, position)  # type: ignore[arg-type]  # same attributes as a Member
            made.append(member)
        head = next(m for m in made if m.relationship_to_head is Relationship.HEAD)
        household_rows.append(
            {
                "village_id": data.village_id,
                "permanent_address": normalize(data.permanent_address),
                "current_address": normalize(data.current_address),
                "head_sort_key": head.sort_key,
                "search_text": " | ".join(m.name_search_key for m in made),
                "created_at": now,
                "updated_at": now,
                "version_id": 1,  # what the ORM's version counter starts at
            }
        )
        member_rows.append([_member_values(m) for m in made])
    ids = _insert(Household.__table__, household_rows, with_ids=True)
    rows = []
    for household_id, members in zip(ids, member_rows, strict=True):
        for values in members:
            values["household_id"] = household_id
            rows.append(values)
    _insert(Member.__table__, rows)
    kept.villages_changed(db.session, {row["village_id"] for row in household_rows})
    _insert(
        AuditEntry.__table__,
        [
            {
                "at": now,
                "action": "household_create",
                "user_id": actor.id,
                "subject": f"household:{household_id}",
                "details": {"members": len(members), "import_job": job_id},
                "remote_addr": None,
            }
            for household_id, members in zip(ids, member_rows, strict=True)
        ],
    )


class _Unsaved:
    """A member's values before the insert: `apply_member` writes the attributes a Member has, without
    the ORM's bookkeeping (tracking 40,000 objects nobody reads again was a third of a big import)."""


MEMBER_COLUMNS = [column for column in Member.__table__.columns if column.key not in ("id",)]


def _member_values(member: _Unsaved) -> dict[str, Any]:
    values = {}
    for column in MEMBER_COLUMNS:
        if column.key == "household_id":
            continue
        value = getattr(member, column.key, None)
        if value is None and column.default is not None and column.default.is_scalar:
            value = column.default.arg
        values[column.key] = value
    return values


def _insert(table: Table, rows: list[dict[str, Any]], *, with_ids: bool = False) -> list[int]:
    """Rows into `table` in the session's transaction; returns their new ids when asked.

    PostgreSQL: the ids are drawn from the table's sequence first, then one COPY (a hash-chained table's
    rows stamped first, as the Core insert would). Elsewhere a multi-row INSERT, stamped by the chain's hook.
    """
    connection = db.session.connection()
    if connection.dialect.name != "postgresql":
        if with_ids:
            returning = insert(table).returning(table.c.id, sort_by_parameter_order=True)
            return list(connection.execute(returning, rows).scalars())
        connection.execute(insert(table), rows)
        return []
    ids: list[int] = []
    if with_ids:
        ids = sorted(
            connection.execute(
                text("SELECT nextval(pg_get_serial_sequence(:name, 'id')) FROM generate_series(1, :n)"),
                {"name": table.name, "n": len(rows)},
            ).scalars()
        )
        for row, new_id in zip(rows, ids, strict=True):
            row["id"] = new_id
    if table.name in chain.CHAINED:
        chain.stamp(connection, table, rows)
    names = list(rows[0])
    plain = [name for name in names if _stored(table.c[name]) is None]
    converted = [(name, _stored(table.c[name])) for name in names if name not in plain]
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    with cursor.copy(f"COPY {table.name} ({', '.join(plain + [n for n, _c in converted])}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([*(row[name] for name in plain), *(store(row[name]) for name, store in converted)])
    return ids


def _stored(column: Column[Any]) -> Callable[[Any], Any] | None:
    """What the column's type would bind, when not the value itself: enums by their value
    (casework.models.base.value_enum), JSON as text."""
    if isinstance(column.type, Enum):
        return lambda value: value.value if isinstance(value, enum.Enum) else value
    if isinstance(column.type, JSON):
        return lambda value: None if value is None else json.dumps(value)
    return None
