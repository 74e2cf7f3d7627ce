"""The unit loader: official counts, successions that resolve old records, and idempotent updates."""

from __future__ import annotations

import shutil
from pathlib import Path

from flask import Flask
from sqlalchemy import func, select

from casework.extensions import db
from casework.models import AdminUnit, UnitLevel, UnitSuccession
from casework.units.loader import DATA_DIR, load_units


def _count(level: UnitLevel, current: bool) -> int:
    end = AdminUnit.effective_to.is_(None) if current else AdminUnit.effective_to.is_not(None)
    return db.session.execute(select(func.count(AdminUnit.id)).where(AdminUnit.level == level, end)).scalar_one()


def test_the_shipped_unit_list_loads_with_the_official_counts(app: Flask) -> None:
    with app.app_context():
        report = load_units()
        db.session.commit()
        assert report.ethnicities == 54
        assert _count(UnitLevel.PROVINCE, current=True) == 34
        assert _count(UnitLevel.COMMUNE, current=True) == 3321
        assert _count(UnitLevel.PROVINCE, current=False) == 63
        assert _count(UnitLevel.DISTRICT, current=False) > 600
        by_type = dict(
            db.session.execute(
                select(AdminUnit.unit_type, func.count())
                .where(AdminUnit.level == UnitLevel.COMMUNE, AdminUnit.effective_to.is_(None))
                .group_by(AdminUnit.unit_type)
            ).all()
        )
        assert by_type == {"rural_commune": 2621, "ward": 687, "special_zone": 13}
        # Phường Ba Đình (00004) took the code of Phường Trúc Bạch: two versions of one code.
        versions = db.session.execute(
            select(AdminUnit.name, AdminUnit.effective_to).where(
                AdminUnit.level == UnitLevel.COMMUNE, AdminUnit.code == "00004"
            )
        ).all()
        assert {name for name, _ in versions} == {"Phường Trúc Bạch", "Phường Ba Đình"}
        # Hà Giang (02) went into Tuyên Quang (08).
        old = select(AdminUnit.id).where(AdminUnit.level == UnitLevel.PROVINCE, AdminUnit.code == "02")
        successor = db.session.execute(
            select(AdminUnit.name)
            .join(UnitSuccession, UnitSuccession.new_unit_id == AdminUnit.id)
            .where(UnitSuccession.old_unit_id.in_(old))
        ).scalar_one()
        assert successor == "Tỉnh Tuyên Quang"

        again = load_units()
        assert (again.created, again.updated, again.successions, again.ethnicities) == (0, 0, 0, 0)


def test_a_renamed_unit_is_updated_in_place(app: Flask, tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "units").mkdir(parents=True)
    shutil.copy(DATA_DIR / "ethnicities.csv", data)
    for name in ("provinces.csv", "districts.csv", "successions.csv"):
        shutil.copy(DATA_DIR / "units" / name, data / "units")
    communes = (DATA_DIR / "units" / "communes.csv").read_text(encoding="utf-8")
    (data / "units" / "communes.csv").write_text(communes, encoding="utf-8")
    with app.app_context():
        load_units(data)
        db.session.commit()
        (data / "units" / "communes.csv").write_text(
            communes.replace("00715,current,Xã Lũng Cú,", "00715,current,Phường Lũng Cú,"), encoding="utf-8"
        )
        report = load_units(data)
        db.session.commit()
        assert (report.created, report.updated) == (0, 1)
        names = db.session.execute(
            select(AdminUnit.name).where(AdminUnit.code == "00715", AdminUnit.level == UnitLevel.COMMUNE)
        ).scalars()
        assert set(names) == {"Xã Lũng Cú", "Phường Lũng Cú"}  # the legacy version keeps its name
