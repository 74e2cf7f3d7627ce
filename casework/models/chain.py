"""Append-only, hash-chained tables: the audit log and the case events (data-protection.md §5.4).

Each row carries `chain_seq` (1, 2, 3 ... per table, unique), `column_digests` (a short SHA-256 of each
of its other columns, so a check can name the column that changed) and `row_hash` = SHA-256 of the
previous row's hash, its own sequence number and its digests (the id is left out: a batch learns its ids
only after the insert). The values are stamped on every insert path: an ORM object in
`before_insert`, a Core `insert(table)` with parameters in the engine's `before_execute`. On PostgreSQL
the writer takes one transaction-scoped advisory lock (one key for both tables, so two writers never
wait on each other in opposite orders) before reading the chain's tail, so concurrent transactions
queue instead of forking the chain; the unique `chain_seq` refuses a fork should anything slip past.
SQLite has one writer at a time.

In the database, triggers refuse UPDATE and DELETE on both tables (`trigger_ddl`); they are created
by the migration and, for a schema built with `create_all`, by the `after_create` hook below.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Insert, Table, event, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Mapper, Session, object_session

CHAINED = ("audit_entries", "case_events")
GENESIS = "0" * 64
LOCK_KEY = 0x43484149  # "CHAI": pg_advisory_xact_lock key shared by both chained tables
_OWN = ("id", "chain_seq", "row_hash", "column_digests")


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:  # SQLite hands back naive UTC when read without the column's type
            value = value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "value") and not isinstance(value, (str, int, float, bool)):  # an enum stored by value
        return value.value
    return value


def _canonical(value: Any) -> str:
    """A value as it reads back from either database: JSON values round-tripped, times in UTC."""
    value = _plain(value)
    if isinstance(value, (dict, list, tuple)):
        value = json.loads(json.dumps(value))  # integer keys become strings, tuples lists: as stored
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def digests(table: Table, row: dict[str, Any]) -> dict[str, str]:
    """Each column's value, hashed (64 bits: enough to tell which column changed, not to forge a row)."""
    return {
        column.name: hashlib.sha256(_canonical(row.get(column.name)).encode()).hexdigest()[:16]
        for column in table.columns
        if column.name not in _OWN
    }


def link(previous_hash: str, seq: int, column_digests: dict[str, str]) -> str:
    content = json.dumps(column_digests, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(f"{previous_hash}|{seq}|{content}".encode()).hexdigest()


def _tail(connection: Connection, table: Table) -> tuple[int, str]:
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
    elif connection.dialect.name == "sqlite":
        # Take SQLite's write lock before reading the tail (a write statement matching no row does):
        # another writer then waits for it instead of reading the same tail.
        connection.exec_driver_sql(f"UPDATE {table.name} SET row_hash = row_hash WHERE 0")  # noqa: S608 - our table
    found = connection.execute(
        text(f"SELECT chain_seq, row_hash FROM {table.name} ORDER BY chain_seq DESC LIMIT 1")  # noqa: S608 - our table
    ).first()
    return (int(found[0]), str(found[1])) if found else (0, GENESIS)


def _with_defaults(table: Table, row: dict[str, Any]) -> None:
    """Fill the Python-side defaults now: the hash must cover the value the database will store."""
    for column in table.columns:
        if column.name in _OWN or row.get(column.name) is not None or column.default is None:
            continue
        default = column.default
        if getattr(default, "is_scalar", False):
            row[column.name] = default.arg  # type: ignore[attr-defined]
        elif getattr(default, "is_callable", False):
            row[column.name] = default.arg(None)  # type: ignore[attr-defined]


def stamp(
    connection: Connection, table: Table, rows: list[dict[str, Any]], tail: tuple[int, str] | None = None
) -> tuple[int, str]:
    """Give `rows` (in order) their sequence numbers and hashes after the chain's tail; returns the new tail."""
    seq, previous = tail or _tail(connection, table)
    for row in rows:
        _with_defaults(table, row)
        seq += 1
        row["column_digests"] = digests(table, row)
        previous = link(previous, seq, row["column_digests"])
        row["chain_seq"], row["row_hash"] = seq, previous
    return seq, previous


# --- the ORM path: objects added to the session ---------------------------------------------------

_TAILS = "chain_tails"  # session.info: the tail per table within one flush (its rows are not inserted yet)


def _stamp_object(mapper: Mapper[Any], connection: Connection, target: Any) -> None:
    table = mapper.local_table
    assert isinstance(table, Table)
    row = {column.name: getattr(target, column.key, None) for column in table.columns}
    session = object_session(target)
    tails = session.info.setdefault(_TAILS, {}) if session is not None else {}
    tails[table.name] = stamp(connection, table, [row], tails.get(table.name))
    for column in table.columns:
        if column.name != "id" and row.get(column.name) is not None:
            setattr(target, column.key, row[column.name])


def _forget_tails(session: Session, *_args: Any) -> None:
    session.info.pop(_TAILS, None)


def watch(*models: Any) -> None:
    """Stamp every insert of these models; called once, where the models are defined."""
    for model in models:
        event.listen(model, "before_insert", _stamp_object)
        event.listen(model.__table__, "after_create", _create_triggers)


event.listen(Session, "after_flush", _forget_tails)
event.listen(Session, "after_transaction_end", _forget_tails)


# --- the Core path: insert(table) with a list of parameters ----------------------------------------


@event.listens_for(Engine, "before_execute", retval=True)
def _stamp_core_insert(connection: Connection, clause: Any, multiparams: Any, params: Any, _options: Any) -> Any:
    if not isinstance(clause, Insert) or getattr(clause.table, "name", None) not in CHAINED:
        return clause, multiparams, params
    rows = list(multiparams) if multiparams else [params]
    if all(isinstance(row, dict) and row.get("row_hash") for row in rows):
        return clause, multiparams, params  # stamped by the ORM path
    if not all(isinstance(row, dict) for row in rows) or not rows[0]:
        raise RuntimeError("a hash-chained table is inserted with a dict of values per row")
    stamp(connection, clause.table, rows)
    return clause, multiparams, params


# --- append-only in the database -------------------------------------------------------------------

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION casework_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION USING ERRCODE = '42501',
        MESSAGE = 'append-only: ' || TG_OP || ' on ' || TG_TABLE_NAME || ' refused';
END
$$
"""


def trigger_ddl(dialect: str, table: str) -> list[str]:
    """Statements that make `table` refuse UPDATE and DELETE (TRUNCATE, an owner's act, is not a row change)."""
    if dialect == "postgresql":
        return [
            PG_FUNCTION,
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION casework_refuse_change()",
        ]
    return [
        f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
        f"BEGIN SELECT RAISE(ABORT, 'append-only: {verb} on {table} refused'); END"
        for verb in ("UPDATE", "DELETE")
    ]


def drop_trigger_ddl(dialect: str, table: str) -> list[str]:
    if dialect == "postgresql":
        return [f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}"]
    return [f"DROP TRIGGER IF EXISTS {table}_no_{verb}" for verb in ("update", "delete")]


def _create_triggers(table: Table, connection: Connection, **_kw: Any) -> None:
    for statement in trigger_ddl(connection.dialect.name, table.name):
        connection.exec_driver_sql(statement)


@contextmanager
def suspended(connection: Connection) -> Iterator[None]:
    """The triggers dropped for the block and created again (emptying a test database; a restore)."""
    dialect = connection.dialect.name
    for table in CHAINED:
        for statement in drop_trigger_ddl(dialect, table):
            connection.exec_driver_sql(statement)
    try:
        yield
    finally:
        for table in CHAINED:
            for statement in trigger_ddl(dialect, table):
                connection.exec_driver_sql(statement)
