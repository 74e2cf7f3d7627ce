"""Import 10,000 households with their members from an .xlsx, then export them, on PostgreSQL.

Prints `BENCH exchange_import_10k <s> s` (read the file, check every row, write every household,
one commit: what the import job does), `BENCH exchange_import_rate <n> households/s` (the same run; the
target is at least 2,000) and `BENCH exchange_export_10k <s> s` (the household list
with its members' sheet, masked ID numbers). BENCH_EXCHANGE_HOUSEHOLDS sets the number of households.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from _support import postgres_app  # noqa: E402  (bench/ is the script's folder)
from sqlalchemy import func, select  # noqa: E402

from casework.exchange import household_export, service  # noqa: E402
from casework.exchange.columns import MEMBER_COLUMNS  # noqa: E402
from casework.exchange.reading import read_upload  # noqa: E402
from casework.exchange.workbook import Sheet, write_workbook  # noqa: E402
from casework.extensions import db  # noqa: E402
from casework.models import (  # noqa: E402
    AdminUnit,
    Ethnicity,
    Household,
    Member,
    Role,
    RoleAssignment,
    UnitLevel,
    User,
    Village,
)

HOUSEHOLDS = int(os.environ.get("BENCH_EXCHANGE_HOUSEHOLDS", "10000"))
VILLAGES = ["Thôn Lô Lô Chải", "Thôn Thèn Pả", "Thôn Séo Lủng", "Thôn Lũng Cú", "Thôn Tả Gia Khâu", "Thôn Má Là"]
FAMILY = ["Giàng", "Sùng", "Vàng", "Lầu", "Thào", "Hoàng", "Lý", "Mua"]
GIVEN = ["Mí Sính", "Seo Páo", "Thị Mỷ", "Mí Chứ", "Thị Dí", "Văn Tú", "Thị Hoa", "Chúng Lử"]


def _setup() -> tuple[int, int]:
    db.session.add_all([Ethnicity(code="01", name="Kinh"), Ethnicity(code="08", name="Mông")])
    province = AdminUnit(level=UnitLevel.PROVINCE, code="08", name="Tỉnh Tuyên Quang", unit_type="province")
    commune = AdminUnit(
        level=UnitLevel.COMMUNE, code="00715", name="Xã Lũng Cú", unit_type="rural_commune", parent=province
    )
    db.session.add_all([province, commune, *(Village(commune=commune, name=name) for name in VILLAGES)])
    staff = User(username="canbo", full_name="Lò Thị Mai", password_hash="!")  # noqa: S106 -- cannot sign in
    staff.assignments.append(RoleAssignment(role=Role.COMMUNE_STAFF, unit=commune))
    db.session.add(staff)
    db.session.commit()
    return commune.id, staff.id


def _person(number: int, born: dt.date, female: bool) -> str:
    century_sex = (2 if born.year >= 2000 else 0) + int(female)
    return f"002{century_sex}{born.year % 100:02d}{number:06d}"


def _file() -> bytes:
    """A commune's list: a head, a spouse and one to three children per household."""
    rng = random.Random(7)  # noqa: S311 -- synthetic test data, not secrets
    rows = []
    number = 0
    for code in range(1, HOUSEHOLDS + 1):
        village = VILLAGES[code % len(VILLAGES)]
        family = rng.choice(FAMILY)
        people = [("Chủ hộ", False, 1960 + rng.randrange(30)), ("Vợ/chồng", True, 1962 + rng.randrange(30))]
        people += [("Con", rng.random() < 0.5, 2005 + rng.randrange(15)) for _ in range(rng.randint(1, 3))]
        for relationship, female, year in people:
            number += 1
            born = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
            rows.append(
                {
                    "stt": number,
                    "household_code": str(code),
                    "village": village,
                    "permanent_address": f"{village}, xã Lũng Cú",
                    "full_name": f"{family} {rng.choice(GIVEN)}",
                    "sex": "Nữ" if female else "Nam",
                    "birth_date": born,
                    "ethnicity": "Mông",
                    "relationship": relationship,
                    "activity": "Đang đi học" if year >= 2005 else "Có việc làm",
                    "id_document_type": "CCCD",
                    "personal_id": _person(number, born, female),
                }
            )
    return write_workbook([Sheet(title="DANH SÁCH HỘ", columns=MEMBER_COLUMNS, rows=rows, motto=False)])


def main() -> None:
    with postgres_app(IMPORT_MAX_ROWS=HOUSEHOLDS * 6) as app:  # a head, a spouse, up to three children
        with app.app_context():
            commune_id, staff_id = _setup()
        content = _file()
        with app.test_request_context():
            user = db.session.get_one(User, staff_id)
            target = service.resolve_target(user, f"c:{commune_id}")
            started = time.perf_counter()
            source = read_upload("ho.xlsx", content)
            result = service.run_import(source, target, user, valid_only=False)
            db.session.commit()
            imported = time.perf_counter() - started
            assert result.outcome is not None, result.plan.problem_texts(5)
            households = db.session.execute(select(func.count()).select_from(Household)).scalar_one()
            members = db.session.execute(select(func.count()).select_from(Member)).scalar_one()
            assert households == HOUSEHOLDS, households
        with app.test_request_context():
            user = db.session.get_one(User, staff_id)
            started = time.perf_counter()
            export = household_export.export_households(user, purpose="Đo thời gian", full_ids=False)
            exported = time.perf_counter() - started
            assert export.rows == HOUSEHOLDS
            db.engine.dispose()
        print(f"BENCH exchange_households {households} households")
        print(f"BENCH exchange_members {members} members")
        print(f"BENCH exchange_import_10k {imported:.2f} s")
        print(f"BENCH exchange_import_rate {households / imported:.0f} households/s")
        print(f"BENCH exchange_export_10k {exported:.2f} s")


if __name__ == "__main__":
    main()
