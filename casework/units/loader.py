"""Load or update the official unit list from the CSV files in casework/data/units.

Idempotent: a unit is matched on (level, code, end date), so running it again changes only what
the files changed. Codes and names are public facts; see casework/data/units/SOURCE.md.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from casework.extensions import db
from casework.models import AdminUnit, Ethnicity, UnitLevel, UnitSuccession

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
UnitKey = tuple[UnitLevel, str, dt.date | None]


@dataclass
class LoadReport:
    created: int = 0
    updated: int = 0
    successions: int = 0
    ethnicities: int = 0


def _rows(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def _date(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


class _Upserter:
    def __init__(self, report: LoadReport) -> None:
        self.report = report
        self.units: dict[UnitKey, AdminUnit] = {
            (u.level, u.code, u.effective_to): u for u in db.session.execute(select(AdminUnit)).scalars()
        }
        self.current: dict[tuple[UnitLevel, str], AdminUnit] = {}
        self.legacy: dict[tuple[UnitLevel, str], AdminUnit] = {}

    def put(self, level: UnitLevel, row: dict[str, str], parent: AdminUnit | None) -> AdminUnit:
        effective_to = _date(row["effective_to"])
        values = {
            "name": row["name"],
            "unit_type": row["unit_type"],
            "area_type": row.get("area_type") or None,
            "legacy_province_code": row.get("legacy_province_code") or None,
            "effective_from": _date(row["effective_from"]),
        }
        unit = self.units.get((level, row["code"], effective_to))
        if unit is None:
            unit = AdminUnit(level=level, code=row["code"], effective_to=effective_to, **values)
            db.session.add(unit)
            self.units[(level, row["code"], effective_to)] = unit
            self.report.created += 1
        elif any(getattr(unit, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(unit, key, value)
            self.report.updated += 1
        unit.parent = parent
        era = self.legacy if row["era"] == "legacy" else self.current
        era[(level, row["code"])] = unit
        return unit


def load_units(data_dir: Path = DATA_DIR) -> LoadReport:
    report = LoadReport()
    upsert = _Upserter(report)
    units_dir = data_dir / "units"
    for row in _rows(units_dir / "provinces.csv"):
        upsert.put(UnitLevel.PROVINCE, row, None)
    for row in _rows(units_dir / "districts.csv"):
        upsert.put(UnitLevel.DISTRICT, row, upsert.legacy[(UnitLevel.PROVINCE, row["province_code"])])
    for row in _rows(units_dir / "communes.csv"):
        if row["era"] == "legacy":
            parent = upsert.legacy[(UnitLevel.DISTRICT, row["district_code"])]
        else:
            parent = upsert.current[(UnitLevel.PROVINCE, row["province_code"])]
        upsert.put(UnitLevel.COMMUNE, row, parent)
    db.session.flush()  # successions refer to the new units' ids

    existing = set(db.session.execute(select(UnitSuccession.old_unit_id, UnitSuccession.new_unit_id)).tuples())
    for row in _rows(units_dir / "successions.csv"):
        old = upsert.legacy[(UnitLevel(row["old_level"]), row["old_code"])]
        new = upsert.current[(UnitLevel(row["new_level"]), row["new_code"])]
        if (old.id, new.id) not in existing:
            db.session.add(
                UnitSuccession(old_unit_id=old.id, new_unit_id=new.id, effective_date=_date(row["effective_date"]))
            )
            existing.add((old.id, new.id))
            report.successions += 1

    known = {e.code: e for e in db.session.execute(select(Ethnicity)).scalars()}
    for row in _rows(data_dir / "ethnicities.csv"):
        if row["code"] not in known:
            db.session.add(Ethnicity(code=row["code"], name=row["name"]))
            report.ethnicities += 1
        elif known[row["code"]].name != row["name"]:
            known[row["code"]].name = row["name"]
    return report
