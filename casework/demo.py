"""A plausible demo: Xã Lũng Cú (Tuyên Quang) with its villages and about 300 synthetic households,
a neighbouring commune to show that scopes hold, and one user per role.

Every person is made up. Running it twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from sqlalchemy import func, select

from casework import clock
from casework.accounts.service import assign_role, create_user
from casework.extensions import db
from casework.households.data import HouseholdData, MemberData
from casework.households.service import save_household
from casework.models import (
    ActivityStatus,
    AdminUnit,
    Household,
    HouseholdStatus,
    Relationship,
    Role,
    Sex,
    UnitLevel,
    User,
    Village,
)

DEMO_COMMUNE = "00715"  # Xã Lũng Cú, formerly in Huyện Đồng Văn (026), Hà Giang (02)
NEIGHBOUR_COMMUNE = "00733"  # Xã Sà Phìn, also from Huyện Đồng Văn
LEGACY_DISTRICT = "026"
DEMO_PASSWORD = "demo-ra-soat-2026"  # noqa: S105 -- published in the README on purpose; demo only
VILLAGES = ["Thôn Lô Lô Chải", "Thôn Thèn Pả", "Thôn Séo Lủng", "Thôn Xín Cái", "Thôn Sán Trồ", "Thôn Khó Chớ"]
NEIGHBOUR_VILLAGES = ["Thôn Sà Phìn A", "Thôn Sà Phìn B"]

FAMILY = ["Giàng", "Vàng", "Sùng", "Thào", "Lù", "Ly", "Mua", "Vừ", "Hầu", "Cháng", "Nguyễn", "Lò"]
MIDDLE_MALE = ["Seo", "Mí", "Chúng", "Văn", "Sính", "Xuân"]
MIDDLE_FEMALE = ["Thị", "Thị Mỷ", "Thị Mai"]
GIVEN_MALE = ["Páo", "Sính", "Chứ", "Dính", "Pó", "Dế", "Chư", "Súa", "Khai", "Tráng", "Hùng", "Lử"]
GIVEN_FEMALE = ["Mỷ", "Say", "Mai", "Chở", "Dợ", "Pà", "Sú", "Chía", "Lan", "Sang", "Dí", "Ly"]
ETHNICITIES = ["08", "08", "08", "08", "43", "01", "02"]  # mostly Hmông, some Lô Lô, Kinh, Tày


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    role: Role
    village: int = 0  # a village head's village, by its place in VILLAGES
    province_level: bool = False  # bound to the province rather than the commune (or the legacy district)


USERS = [
    DemoUser("admin", "Quản trị hệ thống", Role.ADMIN),
    DemoUser("tinh", "Trần Thu Hà", Role.PROVINCE_VIEWER),
    DemoUser("huyen", "Lê Quang Minh", Role.UPPER_REVIEWER),
    # Campaigns opened after 1/7/2025 ask the province by default (districts were abolished).
    DemoUser("tinhpd", "Đỗ Văn Thành", Role.UPPER_REVIEWER, province_level=True),
    DemoUser("chutich", "Sùng Mí Vàng", Role.COMMUNE_CHAIRMAN),
    DemoUser("canbo", "Nguyễn Thị Hoa", Role.COMMUNE_STAFF),
    DemoUser("vanthu", "Lò Thị Mai", Role.RECORDS_CLERK),
    DemoUser("bcd", "Vàng Seo Chứ", Role.STEERING_MEMBER),
    DemoUser("rasoat", "Giàng Mí Páo", Role.REVIEWER),
    DemoUser("truongthon", "Thào Seo Sính", Role.VILLAGE_HEAD),
    # Every village holds its own meeting: one head each, so the whole campaign can be walked.
    DemoUser("truongthon2", "Vàng Mí Dính", Role.VILLAGE_HEAD, village=1),
    DemoUser("truongthon3", "Sùng Seo Pó", Role.VILLAGE_HEAD, village=2),
    DemoUser("truongthon4", "Lù Thị Dợ", Role.VILLAGE_HEAD, village=3),
    DemoUser("truongthon5", "Ly Chúng Khai", Role.VILLAGE_HEAD, village=4),
    DemoUser("truongthon6", "Mua Seo Tráng", Role.VILLAGE_HEAD, village=5),
    DemoUser("mttq", "Hầu Thị Say", Role.FRONT_SUPERVISOR),
]


class DemoError(RuntimeError):
    pass


def _unit(level: UnitLevel, code: str, current: bool = True) -> AdminUnit:
    query = select(AdminUnit).where(AdminUnit.level == level, AdminUnit.code == code)
    query = query.where(AdminUnit.effective_to.is_(None) if current else AdminUnit.effective_to.is_not(None))
    unit = db.session.execute(query).scalar_one_or_none()
    if unit is None:
        raise DemoError(f"Unit {level.value} {code} is missing: run `flask units load` first.")
    return unit


def _villages(commune: AdminUnit, names: list[str]) -> list[Village]:
    found = {v.name: v for v in commune.villages}
    for name in names:
        if name not in found:
            found[name] = Village(commune=commune, name=name, effective_from=dt.date(2025, 7, 1))
            db.session.add(found[name])
    return [found[name] for name in names]


def _pid(rng: random.Random, prefix: str, sex: Sex, born: dt.date, taken: set[str]) -> str:
    century_sex = 2 * ((born.year - 1900) // 100) + (sex is Sex.FEMALE)
    while True:
        pid = f"{prefix}{century_sex}{born.year % 100:02d}{rng.randrange(10**6):06d}"
        if pid not in taken:
            taken.add(pid)
            return pid


def _person(
    rng: random.Random,
    family: str,
    sex: Sex,
    born: dt.date,
    relationship: Relationship,
    ethnicity: str,
    taken: set[str],
    today: dt.date,
) -> MemberData:
    middle = rng.choice(MIDDLE_FEMALE if sex is Sex.FEMALE else MIDDLE_MALE)
    given = rng.choice(GIVEN_FEMALE if sex is Sex.FEMALE else GIVEN_MALE)
    age = today.year - born.year
    activity = (
        ActivityStatus.IN_SCHOOL
        if 6 <= age <= 17
        else (ActivityStatus.EMPLOYED if 18 <= age <= 65 and rng.random() < 0.8 else ActivityStatus.NOT_EMPLOYED)
    )
    year_only = age >= 75 and rng.random() < 0.5
    has_number = age >= 1 or rng.random() < 0.5  # a few newborns are not collected yet
    return MemberData(
        full_name=f"{family} {middle} {given}",
        sex=sex,
        birth_date=dt.date(born.year, 1, 1) if year_only else born,
        birth_date_precision="year" if year_only else "day",
        relationship_to_head=relationship,
        activity_status=activity,
        ethnicity_code=ethnicity,
        personal_id=_pid(rng, "002", sex, born, taken) if has_number else None,
    )


def _birth(rng: random.Random, youngest: int, oldest: int, today: dt.date) -> dt.date:
    return today - dt.timedelta(days=rng.randint(youngest * 365, oldest * 365))


def _household(rng: random.Random, village: Village, taken: set[str], today: dt.date) -> HouseholdData:
    family = rng.choice(FAMILY)
    ethnicity = "01" if family == "Nguyễn" else rng.choice(ETHNICITIES)
    head_sex = Sex.MALE if rng.random() < 0.85 else Sex.FEMALE
    head_born = _birth(rng, 22, 80, today)
    members = [_person(rng, family, head_sex, head_born, Relationship.HEAD, ethnicity, taken, today)]
    if rng.random() < 0.85:
        spouse_sex = Sex.FEMALE if head_sex is Sex.MALE else Sex.MALE
        spouse_family = rng.choice(FAMILY) if spouse_sex is Sex.FEMALE else family
        members.append(
            _person(
                rng, spouse_family, spouse_sex, _birth(rng, 20, 78, today), Relationship.SPOUSE, ethnicity, taken, today
            )
        )
    head_age = (today - head_born).days // 365
    for _ in range(rng.choice([0, 1, 2, 2, 3, 3, 4, 5])):
        child_oldest = max(1, min(head_age - 18, 30))
        members.append(
            _person(
                rng,
                family,
                rng.choice(list(Sex)),
                _birth(rng, 0, child_oldest, today),
                Relationship.CHILD,
                ethnicity,
                taken,
                today,
            )
        )
    if rng.random() < 0.2 and head_age < 55:
        members.append(
            _person(
                rng,
                family,
                rng.choice(list(Sex)),
                _birth(rng, head_age + 20, min(head_age + 40, 95), today),
                Relationship.PARENT,
                ethnicity,
                taken,
                today,
            )
        )
    address = f"{village.name}, {village.commune.name}, Tỉnh Tuyên Quang"
    return HouseholdData(village_id=village.id, permanent_address=address, current_address=address, members=members)


def _ensure_households(villages: list[Village], count: int, seed: int, today: dt.date) -> int:
    existing = db.session.execute(
        select(func.count(Household.id)).where(Household.village_id.in_([v.id for v in villages]))
    ).scalar_one()
    if existing:
        return 0
    rng = random.Random(seed)  # noqa: S311 -- synthetic people, reproducible on purpose
    taken: set[str] = set()
    for index in range(count):
        save_household(None, _household(rng, villages[index % len(villages)], taken, today), actor=None)
    return count


def _ensure_statuses(villages: list[Village], year: int, seed: int) -> int:
    """Last year's recognised lists, as a commune would import them: about 12 % poor, 10 % near-poor."""
    households = (
        db.session.execute(
            select(Household).where(Household.village_id.in_([v.id for v in villages])).order_by(Household.id)
        )
        .scalars()
        .all()
    )
    ids = [h.id for h in households]
    if not ids or db.session.execute(select(HouseholdStatus.id).where(HouseholdStatus.household_id.in_(ids))).first():
        return 0
    rng = random.Random(seed)  # noqa: S311 -- synthetic data, reproducible on purpose
    count = 0
    for household in households:
        draw = rng.random()
        if draw < 0.22:
            household_class = "poor" if draw < 0.12 else "near_poor"
            db.session.add(
                HouseholdStatus(
                    household_id=household.id, year=year, household_class=household_class, source="imported"
                )
            )
            count += 1
    return count


def _ensure_user(spec: DemoUser) -> tuple[User, bool]:
    user = db.session.execute(select(User).where(User.username == spec.username)).scalar_one_or_none()
    if user is not None:
        return user, False
    return create_user(spec.username, spec.full_name, DEMO_PASSWORD, published_password=True), True


def seed_demo(households: int = 300, today: dt.date | None = None) -> dict[str, object]:
    today = today or clock.today()
    commune = _unit(UnitLevel.COMMUNE, DEMO_COMMUNE)
    neighbour = _unit(UnitLevel.COMMUNE, NEIGHBOUR_COMMUNE)
    province = commune.parent
    district = _unit(UnitLevel.DISTRICT, LEGACY_DISTRICT, current=False)
    villages = _villages(commune, VILLAGES)
    neighbour_villages = _villages(neighbour, NEIGHBOUR_VILLAGES)
    db.session.flush()  # village ids for the households
    created = _ensure_households(villages, households, seed=2026, today=today)
    created += _ensure_households(neighbour_villages, max(10, households // 10), seed=733, today=today)
    db.session.flush()  # statuses refer to the households
    _ensure_statuses(villages + neighbour_villages, today.year - 1, seed=2025)

    units = {Role.PROVINCE_VIEWER: province, Role.UPPER_REVIEWER: district}
    new_users = []
    for spec in USERS:
        user, is_new = _ensure_user(spec)
        if spec.role is Role.ADMIN:
            assign_role(user, Role.ADMIN)
        elif spec.role is Role.VILLAGE_HEAD:
            assign_role(user, Role.VILLAGE_HEAD, village=villages[spec.village])
        else:
            assign_role(user, spec.role, unit=province if spec.province_level else units.get(spec.role, commune))
        if is_new:
            new_users.append(spec.username)
    return {"households_created": created, "users_created": new_users, "commune": commune.name}
