"""Each indicator's definition (standard.md §3, §4), with its age and ratio limits on both sides."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from tests.workflow.standards.builders import DEPRIVE, adult, born, child, household, survey
from workflow.standards import Dwelling, HouseholdInput, IndicatorResult, InvalidAnswer, Member, classify, load_rule_set


def outcome(answers: HouseholdInput, indicator_id: str, period: int = 2025) -> IndicatorResult:
    results = {result.indicator_id: result for result in classify(answers, load_rule_set(period)).indicators}
    return results[indicator_id]


def with_members(*members: Member) -> HouseholdInput:
    return household(tuple(members))


def person(member_id: str, years: int, months: int = 0, **changes: object) -> Member:
    return replace(adult(member_id), birth_date=born(years, months), **changes)  # type: ignore[arg-type]


def test_baseline_household_is_deprived_on_nothing() -> None:
    result = classify(household(), load_rule_set(2025))
    assert result.deprivation_count == 0
    assert len(result.indicators) == 12


@pytest.mark.parametrize("indicator_id", list(DEPRIVE))
def test_each_change_deprives_exactly_its_own_indicator(indicator_id: str) -> None:
    result = classify(DEPRIVE[indicator_id](household()), load_rule_set(2025))
    assert result.deprived_indicators == (indicator_id,)


# ---- 1 employment -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("employment", "contract", "deprived"),
    [
        ("unemployed", False, True),
        ("unemployed", True, True),
        ("wage_worker", False, True),
        ("wage_worker", True, False),
        ("self_employed", False, False),
        ("outside_labour_force", False, False),
    ],
)
def test_employment_status_and_contract(employment: str, contract: bool, deprived: bool) -> None:
    answers = with_members(person("w", 30, employment=employment, labour_contract=contract))
    assert outcome(answers, "employment").deprived is deprived


@pytest.mark.parametrize(
    ("sex", "age_months", "deprived"),
    [
        ("male", 15 * 12 - 1, False),
        ("male", 15 * 12, True),
        # Retirement age in 2025: men 61 years 3 months, women 56 years 8 months (NĐ 135/2020).
        ("male", 61 * 12 + 2, True),
        ("male", 61 * 12 + 3, False),
        ("female", 56 * 12 + 7, True),
        ("female", 56 * 12 + 8, False),
    ],
)
def test_employment_counts_working_age_members_only(sex: str, age_months: int, deprived: bool) -> None:
    member = person("w", 0, age_months, sex=sex, employment="unemployed")
    assert outcome(with_members(member), "employment").deprived is deprived


@pytest.mark.parametrize(("year", "deprived"), [(2025, False), (2026, True)])
def test_retirement_age_rises_with_the_reference_year(year: int, deprived: bool) -> None:
    # 61 years 4 months: past the 2025 limit (61y3m), within the 2026 one (61y6m).
    on = date(year, 10, 1)
    member = Member("w", born(61, 4, on=on), "male", employment="unemployed")
    answers = replace(household((member,)), reference_date=on)
    assert outcome(answers, "employment", year).deprived is deprived


# ---- 2 dependents -------------------------------------------------------------------------


def test_e13_dependents_above_half_deprive() -> None:
    three_of_five = with_members(
        adult("a1"),
        adult("a2"),
        child("c1"),
        child("c2", 4, school_level="preschool"),
        person("e", 75, social_allowance=True),
    )
    result = outcome(three_of_five, "dependents")
    assert result.deprived is True
    assert result.members == ("c1", "c2", "e")


def test_e13_exactly_half_is_not_deprived() -> None:
    two_of_four = with_members(adult("a1"), adult("a2"), child("c1"), child("c2", 10))
    assert outcome(two_of_four, "dependents").deprived is False


@pytest.mark.parametrize(
    ("member", "dependent"),
    [
        (person("d", 15, 11), True),
        (person("d", 16, 0), False),
        (person("d", 60, social_allowance=True), True),
        (person("d", 59, 11, social_allowance=True), False),
        (person("d", 60, social_allowance=False), False),
        (person("d", 40, disabled=True, social_allowance=True), True),
        (person("d", 40, disabled=True, social_allowance=False), False),
    ],
)
def test_who_is_a_dependent(member: Member, dependent: bool) -> None:
    # One dependent among one member is 100 %, none is 0 %.
    assert outcome(with_members(member), "dependents").deprived is dependent


# ---- 3 nutrition, 4 health insurance -----------------------------------------------------


@pytest.mark.parametrize(
    ("years", "months", "changes", "deprived"),
    [
        (15, 11, {"stunted": True}, True),
        (16, 0, {"stunted": True}, False),
        (2, 0, {"underweight": True}, True),
        (2, 0, {}, False),
    ],
)
def test_nutrition_children_under_16(years: int, months: int, changes: dict[str, bool], deprived: bool) -> None:
    kid = person("k", years, months, attending_school=True, school_level="lower_secondary", **changes)
    assert outcome(with_members(adult("a1"), kid), "nutrition").deprived is deprived


@pytest.mark.parametrize(("years", "months", "deprived"), [(5, 11, False), (6, 0, True), (70, 0, True)])
def test_health_insurance_from_age_6(years: int, months: int, deprived: bool) -> None:
    member = person("u", years, months, health_insured=False)
    result = outcome(with_members(adult("a1"), member), "health_insurance")
    assert result.deprived is deprived
    assert result.members == (("u",) if deprived else ())


# ---- 5 adult education -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("years", "months", "changes", "deprived"),
    [
        (15, 11, {"education_level": "primary"}, False),
        (16, 0, {"education_level": "primary"}, True),
        (16, 0, {"education_level": "lower_secondary"}, False),
        (17, 11, {"education_level": "primary", "attending_school": True}, False),
        (18, 0, {"education_level": "lower_secondary"}, True),
        (18, 0, {"education_level": "upper_secondary"}, False),
        (18, 0, {"education_level": "lower_secondary", "certificates": frozenset({"vocational_elementary"})}, False),
        (25, 0, {"education_level": "primary", "certificates": frozenset({"employer_certified"})}, False),
        (30, 11, {"education_level": "lower_secondary"}, True),
        (31, 0, {"education_level": "none"}, False),
    ],
)
def test_adult_education_16_to_30(years: int, months: int, changes: dict[str, object], deprived: bool) -> None:
    member = person("s", years, months, **changes)
    assert outcome(with_members(adult("a1"), member), "adult_education").deprived is deprived


def test_vocational_certificate_does_not_replace_lower_secondary_at_16() -> None:
    member = person("s", 16, 6, education_level="primary", certificates=frozenset({"vocational_elementary"}))
    assert outcome(with_members(adult("a1"), member), "adult_education").deprived is True


# ---- 6 children's school attendance ------------------------------------------------------


@pytest.mark.parametrize(
    ("years", "months", "attending", "level", "deprived"),
    [
        (2, 11, False, None, False),
        (3, 0, False, None, True),
        (3, 0, True, "preschool", False),
        (6, 0, True, "preschool", False),
        (8, 0, True, "preschool", True),
        (12, 0, True, "primary", True),
        (11, 0, True, "primary", False),
        (15, 11, False, None, True),
        (15, 6, True, "upper_secondary", False),
        (16, 0, False, None, False),
    ],
)
def test_child_school_attendance_3_to_15(
    years: int, months: int, attending: bool, level: str | None, deprived: bool
) -> None:
    kid = person("k", years, months, attending_school=attending, school_level=level, education_level="none")
    assert outcome(with_members(adult("a1"), adult("a2"), kid), "child_school_attendance").deprived is deprived


def test_no_child_means_no_child_deprivation() -> None:
    answers = with_members(adult("a1"), adult("a2"))
    assert outcome(answers, "child_school_attendance").deprived is False
    assert outcome(answers, "nutrition").deprived is False


# ---- 7 housing quality, 8 area -------------------------------------------------------------


@pytest.mark.parametrize(
    ("wall", "pillar", "roof", "deprived"),
    [
        ("bamboo", "reinforced_concrete", "tile", False),
        ("bamboo", "softwood", "tile", True),
        ("earth", "bamboo", "thatch_leaves", True),
        ("brick_stone", "steel", "metal_sheet", False),
    ],
)
def test_housing_quality_two_of_three_structures(wall: str, pillar: str, roof: str, deprived: bool) -> None:
    answers = household(phieu_b=survey(dwelling=Dwelling(wall, pillar, roof, 60.0)))
    assert outcome(answers, "housing_quality").deprived is deprived


@pytest.mark.parametrize(("area", "deprived"), [(30.0, True), (32.0, False), (31.99, True)])
def test_e14_area_per_person_below_8(area: float, deprived: bool) -> None:
    four = (adult("a1"), adult("a2"), child("c1"), child("c2", 10))
    answers = household(four, phieu_b=survey(dwelling=Dwelling("brick_stone", "steel", "tile", area)))
    assert outcome(answers, "housing_area").deprived is deprived


# ---- 9-12 water, latrine, information ------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "deprived"),
    [
        ("tap", False),
        ("drilled_well", False),
        ("rainwater", False),
        ("bottled", False),
        ("unprotected_dug_well", True),
        ("surface_water", True),
    ],
)
def test_water_source(source: str, deprived: bool) -> None:
    assert outcome(household(phieu_b=survey(water_source=source)), "water_source").deprived is deprived


@pytest.mark.parametrize(
    ("latrine", "deprived"), [("septic", False), ("semi_septic", False), ("unhygienic", True), ("none", True)]
)
def test_hygienic_latrine(latrine: str, deprived: bool) -> None:
    assert outcome(household(phieu_b=survey(latrine=latrine)), "hygienic_latrine").deprived is deprived


@pytest.mark.parametrize(
    ("services", "period", "deprived"),
    [
        ({"internet_fixed"}, 2025, False),
        ({"phone_voice"}, 2025, True),
        (set(), 2025, True),
        ({"phone_voice"}, 2019, False),  # 2016-2020: phone use counted too
    ],
)
def test_telecom_use(services: set[str], period: int, deprived: bool) -> None:
    answers = household(phieu_b=survey(telecom_used=frozenset(services)), reference_date=date(period, 10, 1))
    assert outcome(answers, "telecom_use", period).deprived is deprived


@pytest.mark.parametrize(
    ("devices", "loudspeaker", "deprived"),
    [
        (set(), False, True),
        (set(), True, False),
        ({"basic_phone"}, False, True),
        ({"radio"}, False, False),
    ],
)
def test_information_access_devices_and_loudspeaker(devices: set[str], loudspeaker: bool, deprived: bool) -> None:
    answers = household(phieu_b=survey(devices=frozenset(devices), hears_loudspeaker=loudspeaker))
    assert outcome(answers, "information_access").deprived is deprived


# ---- 2027-2030 and 2016-2020 sets --------------------------------------------------------------


@pytest.mark.parametrize(("waste", "deprived"), [("collected", False), ("treated_on_site", False), ("dumped", True)])
def test_waste_treatment_from_2027(waste: str, deprived: bool) -> None:
    answers = household(phieu_b=survey(waste_handling=waste), reference_date=date(2027, 10, 1))
    assert outcome(answers, "waste_treatment", 2027).deprived is deprived


def test_2027_set_asks_the_waste_question() -> None:
    with pytest.raises(InvalidAnswer, match="waste"):
        classify(household(reference_date=date(2027, 10, 1)), load_rule_set(2027))


def test_2027_digital_services_replaces_information_devices() -> None:
    answers = household(phieu_b=survey(waste_handling="collected", telecom_used=frozenset(), devices=frozenset({"tv"})))
    result = classify(answers, load_rule_set(2027))
    assert "digital_services" in result.deprived_indicators
    assert "information_access" not in {item.indicator_id for item in result.indicators}


def test_2016_health_service_access() -> None:
    sick = replace(household(reference_date=date(2019, 10, 1)), members=(adult("a1", untreated_illness=True),))
    assert outcome(sick, "health_service_access", 2019).members == ("a1",)


# ---- answers the rule set cannot read ------------------------------------------------------------


@pytest.mark.parametrize(
    "answers",
    [
        household(phieu_b=survey(water_source="river")),
        household(phieu_b=survey(latrine="bucket")),
        household(phieu_b=survey(dwelling=Dwelling("gold", "steel", "tile", 60.0))),
        household(phieu_b=survey(devices=frozenset({"telegraph"}))),
        with_members(person("x", 40, employment="astronaut")),
        with_members(person("x", 40, employment="unemployed", sex="unknown")),
        with_members(person("x", 20, education_level="doctorate")),
        with_members(adult("a1"), person("x", 10, attending_school=True, school_level="kindergarten")),
    ],
)
def test_unknown_answer_codes_are_refused(answers: HouseholdInput) -> None:
    with pytest.raises(InvalidAnswer):
        classify(answers, load_rule_set(2025))


def test_members_concerned_are_listed_in_id_order_whatever_the_roster_order() -> None:
    members = (person("z", 30, health_insured=False), adult("a1"), person("b", 40, health_insured=False))
    assert outcome(household(members), "health_insurance").members == ("b", "z")


def test_reference_date_decides_the_age_not_today() -> None:
    kid = Member("k", date(2010, 1, 1), "male", health_insured=False)
    early = replace(household((adult("a1"), kid)), reference_date=date(2015, 12, 31))
    later = replace(early, reference_date=date(2016, 1, 1))
    assert outcome(early, "health_insurance").deprived is False
    assert outcome(later, "health_insurance").deprived is True
