"""The audit log and the case events: append-only in the database, hash-chained, checked by `flask audit verify`."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import create_engine, func, insert, select, text
from sqlalchemy.exc import DatabaseError

from casework import audit
from casework.cases import events
from casework.extensions import db
from casework.models import AuditEntry, CaseEvent, Role, User, chain
from tests.support import postgres
from tests.support.world import World

TABLES = ("audit_entries", "case_events")


def _verify(app: Flask) -> tuple[int, str]:
    result = app.test_cli_runner().invoke(args=["audit", "verify"])
    return result.exit_code, result.output


def _behind_the_apps_back(app: Flask, statement: str) -> None:
    """What someone with the database in hand does: drop the triggers, change a row, put the triggers back."""
    with app.app_context():
        connection = db.session.connection()
        with chain.suspended(connection):
            connection.exec_driver_sql(statement)
        db.session.commit()


@pytest.fixture
def written(app: Flask, create_case: Callable[..., object], world: World) -> None:
    """A case walked to its meeting (ORM events), a batch of events (one Core insert) and audit entries."""
    create_case("posted")
    with app.app_context():
        case_id, state = db.session.execute(select(CaseEvent.case_id, CaseEvent.to_state).limit(1)).one()
        actor = db.session.execute(select(User).where(User.username == "canbo")).scalar_one()
        rows = [
            events.values(case_id, actor=actor, role=Role.COMMUNE_STAFF, trigger="note", from_state=state,
                          to_state=state, facts={"batch": n, "list": [1, 2], 3: "int key"})
            for n in range(5)
        ]  # fmt: skip
        events.record_many(rows)
        for n in range(3):
            audit.record("household_view", user_id=actor.id, subject=f"household:{n}", note="xem hộ")
        db.session.execute(insert(AuditEntry.__table__), [{"action": "bulk", "user_id": None} for _ in range(2)])
        db.session.commit()


def test_rows_written_every_way_form_one_intact_chain_per_table(app: Flask, written: None) -> None:
    code, output = _verify(app)
    assert code == 0, output
    assert "audit_entries: intact" in output and "case_events: intact" in output
    with app.app_context():
        for model in (AuditEntry, CaseEvent):
            seqs = db.session.execute(select(model.chain_seq).order_by(model.chain_seq)).scalars().all()
            assert seqs == list(range(1, len(seqs) + 1)) and len(seqs) >= 5


@pytest.mark.parametrize("table", TABLES)
@pytest.mark.parametrize("statement", ["UPDATE {table} SET chain_seq = chain_seq", "DELETE FROM {table}"])
def test_the_database_refuses_to_change_or_delete_a_row(app: Flask, written: None, table: str, statement: str) -> None:
    with app.app_context():
        with pytest.raises(DatabaseError, match="append-only"):
            db.session.execute(text(statement.format(table=table)))
        db.session.rollback()
        assert db.session.execute(text(f"SELECT count(*) FROM {table}")).scalar_one() >= 5


def test_an_edited_row_is_found_by_verify(app: Flask, written: None) -> None:
    with app.app_context():
        target = db.session.execute(select(CaseEvent.id).order_by(CaseEvent.chain_seq).offset(2).limit(1)).scalar()
    _behind_the_apps_back(app, f"UPDATE case_events SET to_state = 'approved' WHERE id = {target}")
    code, output = _verify(app)
    assert code == 1
    assert (
        f"case_events: broken at row id={target} (chain_seq 3)" in output
        and "column(s) to_state changed since the row was written" in output
    )
    assert "audit_entries: intact" in output


def test_a_deleted_row_is_found_by_verify(app: Flask, written: None) -> None:
    with app.app_context():
        after = db.session.execute(select(AuditEntry.id).where(AuditEntry.chain_seq == 3)).scalar_one()
    _behind_the_apps_back(app, "DELETE FROM audit_entries WHERE chain_seq = 2")
    code, output = _verify(app)
    assert code == 1
    assert f"audit_entries: broken at row id={after} (chain_seq 3): rows chain_seq 2..2 are missing" in output


def test_rows_cut_off_the_end_are_found_against_an_anchor(app: Flask, written: None, tmp_path: Path) -> None:
    """Deleting the newest rows leaves a chain that holds by itself; the head written down the day before
    (`flask audit anchor`) shows they were there."""
    anchored = app.test_cli_runner().invoke(args=["audit", "anchor"])
    assert anchored.exit_code == 0, anchored.output
    anchor_file = tmp_path / "anchors.txt"
    anchor_file.write_text(anchored.output)
    heads = dict(line.split(" ", 1) for line in anchored.output.splitlines())
    assert set(heads) == set(TABLES)

    def verify_with_anchors() -> tuple[int, str]:
        result = app.test_cli_runner().invoke(args=["audit", "verify", "--anchors", str(anchor_file)])
        return result.exit_code, result.output

    code, output = verify_with_anchors()
    assert code == 0 and "audit_entries: anchor" in output and "mốc còn nguyên" in output, output
    with app.app_context():
        last = db.session.execute(select(func.max(AuditEntry.chain_seq))).scalar_one()
    _behind_the_apps_back(app, f"DELETE FROM audit_entries WHERE chain_seq >= {last - 1}")
    assert _verify(app)[0] == 0  # the chain alone cannot tell
    code, output = verify_with_anchors()
    assert code == 1
    assert f"the anchored row chain_seq {last} is gone; the chain now ends at {last - 2}" in output

    anchor_file.write_text("audit_entries 12 not-a-hash\n")
    code, output = verify_with_anchors()
    assert code == 1 and "Dòng mốc không hợp lệ" in output


def test_a_row_rewritten_with_a_fresh_hash_breaks_the_next_link(app: Flask, written: None) -> None:
    """Recomputing the edited row's own hash is not enough: the next row still names the old one."""
    with app.app_context():
        table = AuditEntry.__table__
        row = dict(db.session.execute(select(table).where(table.c.chain_seq == 2)).mappings().one())
        previous = db.session.execute(select(table.c.row_hash).where(table.c.chain_seq == 1)).scalar_one()
        row["action"] = "forged"
        forged_digests = chain.digests(table, row)  # type: ignore[arg-type]
        forged = chain.link(previous, 2, forged_digests)
        following = db.session.execute(select(table.c.id).where(table.c.chain_seq == 3)).scalar_one()
    _behind_the_apps_back(
        app,
        f"UPDATE audit_entries SET action = 'forged', row_hash = '{forged}', "
        f"column_digests = '{json.dumps(forged_digests)}' WHERE chain_seq = 2",
    )
    code, output = _verify(app)
    assert code == 1 and f"audit_entries: broken at row id={following} (chain_seq 3)" in output


def test_concurrent_writers_queue_instead_of_forking_the_chain(app: Flask, world: World) -> None:
    """Eight threads, each with its own connection and transactions, write twenty entries each."""
    failures: list[BaseException] = []

    def writer(number: int) -> None:
        with app.app_context():
            try:
                for n in range(20):
                    audit.record("concurrent", user_id=None, subject=f"writer:{number}", n=n)
                    db.session.commit()
            except BaseException as error:
                failures.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=writer, args=(number,)) for number in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    with app.app_context():
        count = db.session.execute(select(func.count()).where(AuditEntry.action == "concurrent")).scalar_one()
        assert count == 160
    code, output = _verify(app)
    assert code == 0, output


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_schema_built_with_create_all_has_the_triggers_too(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
        listing = "SELECT name FROM sqlite_master WHERE type = 'trigger'"
        expected = {f"{t}_no_{verb}" for t in TABLES for verb in ("update", "delete")}
    else:
        url = postgres.create_database(request.getfixturevalue("postgres_cluster"), "chain_create_all")
        listing = "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"
        expected = {f"{t}_append_only" for t in TABLES}
    engine = create_engine(url)
    db.metadata.create_all(engine)
    with engine.begin() as connection:
        triggers = connection.exec_driver_sql(listing).scalars().all()
    assert set(triggers) >= expected
    with engine.begin() as connection:
        connection.execute(insert(AuditEntry.__table__), [{"action": "login", "user_id": None}])
    with engine.begin() as connection, pytest.raises(DatabaseError, match="append-only"):
        connection.exec_driver_sql("DELETE FROM audit_entries")
    engine.dispose()
