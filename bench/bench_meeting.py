"""Advance a campaign of 10,000 cases through a village-meeting batch on PostgreSQL.

Prints `BENCH meeting_batch_transitions_per_second <n> transitions/s` (documents excluded: the
minutes are stored once as prepared bytes, not rendered, so the figure is the state machine, the
guards, the audit events and the database). BENCH_MEETING_CASES sets the number of cases.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from _support import postgres_app  # noqa: E402  (bench/ is the script's folder)

from casework import permissions  # noqa: E402
from casework.cases import transitions  # noqa: E402
from casework.documents import service as documents  # noqa: E402
from casework.extensions import db  # noqa: E402
from casework.models import (  # noqa: E402
    AdminUnit,
    Case,
    CaseType,
    Household,
    ReviewRun,
    Role,
    RoleAssignment,
    RunKind,
    UnitLevel,
    User,
    Village,
)

CASES = int(os.environ.get("BENCH_MEETING_CASES", "10000"))


def _setup(app) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    province = AdminUnit(level=UnitLevel.PROVINCE, code="08", name="Tỉnh Tuyên Quang", unit_type="province")
    commune = AdminUnit(
        level=UnitLevel.COMMUNE,
        code="00715",
        name="Xã Lũng Cú",
        unit_type="rural_commune",
        parent=province,
        area_type="rural",
    )
    village = Village(commune=commune, name="Thôn Lô Lô Chải")
    head = User(username="truongthon", full_name="Thào Seo Sính", password_hash="!")  # noqa: S106 -- cannot sign in
    head.assignments.append(RoleAssignment(role=Role.VILLAGE_HEAD, village=village))
    run = ReviewRun(
        commune=commune,
        kind=RunKind.MONTHLY_CYCLE,
        period_year=2026,
        period_month=10,
        starts_on=dt.date(2026, 10, 15),
        ends_on=dt.date(2026, 10, 30),
        settings={},
    )
    db.session.add_all([province, commune, village, head, run])
    db.session.flush()
    households = [Household(village_id=village.id, permanent_address="x", current_address="x") for _ in range(CASES)]
    db.session.add_all(households)
    db.session.flush()
    db.session.add_all(
        Case(
            case_type=CaseType.REGULAR_REVIEW,
            run_id=run.id,
            household_id=h.id,
            origin="request",
            state="surveyed",
            provisional_class="poor",
        )
        for h in households
    )
    db.session.commit()
    return run.id, head.id


def main() -> None:
    with postgres_app() as app:
        with app.app_context():
            run_id, head_id = _setup(app)
        with app.test_request_context():
            actor = db.session.get(User, head_id)
            cases = db.session.query(Case).filter_by(run_id=run_id).all()
            minutes = documents.store_upload("meeting_minutes", b"%PDF-1.7 minutes", actor=actor)
            started = time.perf_counter()
            role = permissions.require_fire(actor, cases[0], "pass_meeting")
            transitions.apply_many(
                cases,
                "pass_meeting",
                actor=actor,
                role=role,
                documents=[minutes],
                today=dt.date(2026, 10, 20),
                agree_count=20,
                disagree_count=7,
                abstain_count=3,
                attendee_count=30,
            )
            db.session.commit()
            elapsed = time.perf_counter() - started
            moved = db.session.query(Case).filter_by(run_id=run_id, state="meeting_passed").count()
            db.engine.dispose()
        assert moved == CASES, moved
        print(f"BENCH meeting_batch_cases {CASES} cases")
        print(f"BENCH meeting_batch_seconds {elapsed:.2f} s")
        print(f"BENCH meeting_batch_transitions_per_second {CASES / elapsed:.0f} transitions/s")


if __name__ == "__main__":
    main()
