"""Mẫu 7.1-7.11 for one province of 300,000 households on PostgreSQL.

Loads a throwaway cluster with COPY: 100 communes of 10 villages, 300,000 households with about
3.5 members each, last year's and this year's recognised statuses (about 22 % listed), a campaign
case and a completed survey with deprivations behind every status of this year. Then builds each
report for the province (rows: the 100 communes) and prints `BENCH report_province_<form> <s> s`,
plus the slowest and the mean. Target: ≤ 3 s per report. BENCH_REPORT_HOUSEHOLDS sets the size.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from _support import postgres_app  # noqa: E402  (bench/ is the script's folder)
from sqlalchemy import delete, select  # noqa: E402

from casework.extensions import db  # noqa: E402
from casework.households.queries import households_statement  # noqa: E402
from casework.models import AdminUnit, Ethnicity, KeptFigures, Role, RoleAssignment, UnitLevel, User  # noqa: E402
from casework.reports import dashboard, kept, tables  # noqa: E402
from casework.reports.definitions import form_for, form_ids  # noqa: E402
from casework.reports.queries import Period  # noqa: E402
from casework.reports.units import resolve  # noqa: E402

HOUSEHOLDS = int(os.environ.get("BENCH_REPORT_HOUSEHOLDS", "300000"))
COMMUNES = 100
VILLAGES_PER_COMMUNE = 10
INDICATORS = [
    *("employment", "dependents", "nutrition", "health_insurance", "adult_education", "child_school_attendance"),
    *("housing_quality", "housing_area", "water_source", "hygienic_latrine", "telecom_use", "information_access"),
]
COLUMNS = {
    "households": "id, village_id, permanent_address, current_address, head_sort_key, search_text, created_at, "
    "updated_at, version_id",
    "household_members": "id, household_id, position, full_name, name_search_key, sort_key, sex, birth_date, "
    "birth_date_precision, ethnicity_code, personal_id_confirmed, id_document_type, relationship_to_head, "
    "activity_status",
    "cases": "id, case_type, run_id, household_id, origin, state, provisional_class, final_class, "
    "version_id, created_at, updated_at",
    "surveys": "id, household_id, case_id, status, period, reference_date, answers_ciphertext, household_class, "
    "deprived_indicators, unverified, created_at, updated_at, version_id",
    "household_statuses": "household_id, year, household_class, movement, case_id, source, created_at",
}
NOW = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)


def _copy(cursor, table: str, columns: str, rows) -> None:  # type: ignore[no-untyped-def]
    with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _units() -> tuple[int, list[int], int]:
    """The province, its communes and their villages; returns the province id, commune ids, admin id."""
    db.session.add_all([Ethnicity(code="01", name="Kinh"), Ethnicity(code="08", name="Hmông (Mông)")])
    province = AdminUnit(level=UnitLevel.PROVINCE, code="08", name="Tỉnh Tuyên Quang", unit_type="province")
    db.session.add(province)
    db.session.flush()
    communes = [
        AdminUnit(
            level=UnitLevel.COMMUNE,
            code=f"{10000 + n:05d}",
            name=f"Xã Số {n}",
            unit_type="rural_commune",
            parent_id=province.id,
            area_type="rural",
        )
        for n in range(COMMUNES)
    ]
    db.session.add_all(communes)
    admin = User(username="admin", full_name="Quản trị", password_hash="!")  # noqa: S106 -- cannot sign in
    admin.assignments.append(RoleAssignment(role=Role.ADMIN))
    db.session.add(admin)
    db.session.commit()
    return province.id, [c.id for c in communes], admin.id


def _load(commune_ids: list[int]) -> None:
    rng = random.Random(7)  # noqa: S311 -- synthetic data, reproducible on purpose
    raw = db.engine.raw_connection()
    try:
        cursor = raw.cursor()
        _copy(
            cursor,
            "villages",
            "id, commune_id, name",
            (
                (c * VILLAGES_PER_COMMUNE + v + 1, commune_id, f"Thôn {v + 1}")
                for c, commune_id in enumerate(commune_ids)
                for v in range(VILLAGES_PER_COMMUNE)
            ),
        )
        villages = len(commune_ids) * VILLAGES_PER_COMMUNE
        _copy(
            cursor,
            "review_runs",
            "id, commune_id, kind, period_year, starts_on, settings, status, created_at",
            (
                (n + 1, cid, "periodic_campaign", 2026, dt.date(2026, 9, 1), "{}", "closed", NOW)
                for n, cid in enumerate(commune_ids)
            ),
        )
        households, members, statuses, cases, surveys = [], [], [], [], []
        member_id = case_id = 0
        for h in range(1, HOUSEHOLDS + 1):
            village = (h - 1) % villages + 1
            run_id = (village - 1) // VILLAGES_PER_COMMUNE + 1
            households.append((h, village, "x", "x", "", f"giang seo {h} | vang thi {h % 997}", NOW, NOW, 1))
            ethnicity = "08" if rng.random() < 0.6 else "01"
            for position in range(rng.choice((1, 2, 3, 4, 4, 5, 6))):
                member_id += 1
                born = dt.date(rng.randint(1940, 2025), rng.randint(1, 12), 1)
                members.append(
                    (
                        member_id, h, position, "Người", "nguoi", "nguoi", rng.choice(("male", "female")), born,
                        "day", ethnicity, False, "cccd", "head" if position == 0 else "child", "employed",
                    )
                )  # fmt: skip
            draw = rng.random()
            before = "poor" if draw < 0.12 else "near_poor" if draw < 0.22 else None
            if before:
                statuses.append((h, 2025, before, None, None, "imported", NOW))
            draw = rng.random()
            now = "poor" if draw < 0.10 else "near_poor" if draw < 0.19 else ("not_poor" if before else None)
            if now:
                case_id += 1
                cases.append((case_id, "periodic_review", run_id, h, "list", "recognised", now, now, 1, NOW, NOW))
                deprived = json.dumps(rng.sample(INDICATORS, rng.randint(0, 6) if now != "not_poor" else 0))
                surveyed = (dt.date(2026, 1, 1), dt.date(2026, 10, 1), b"-", now, deprived, False, NOW, NOW, 1)
                surveys.append((case_id, h, case_id, "completed", *surveyed))
                movement = "existing_poor" if before == now == "poor" else None
                statuses.append((h, 2026, now, movement, case_id, "decision", NOW))
        rows = {
            "households": households,
            "household_members": members,
            "cases": cases,
            "surveys": surveys,
            "household_statuses": statuses,
        }
        for table, columns in COLUMNS.items():
            _copy(cursor, table, columns, rows[table])
        raw.commit()
        cursor.execute("ANALYZE")
        raw.commit()
        print(f"BENCH report_households {len(households)} households")
        print(f"BENCH report_members {len(members)} members")
    finally:
        raw.close()


def _timed(call) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def _kept_and_search(unit) -> None:  # type: ignore[no-untyped-def]
    """Views after the first: the kept figures (kept.py), the dashboard in this process, in a new process and
    counted afresh, and a trigram household search."""
    kept_times = [_timed(lambda f=f: tables.build(form_for(f, 2026), unit, Period(2026))) for f in form_ids()]
    print(f"BENCH report_province_kept_slowest {1000 * max(kept_times):.0f} ms")
    dashboard.build(unit, NOW.date())
    print(f"BENCH dashboard_province_kept {1000 * _timed(lambda: dashboard.build(unit, NOW.date())):.0f} ms")
    kept.clear()  # a web process started since: it reads what another counted (figures_kept)
    print(f"BENCH dashboard_province_new_process {1000 * _timed(lambda: dashboard.build(unit, NOW.date())):.0f} ms")
    kept.clear()
    db.session.execute(delete(KeptFigures))  # nobody has counted yet: the province counted from its rows
    db.session.commit()
    print(f"BENCH dashboard_province_recount {1000 * _timed(lambda: dashboard.build(unit, NOW.date())):.0f} ms")
    admin = db.session.execute(select(User).where(User.username == "admin")).scalar_one()
    search = households_statement(admin, query="Vàng Thị 123").limit(25)
    db.session.execute(search).all()
    print(f"BENCH search_households_{HOUSEHOLDS} {1000 * _timed(lambda: db.session.execute(search).all()):.0f} ms")


def main() -> None:
    with postgres_app() as app:
        with app.app_context():
            province_id, commune_ids, admin_id = _units()
            _load(commune_ids)
            unit = resolve(db.session.get(User, admin_id), f"province:{province_id}")
            timings = {}
            for form_id in form_ids():
                started = time.perf_counter()
                table = tables.build(form_for(form_id, 2026), unit, Period(2026))
                timings[form_id] = time.perf_counter() - started
                assert len(table.rows) == COMMUNES
                print(f"BENCH report_province_{form_id} {timings[form_id]:.2f} s")
            _kept_and_search(unit)
            db.engine.dispose()
        print(f"BENCH report_province_slowest {max(timings.values()):.2f} s")
        print(f"BENCH report_province_mean {sum(timings.values()) / len(timings):.2f} s")


if __name__ == "__main__":
    main()
