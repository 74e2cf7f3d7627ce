"""classify(): the worked examples of standard.md §9 and every threshold on both sides."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from tests.workflow.standards.builders import (
    DEPRIVE,
    adult,
    child,
    deprived_on,
    household,
    phieu_c,
    screened,
    survey,
)
from workflow.standards import (
    AreaType,
    B1Input,
    HouseholdClass,
    HouseholdInput,
    Movement,
    PhieuAResult,
    classify,
    load_rule_set,
)

POOR, NEAR, NOT = HouseholdClass.POOR, HouseholdClass.NEAR_POOR, HouseholdClass.NOT_POOR
ALS, UNDETERMINED = HouseholdClass.AVERAGE_LIVING_STANDARD, HouseholdClass.UNDETERMINED
RURAL, URBAN = AreaType.RURAL, AreaType.URBAN
SEVEN = (
    "employment",
    "nutrition",
    "health_insurance",
    "housing_quality",
    "water_source",
    "hygienic_latrine",
    "telecom_use",
)
FOUR_MEMBERS = (adult("a1"), adult("a2", 38, sex="male"), child("c1"), child("c2", 10))


def _with_b1(b1: int, area: AreaType, *deprived: str) -> HouseholdInput:
    return deprived_on(*deprived, base=household(b1=b1, area=area))


def _farm(income_12m: int, area: AreaType = RURAL) -> HouseholdInput:
    return household(FOUR_MEMBERS, area=area, surveyed=False, farm_household=True, phieu_c=phieu_c(income_12m))


# (case, period, household, class, B2 or None to skip)
WORKED_EXAMPLES = [
    ("E1", 2025, _with_b1(120, RURAL, "health_insurance", "hygienic_latrine", "telecom_use"), POOR, 30),
    ("E2", 2025, _with_b1(135, RURAL, "nutrition", "housing_area"), NEAR, 20),
    ("E3", 2025, _with_b1(141, RURAL, *SEVEN), NOT, 70),
    ("E4", 2025, _with_b1(175, URBAN, "employment", "water_source", "telecom_use"), POOR, 30),
    ("E5", 2025, _with_b1(176, URBAN), NOT, 0),
    ("E6", 2025, _with_b1(140, RURAL), NEAR, 0),
    ("E7", 2025, _farm(90_000_000), ALS, None),
    ("E8", 2025, _farm(108_000_000), ALS, None),
    ("E9", 2025, _farm(110_000_000), NOT, None),
    ("E10", 2025, _farm(72_000_000), UNDETERMINED, None),
    ("E11 at the line", 2025, deprived_on(*SEVEN[:3], base=household(income=2_000_000, area=URBAN)), POOR, 30),
    ("E11 above", 2025, deprived_on(*SEVEN[:3], base=household(income=2_000_001, area=URBAN)), NOT, 30),
]


@pytest.mark.parametrize(
    ("case", "period", "answers", "expected", "score_b2"), WORKED_EXAMPLES, ids=[c[0] for c in WORKED_EXAMPLES]
)
def test_worked_examples(
    case: str, period: int, answers: HouseholdInput, expected: HouseholdClass, score_b2: int | None
) -> None:
    result = classify(answers, load_rule_set(period))
    assert result.household_class is expected
    if score_b2 is not None:
        assert result.score_b2 == score_b2


def test_e1_deprivations_are_the_three_named() -> None:
    result = classify(_with_b1(120, RURAL, "health_insurance", "hygienic_latrine", "telecom_use"), load_rule_set(2025))
    assert set(result.deprived_indicators) == {"health_insurance", "hygienic_latrine", "telecom_use"}
    assert result.score_b1 == 120


@pytest.mark.parametrize(
    ("income_12m", "per_capita"), [(90_000_000, 1_875_000), (108_000_000, 2_250_000), (110_000_000, 2_291_667)]
)
def test_e7_to_e9_income_per_capita_is_12_month_income_over_12_and_members(income_12m: int, per_capita: int) -> None:
    assert classify(_farm(income_12m), load_rule_set(2025)).income_per_capita == per_capita


def test_e10_at_the_poverty_line_asks_for_phieu_b() -> None:
    result = classify(_farm(72_000_000), load_rule_set(2025))
    assert result.household_class is UNDETERMINED
    assert any("Phiếu B" in reason for reason in result.reasons)


def _household_2027(income: int, *deprived: str) -> HouseholdInput:
    base = household(income=income, phieu_b=survey(waste_handling="collected"))
    return deprived_on(*deprived, base=base)


@pytest.mark.parametrize(("income", "expected"), [(2_200_000, NEAR), (2_200_001, NOT)])
def test_e12_rule_of_2027_2030(income: int, expected: HouseholdClass) -> None:
    result = classify(_household_2027(income, "water_source", "hygienic_latrine"), load_rule_set(2028))
    assert result.deprivation_count == 2
    assert result.household_class is expected


def test_e12_three_deprivations_at_the_2027_line_are_poor() -> None:
    answers = _household_2027(2_200_000, "water_source", "hygienic_latrine", "telecom_use")
    assert classify(answers, load_rule_set(2028)).household_class is POOR


def test_e15_one_group_1_criterion_stops_the_review_without_phieu_b() -> None:
    answers = replace(_with_b1(100, RURAL, *SEVEN), phieu_a=screened("car"))
    result = classify(answers, load_rule_set(2025))
    assert result.phieu_a_result is PhieuAResult.STOP_NOT_POOR
    assert result.phieu_a_matched == ("car",)
    assert result.household_class is NOT
    assert result.indicators == ()
    assert result.score_b2 is None
    assert result.score_b1 is None


def test_phieu_a_without_stop_continues_to_phieu_b() -> None:
    answers = replace(_with_b1(100, RURAL, *SEVEN), phieu_a=screened("refrigerator", "washing_machine"))
    result = classify(answers, load_rule_set(2025))
    assert result.phieu_a_result is PhieuAResult.CONTINUE_TO_B
    assert result.household_class is POOR


# ---- thresholds on both sides -------------------------------------------------------------


@pytest.mark.parametrize(
    ("area", "b1", "deprivations", "expected"),
    [
        (RURAL, 140, 3, POOR),
        (RURAL, 140, 2, NEAR),
        (RURAL, 141, 3, NOT),
        (RURAL, 0, 12, POOR),
        (URBAN, 175, 3, POOR),
        (URBAN, 175, 2, NEAR),
        (URBAN, 176, 3, NOT),
        (URBAN, 141, 0, NEAR),
    ],
)
def test_b1_threshold_2022(area: AreaType, b1: int, deprivations: int, expected: HouseholdClass) -> None:
    indicators = list(DEPRIVE)[:deprivations]
    result = classify(_with_b1(b1, area, *indicators), load_rule_set(2022))
    assert result.deprivation_count == deprivations
    assert result.household_class is expected


@pytest.mark.parametrize(
    ("period", "area", "line"),
    [(2022, RURAL, 1_500_000), (2026, URBAN, 2_000_000), (2027, RURAL, 2_200_000), (2030, URBAN, 2_800_000)],
)
def test_income_line_is_inclusive_and_deprivations_only_split(period: int, area: AreaType, line: int) -> None:
    rule_set = load_rule_set(period)

    def result(income: int, *deprived: str) -> HouseholdClass:
        base = household(income=income, area=area, phieu_b=survey(waste_handling="collected"))
        return classify(deprived_on(*deprived, base=base), rule_set).household_class

    assert result(line, "water_source", "hygienic_latrine", "telecom_use") is POOR
    assert result(line, "water_source", "hygienic_latrine") is NEAR
    assert result(line + 1, "water_source", "hygienic_latrine", "telecom_use") is NOT
    assert result(line + 1, *SEVEN) is NOT  # income is the gate: deprivations never make it poor


@pytest.mark.parametrize(
    ("area", "income", "deprivations", "expected"),
    [
        (RURAL, 700_000, 0, POOR),
        (RURAL, 700_001, 2, NEAR),
        (RURAL, 700_001, 3, POOR),
        (RURAL, 1_000_000, 3, POOR),
        (RURAL, 1_000_001, 3, NOT),
        (URBAN, 900_000, 0, POOR),
        (URBAN, 900_001, 2, NEAR),
        (URBAN, 1_300_000, 3, POOR),
        (URBAN, 1_300_001, 5, NOT),
    ],
)
def test_legacy_2016_rule_lets_deprivations_make_poor_above_the_lower_line(
    area: AreaType, income: int, deprivations: int, expected: HouseholdClass
) -> None:
    legacy = ("water_source", "hygienic_latrine", "health_insurance", "housing_area", "information_access")
    answers = deprived_on(*legacy[:deprivations], base=household(income=income, area=area, reference_date=_day(2019)))
    result = classify(answers, load_rule_set(2019))
    assert result.deprivation_count == deprivations
    assert result.household_class is expected


def test_legacy_poor_outright_needs_no_phieu_b() -> None:
    answers = household(income=700_000, surveyed=False, reference_date=_day(2019))
    assert classify(answers, load_rule_set(2019)).household_class is POOR


@pytest.mark.parametrize(
    ("b1", "deprivations", "expected"),
    [(120, 0, POOR), (121, 3, POOR), (121, 2, NEAR), (150, 2, NEAR), (151, 3, NOT)],
)
def test_legacy_b1_thresholds(b1: int, deprivations: int, expected: HouseholdClass) -> None:
    legacy = ("water_source", "hygienic_latrine", "health_insurance")
    answers = deprived_on(*legacy[:deprivations], base=household(b1=b1, reference_date=_day(2019)))
    assert classify(answers, load_rule_set(2019)).household_class is expected


def _day(year: int) -> date:
    return date(year, 10, 1)


# ---- average living standard and low-income workers --------------------------------------


@pytest.mark.parametrize(
    ("area", "income_12m", "expected"),
    [
        # 3 members: per-capita income = income_12m / 36, compared exactly (no rounding).
        (RURAL, 1_500_000 * 36, UNDETERMINED),
        (RURAL, 1_500_000 * 36 + 1, ALS),
        (RURAL, 2_250_000 * 36, ALS),
        (RURAL, 2_250_000 * 36 + 1, NOT),
        (URBAN, 2_000_000 * 36, UNDETERMINED),
        (URBAN, 2_000_000 * 36 + 1, ALS),
        (URBAN, 3_000_000 * 36, ALS),
        (URBAN, 3_000_000 * 36 + 1, NOT),
    ],
)
def test_average_living_standard_band(area: AreaType, income_12m: int, expected: HouseholdClass) -> None:
    answers = household(area=area, surveyed=False, farm_household=True, phieu_c=phieu_c(income_12m))
    assert classify(answers, load_rule_set(2024)).household_class is expected


def test_average_living_standard_only_for_farm_households() -> None:
    answers = household(surveyed=False, farm_household=False, phieu_c=phieu_c(1_800_000 * 36))
    assert classify(answers, load_rule_set(2024)).household_class is NOT


def test_phieu_c_excludes_state_allowances_and_nets_production_costs() -> None:
    form = replace(phieu_c(2_000_000 * 36), production_costs=600_000 * 36, social_allowances=900_000 * 36)
    answers = household(surveyed=False, farm_household=True, phieu_c=form)
    result = classify(answers, load_rule_set(2024))
    assert result.income_per_capita == 1_400_000
    assert result.household_class is UNDETERMINED


def test_poor_by_b1_is_not_average_living_standard_whatever_phieu_c_says() -> None:
    answers = replace(_with_b1(100, RURAL, *SEVEN), farm_household=True, phieu_c=phieu_c(2_000_000 * 36))
    assert classify(answers, load_rule_set(2024)).household_class is POOR


@pytest.mark.parametrize(
    ("area", "income", "expected"),
    [(RURAL, 2_250_000, True), (RURAL, 2_250_001, False), (URBAN, 3_000_000, True), (URBAN, 3_000_001, False)],
)
def test_low_income_worker_line(area: AreaType, income: int, expected: bool) -> None:
    answers = household(area=area, income=income, surveyed=False)
    result = classify(answers, load_rule_set(2025))
    assert result.household_class is NOT
    assert result.low_income_worker is expected


def test_low_income_worker_never_in_a_poor_household() -> None:
    result = classify(deprived_on(*SEVEN, base=household(income=1_000_000)), load_rule_set(2025))
    assert result.household_class is POOR
    assert result.low_income_worker is False


def test_no_low_income_worker_line_is_configured_for_2027() -> None:
    answers = household(income=2_300_000, surveyed=False)
    assert classify(answers, load_rule_set(2027)).low_income_worker is False


# ---- what cannot be decided ------------------------------------------------------------------


def test_income_under_the_line_without_phieu_b_is_undetermined() -> None:
    result = classify(household(income=1_000_000, surveyed=False), load_rule_set(2025))
    assert result.household_class is UNDETERMINED
    assert result.movement is Movement.UNDETERMINED


def test_b1_under_a_rule_set_without_b1_thresholds_is_undetermined() -> None:
    answers = household(b1=100, phieu_b=survey(waste_handling="collected"))
    result = classify(answers, load_rule_set(2027))
    assert result.household_class is UNDETERMINED
    assert any("ngưỡng điểm B1" in reason for reason in result.reasons)


def test_no_evidence_at_all_is_undetermined() -> None:
    assert classify(household(), load_rule_set(2025)).household_class is UNDETERMINED


# ---- movement and stamps ---------------------------------------------------------------------


def test_movement_against_the_last_recognised_class() -> None:
    rule_set = load_rule_set(2025)
    poor = _with_b1(100, RURAL, *SEVEN)
    assert classify(poor, rule_set, HouseholdClass.NEAR_POOR).movement is Movement.NEAR_POOR_TO_POOR
    assert classify(poor, rule_set).movement is Movement.NEW_POOR
    assert classify(poor, rule_set, formerly_poor=True).movement is Movement.RE_POOR
    assert classify(_with_b1(200, RURAL), rule_set, HouseholdClass.POOR).movement is Movement.EXITED_POOR


def test_result_is_stamped_with_the_rule_set_used() -> None:
    result = classify(_with_b1(100, RURAL), load_rule_set(2026))
    assert (result.rule_set.id, result.rule_set.version) == ("vn_2022_2025", "1.0.0")
    assert result.to_dict()["rule_set"]["id"] == "vn_2022_2025"


# ---- unverified marks ---------------------------------------------------------------------------


def test_result_relying_only_on_confirmed_items_has_no_unverified_mark() -> None:
    result = classify(household(income=3_500_000, surveyed=False), load_rule_set(2025))
    assert result.household_class is NOT
    assert result.unverified == ()


def test_b1_from_the_paper_form_marks_the_b1_threshold_not_the_score_table() -> None:
    unverified = classify(_with_b1(100, RURAL), load_rule_set(2025)).unverified
    assert {"rule:b1", "b1_line:poverty", "indicator:dependents", "b2_points"} <= set(unverified)
    assert not any(item.startswith("score_table:") for item in unverified)


def test_illustrative_score_table_and_phieu_a_are_marked_when_used() -> None:
    items = (
        ("household_size", "3"),
        ("dependents", "some"),
        ("highest_education", "upper_secondary"),
        ("salary_or_pension", "none"),
        ("electricity", "50_100"),
        ("housing", "durable"),
        ("assets", "some"),
        ("land_livestock", "small"),
    )
    answers = replace(household(phieu_b=survey(b1=B1Input(items=items))), phieu_a=screened())
    unverified = classify(answers, load_rule_set(2025)).unverified
    assert "score_table:b1_scores_2022_illustrative" in unverified
    assert "phieu_a:phieu_a_2022_illustrative" in unverified


def test_average_living_standard_check_marks_its_unconfirmed_upper_line() -> None:
    unverified = classify(_farm(90_000_000), load_rule_set(2025)).unverified
    assert "line:average_upper" in unverified
    assert "phieu_c_net_income" in unverified
