"""A small administrative world for tests: two provinces, a legacy district, communes, villages,
one household per village and one user per role, so every scope can be checked both ways."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache

from casework.auth.passwords import hash_password
from casework.extensions import db
from casework.households.data import HouseholdData, MemberData
from casework.households.service import save_household
from casework.models import (
    ActivityStatus,
    AdminUnit,
    Ethnicity,
    Relationship,
    ReviewRun,
    Role,
    RoleAssignment,
    RunKind,
    Sex,
    UnitLevel,
    UnitSuccession,
    User,
    Village,
)

PASSWORD = "mat-khau-thu-nghiem"
MERGER = dt.date(2025, 7, 1)
LEGACY_END = dt.date(2025, 6, 30)


@lru_cache(maxsize=1)
def password_hash() -> str:
    return hash_password(PASSWORD)


@dataclass
class World:
    ids: dict[str, int] = field(default_factory=dict)
    households: dict[str, int] = field(default_factory=dict)  # village key -> household id
    users: dict[str, int] = field(default_factory=dict)  # username -> id


def _unit(level: UnitLevel, code: str, name: str, unit_type: str, parent: AdminUnit | None, legacy: bool) -> AdminUnit:
    unit = AdminUnit(
        level=level,
        code=code,
        name=name,
        unit_type=unit_type,
        parent=parent,
        effective_from=None if legacy else MERGER,
        effective_to=LEGACY_END if legacy else None,
        area_type=("rural" if unit_type == "rural_commune" else "urban") if level is UnitLevel.COMMUNE else None,
    )
    db.session.add(unit)
    return unit


def member(name: str, sex: Sex, born: dt.date, relationship: Relationship, pid: str | None = None) -> MemberData:
    return MemberData(
        full_name=name,
        sex=sex,
        birth_date=born,
        relationship_to_head=relationship,
        activity_status=ActivityStatus.EMPLOYED,
        ethnicity_code="01",
        personal_id=pid,
    )


def add_user(username: str, role: Role, unit: AdminUnit | None = None, village: Village | None = None) -> User:
    user = User(username=username, full_name=username.title(), password_hash=password_hash())
    user.assignments.append(RoleAssignment(role=role, unit=unit, village=village))
    db.session.add(user)
    return user


def build_world() -> World:
    """Legacy district 026 (province 02) held communes 00715 and 00733, now communes of province 08;
    00900 came from district 027; province 01 has commune 00004."""
    world = World()
    db.session.add_all([Ethnicity(code="01", name="Kinh"), Ethnicity(code="08", name="Hmông (Mông)")])
    old_province = _unit(UnitLevel.PROVINCE, "02", "Tỉnh Hà Giang", "province", None, legacy=True)
    district = _unit(UnitLevel.DISTRICT, "026", "Huyện Đồng Văn", "rural_district", old_province, legacy=True)
    other_district = _unit(UnitLevel.DISTRICT, "027", "Huyện Mèo Vạc", "rural_district", old_province, legacy=True)
    old_a = _unit(UnitLevel.COMMUNE, "00715", "Xã Lũng Cú", "rural_commune", district, legacy=True)
    old_b = _unit(UnitLevel.COMMUNE, "00733", "Xã Sà Phìn", "rural_commune", district, legacy=True)
    old_c = _unit(UnitLevel.COMMUNE, "00900", "Xã Pải Lủng", "rural_commune", other_district, legacy=True)
    province = _unit(UnitLevel.PROVINCE, "08", "Tỉnh Tuyên Quang", "province", None, legacy=False)
    other_province = _unit(UnitLevel.PROVINCE, "01", "Thành phố Hà Nội", "central_city", None, legacy=False)
    commune_a = _unit(UnitLevel.COMMUNE, "00715", "Xã Lũng Cú", "rural_commune", province, legacy=False)
    commune_a.legacy_province_code = "02"  # Hà Giang: scoring region NT2
    commune_b = _unit(UnitLevel.COMMUNE, "00733", "Xã Sà Phìn", "rural_commune", province, legacy=False)
    commune_c = _unit(UnitLevel.COMMUNE, "00900", "Xã Pải Lủng", "rural_commune", province, legacy=False)
    commune_d = _unit(UnitLevel.COMMUNE, "00004", "Phường Ba Đình", "ward", other_province, legacy=False)
    db.session.flush()
    for old, new in ((old_a, commune_a), (old_b, commune_b), (old_c, commune_c)):
        db.session.add(UnitSuccession(old_unit_id=old.id, new_unit_id=new.id, effective_date=MERGER))
    villages = {
        "a1": Village(commune=commune_a, name="Thôn Lô Lô Chải"),
        "a2": Village(commune=commune_a, name="Thôn Thèn Pả"),
        "b1": Village(commune=commune_b, name="Thôn Sà Phìn A"),
        "c1": Village(commune=commune_c, name="Thôn Pải Lủng"),
        "d1": Village(commune=commune_d, name="Tổ dân phố 1"),
    }
    db.session.add_all(villages.values())
    db.session.flush()
    heads = {
        "a1": ("Giàng Seo Páo", "002080001001"),
        "a2": ("Vàng Thị Mỷ", "002185002002"),
        "b1": ("Sùng Mí Chứ", "002075003003"),
        "c1": ("Lò Văn Dính", "002090004004"),
        "d1": ("Nguyễn Thị Đào", "001188005005"),
    }
    for key, village in villages.items():
        name, pid = heads[key]
        sex = Sex.FEMALE if " Thị " in name else Sex.MALE
        born = dt.date(1900 + int(pid[4:6]) + (100 if pid[3] in "23" else 0), 5, 17)
        data = HouseholdData(
            village_id=village.id,
            permanent_address=f"{village.name}",
            current_address=f"{village.name}",
            members=[member(name, sex, born, Relationship.HEAD, pid)],
        )
        world.households[key] = save_household(None, data, actor=None).id
        world.ids[f"village_{key}"] = village.id
    world.ids.update(
        commune_a=commune_a.id,
        commune_b=commune_b.id,
        commune_c=commune_c.id,
        commune_d=commune_d.id,
        province=province.id,
        district=district.id,
    )
    users = [
        add_user("admin", Role.ADMIN),
        add_user("tinh", Role.PROVINCE_VIEWER, unit=province),
        add_user("huyen", Role.UPPER_REVIEWER, unit=district),
        add_user("chutich", Role.COMMUNE_CHAIRMAN, unit=commune_a),
        add_user("canbo", Role.COMMUNE_STAFF, unit=commune_a),
        add_user("rasoat", Role.REVIEWER, unit=commune_a),
        add_user("truongthon", Role.VILLAGE_HEAD, village=villages["a1"]),
        add_user("mttq", Role.FRONT_SUPERVISOR, unit=commune_a),
        add_user("canbo_b", Role.COMMUNE_STAFF, unit=commune_b),
    ]
    db.session.flush()
    world.users = {u.username: u.id for u in users}
    db.session.commit()
    return world


def add_household(world: World, village: str = "a1", head: str = "Thào Mí Dế", born: dt.date | None = None) -> int:
    """One more household in a village of the world (by key), its head the only member; not committed."""
    data = HouseholdData(
        village_id=world.ids[f"village_{village}"],
        permanent_address="Thôn",
        current_address="Thôn",
        members=[member(head, Sex.MALE, born or dt.date(1980, 3, 2), Relationship.HEAD)],
    )
    return save_household(None, data, actor=None).id


def monthly_run(world: World, *, month: int = 10, year: int = 2026) -> ReviewRun:
    """A regular-review cycle of commune a, starting on the 15th (not committed)."""
    run = ReviewRun(
        commune_id=world.ids["commune_a"],
        kind=RunKind.MONTHLY_CYCLE,
        period_year=year,
        period_month=month,
        starts_on=dt.date(year, month, 15),
        ends_on=dt.date(year, month, 30),
        settings={},
    )
    db.session.add(run)
    return run
