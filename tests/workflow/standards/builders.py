"""Households for the standard-engine tests: a baseline with no deprivation, and one change
per indicator that deprives the household on that indicator alone.

Answer codes come from the shipped 2022-2025 code lists.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

from workflow.standards import (
    AreaType,
    B1Input,
    Dwelling,
    HouseholdInput,
    Member,
    PhieuA,
    PhieuB,
    PhieuC,
)

REFERENCE = date(2025, 10, 1)


def born(years: int, months: int = 0, on: date = REFERENCE) -> date:
    """The birth date that makes a member exactly `years` years and `months` months old on `on`."""
    year, month = divmod(on.year * 12 + on.month - 1 - (years * 12 + months), 12)
    return date(year, month + 1, on.day)


def adult(member_id: str, years: int = 40, **changes: object) -> Member:
    defaults: dict[str, object] = {
        "sex": "female",
        "education_level": "upper_secondary",
        "employment": "self_employed",
    }
    defaults.update(changes)
    return Member(member_id, born(years), **defaults)  # type: ignore[arg-type]


def child(member_id: str, years: int = 8, **changes: object) -> Member:
    defaults: dict[str, object] = {"sex": "male", "attending_school": True, "school_level": "primary"}
    defaults.update(changes)
    return Member(member_id, born(years), **defaults)  # type: ignore[arg-type]


def survey(**changes: object) -> PhieuB:
    base = PhieuB(
        dwelling=Dwelling("brick_stone", "reinforced_concrete", "tile", 60.0),
        water_source="tap",
        latrine="septic",
        telecom_used=frozenset({"internet_mobile"}),
        devices=frozenset({"tv"}),
        hears_loudspeaker=True,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def household(
    members: tuple[Member, ...] | None = None,
    *,
    area: AreaType = AreaType.RURAL,
    b1: int | None = None,
    income: int | None = None,
    phieu_b: PhieuB | None = None,
    surveyed: bool = True,
    **changes: object,
) -> HouseholdInput:
    """Baseline: two adults and a school child, durable house, no deprivation at all."""
    survey_b = phieu_b if phieu_b is not None else survey()
    if b1 is not None:
        survey_b = replace(survey_b, b1=B1Input(form_total=b1))
    base = HouseholdInput(
        reference_date=REFERENCE,
        area_type=area,
        members=members if members is not None else (adult("a1"), adult("a2", 38, sex="male"), child("c1")),
        scoring_region="NT1",
        phieu_b=survey_b if surveyed else None,
        income_per_capita=income,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def _members(change: Callable[[tuple[Member, ...]], tuple[Member, ...]]) -> Callable[[HouseholdInput], HouseholdInput]:
    return lambda h: replace(h, members=change(h.members))


def _survey(**changes: object) -> Callable[[HouseholdInput], HouseholdInput]:
    def apply(h: HouseholdInput) -> HouseholdInput:
        assert h.phieu_b is not None
        return replace(h, phieu_b=replace(h.phieu_b, **changes))  # type: ignore[arg-type]

    return apply


def _dwelling(**changes: object) -> Callable[[HouseholdInput], HouseholdInput]:
    def apply(h: HouseholdInput) -> HouseholdInput:
        assert h.phieu_b is not None
        return _survey(dwelling=replace(h.phieu_b.dwelling, **changes))(h)  # type: ignore[arg-type]

    return apply


def _first(**changes: object) -> Callable[[tuple[Member, ...]], tuple[Member, ...]]:
    return lambda members: (replace(members[0], **changes), *members[1:])  # type: ignore[arg-type]


def _child(**changes: object) -> Callable[[tuple[Member, ...]], tuple[Member, ...]]:
    return lambda members: tuple(replace(m, **changes) if m.member_id == "c1" else m for m in members)  # type: ignore[arg-type]


# One change per 2022-2025 indicator; each applied to the baseline deprives it on that indicator only.
DEPRIVE: dict[str, Callable[[HouseholdInput], HouseholdInput]] = {
    "employment": _members(_first(employment="unemployed")),
    "dependents": _members(
        lambda members: (*members, *(adult(f"e{n}", 70 + n, social_allowance=True) for n in range(3)))
    ),
    "nutrition": _members(_child(stunted=True)),
    "health_insurance": _members(_first(health_insured=False)),
    "adult_education": _members(lambda members: (*members, adult("y1", 20, education_level="lower_secondary"))),
    "child_school_attendance": _members(_child(attending_school=False)),
    "housing_quality": _dwelling(wall="bamboo", roof="thatch_leaves"),
    "housing_area": _dwelling(floor_area_m2=20.0),
    "water_source": _survey(water_source="surface_water"),
    "hygienic_latrine": _survey(latrine="unhygienic"),
    "telecom_use": _survey(telecom_used=frozenset()),
    "information_access": _survey(devices=frozenset(), hears_loudspeaker=False),
}


def deprived_on(*indicator_ids: str, base: HouseholdInput | None = None) -> HouseholdInput:
    """The baseline (or `base`) deprived on exactly the given indicators."""
    result = base if base is not None else household()
    for indicator_id in indicator_ids:
        result = DEPRIVE[indicator_id](result)
    return result


def phieu_c(income_12m: int) -> PhieuC:
    """A Phiếu C whose counted 12-month income is `income_12m` (all from crops, no costs)."""
    return PhieuC(crops=income_12m)


def screened(*ticked: str) -> PhieuA:
    return PhieuA(frozenset(ticked))
