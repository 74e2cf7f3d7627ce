"""A small commune with known statuses and surveys, and the report figures computed by hand.

Commune a (world): village a1 holds H1-H3, village a2 H4-H8; commune b has one poor household
that no report of commune a may count. Statuses: 2025 (start), 2026 (end); children: under 16 on 31/12/2026.

| hh | village | members (children) | head | 2025 | 2026 (movement) | survey deprivations |
|----|---------|-------------------|------|------|-----------------|---------------------|
| H1 | a1 | 1 (0) | male, Kinh | poor | poor (existing_poor), campaign | health_insurance, latrine, telecom |
| H2 | a1 | 3 (2) | female, Hmông | — | poor (new_poor), campaign | nutrition, school, health_insurance |
| H3 | a1 | 2 (0) | male, Hmông | poor | near_poor (poor_to_near_poor), campaign | housing_area |
| H4 | a2 | 1 (0) | female, Kinh | near_poor | — (stays near_poor) | — |
| H5 | a2 | 4 (2) | male, Hmông | near_poor | poor (near_poor_to_poor) | employment, dependents, nutrition, water |
| H6 | a2 | 2 (0) | male, Kinh | poor | not_poor (exited_poor), campaign | (none) |
| H7 | a2 | 1 (0) | male, Kinh | — | — | — |
| H8 | a2 | 2 (0) | male, Kinh | not_poor (2024: poor) | poor (re_poor), imported, no survey | — |
"""

from __future__ import annotations

import datetime as dt

from casework.extensions import db
from casework.households.data import HouseholdData, MemberData
from casework.households.service import save_household
from casework.models import (
    ActivityStatus,
    Case,
    CaseType,
    HouseholdStatus,
    Relationship,
    ReviewRun,
    RunKind,
    Sex,
)
from casework.models.surveys import Survey, SurveyStatus
from tests.support.world import World

HMONG, KINH = "08", "01"


def _member(name: str, sex: Sex, born: int, relationship: Relationship, ethnicity: str) -> MemberData:
    return MemberData(
        full_name=name,
        sex=sex,
        birth_date=dt.date(born, 6, 1),
        relationship_to_head=relationship,
        activity_status=ActivityStatus.EMPLOYED,
        ethnicity_code=ethnicity,
        personal_id=None,
    )


def _household(world: World, village: str, head: tuple[Sex, int, str], others: list[int], ethnicity: str) -> int:
    sex, born, name = head
    members = [_member(name, sex, born, Relationship.HEAD, ethnicity)]
    members += [
        _member(f"{name} {index}", Sex.MALE, year, Relationship.CHILD, ethnicity) for index, year in enumerate(others)
    ]
    data = HouseholdData(
        village_id=world.ids[f"village_{village}"],
        permanent_address="Thôn",
        current_address="Thôn",
        members=members,
    )
    return save_household(None, data, actor=None).id


def _status(household_id: int, year: int, cls: str, movement: str | None = None, case_id: int | None = None) -> None:
    source = "decision" if case_id else "imported"
    db.session.add(
        HouseholdStatus(
            household_id=household_id, year=year, household_class=cls, movement=movement, case_id=case_id, source=source
        )
    )


def _surveyed_case(run: ReviewRun, household_id: int, cls: str, deprived: list[str]) -> int:
    case = Case(
        case_type=CaseType.PERIODIC_REVIEW,
        run_id=run.id,
        household_id=household_id,
        state="recognised",
        provisional_class=cls,
        final_class=cls,
    )
    db.session.add(case)
    db.session.flush()
    for version in ("old", "final"):  # a re-survey: only the latest completed survey counts
        db.session.add(
            Survey(
                household_id=household_id,
                case_id=case.id,
                status=SurveyStatus.COMPLETED,
                period=dt.date(2026, 1, 1),
                reference_date=dt.date(2026, 10, 1),
                answers_ciphertext=b"-",
                household_class=cls,
                deprived_indicators=["information_access"] if version == "old" else deprived,
            )
        )
    db.session.flush()
    return case.id


def build_figures(world: World) -> dict[str, int]:
    """Adds H1-H8 (H1 and H4 are the world's households of a1 and a2) and commune b's poor one."""
    hh = {"H1": world.households["a1"], "H4": world.households["a2"]}
    hh["H2"] = _household(world, "a1", (Sex.FEMALE, 1990, "Thào Thị Dung"), [2015, 2020], HMONG)
    hh["H3"] = _household(world, "a1", (Sex.MALE, 1970, "Vừ Mí Lử"), [1972], HMONG)
    hh["H5"] = _household(world, "a2", (Sex.MALE, 1980, "Giàng A Chứ"), [1982, 2012, 2018], HMONG)
    hh["H6"] = _household(world, "a2", (Sex.MALE, 1960, "Nguyễn Văn An"), [1962], KINH)
    hh["H7"] = _household(world, "a2", (Sex.MALE, 1950, "Trần Văn Bình"), [], KINH)
    hh["H8"] = _household(world, "a2", (Sex.MALE, 1975, "Lê Văn Cường"), [1977], KINH)
    run = ReviewRun(
        commune_id=world.ids["commune_a"],
        kind=RunKind.PERIODIC_CAMPAIGN,
        period_year=2026,
        starts_on=dt.date(2026, 9, 1),
        settings={},
    )
    db.session.add(run)
    db.session.flush()
    decided = {
        "H1": ("poor", "existing_poor", ["health_insurance", "hygienic_latrine", "telecom_use"]),
        "H2": ("poor", "new_poor", ["nutrition", "child_school_attendance", "health_insurance"]),
        "H3": ("near_poor", "poor_to_near_poor", ["housing_area"]),
        "H5": ("poor", "near_poor_to_poor", ["employment", "dependents", "nutrition", "water_source"]),
        "H6": ("not_poor", "exited_poor", []),
    }
    for key, cls in {"H1": "poor", "H3": "poor", "H4": "near_poor", "H5": "near_poor", "H6": "poor"}.items():
        _status(hh[key], 2025, cls)
    for key, (cls, movement, deprived) in decided.items():
        _status(hh[key], 2026, cls, movement, _surveyed_case(run, hh[key], cls, deprived))
    _status(hh["H8"], 2024, "poor")
    _status(hh["H8"], 2025, "not_poor")
    _status(hh["H8"], 2026, "poor", "re_poor")
    _status(world.households["b1"], 2026, "poor", "new_poor")
    db.session.commit()
    return hh
