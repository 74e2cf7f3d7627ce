"""The shipped rule-set files hold the confirmed values of standard.md and mark the rest unverified."""

from __future__ import annotations

import pytest

from workflow.standards import load_rule_set, load_rule_set_by_id
from workflow.standards.vocabulary import AreaType, HouseholdClass


def _line(rule_set_id: str, name: str) -> tuple[int, int]:
    line = load_rule_set_by_id(rule_set_id).lines[name]
    return line.for_area(AreaType.RURAL), line.for_area(AreaType.URBAN)


@pytest.mark.parametrize(
    ("rule_set_id", "name", "rural_urban", "verified"),
    [
        ("vn_2016_2020", "poverty", (700_000, 900_000), True),
        ("vn_2016_2020", "near_poor_ceiling", (1_000_000, 1_300_000), True),
        ("vn_2016_2020", "average_upper", (1_500_000, 1_950_000), True),
        ("vn_2022_2025", "poverty", (1_500_000, 2_000_000), True),
        ("vn_2022_2025", "average_upper", (2_250_000, 3_000_000), False),  # band [C]/[S]
        ("vn_2022_2025", "low_income_worker", (2_250_000, 3_000_000), True),
        ("vn_2027_2030", "poverty", (2_200_000, 2_800_000), True),
    ],
)
def test_income_lines(rule_set_id: str, name: str, rural_urban: tuple[int, int], verified: bool) -> None:
    assert _line(rule_set_id, name) == rural_urban
    assert load_rule_set_by_id(rule_set_id).lines[name].provenance.verified is verified


def test_b1_thresholds_2022_are_secondary_and_unverified() -> None:
    line = load_rule_set(2022).b1_lines["poverty"]
    assert (line.rural, line.urban) == (140, 175)
    assert line.provenance.tag == "S"
    assert line.provenance.verified is False


@pytest.mark.parametrize("period", [2022, 2027])
def test_income_gate_and_three_deprivations_split(period: int) -> None:
    rule = load_rule_set(period).income_rule
    assert rule is not None
    assert [(band.up_to.name, band.min_deprivations, band.result) for band in rule.bands] == [
        ("poverty", 3, HouseholdClass.POOR),
        ("poverty", 0, HouseholdClass.NEAR_POOR),
    ]


def test_2022_indicators_in_the_order_of_the_decree() -> None:
    assert [spec.id for spec in load_rule_set(2022).indicators] == [
        "employment",
        "dependents",
        "nutrition",
        "health_insurance",
        "adult_education",
        "child_school_attendance",
        "housing_quality",
        "housing_area",
        "water_source",
        "hygienic_latrine",
        "telecom_use",
        "information_access",
    ]
    assert len({spec.dimension for spec in load_rule_set(2022).indicators}) == 6


def test_2027_indicator_set_as_far_as_confirmed() -> None:
    specs = load_rule_set(2027).indicators
    ids = {spec.id for spec in specs}
    assert len(specs) == 12
    assert len({spec.dimension for spec in specs}) == 6
    assert {"waste_treatment", "digital_services"} <= ids
    assert "information_access" not in ids
    assert {spec.id for spec in specs if spec.dimension == "employment"} == {"employment", "dependents"}


def test_2016_standard_has_ten_indicators_in_five_dimensions() -> None:
    specs = load_rule_set(2018).indicators
    assert len(specs) == 10
    assert len({spec.dimension for spec in specs}) == 5


def test_nothing_unknown_for_2027_is_configured() -> None:
    rule_set = load_rule_set(2027)
    assert rule_set.b1_rule is None
    assert rule_set.score_table is None
    assert rule_set.phieu_a is None
    assert rule_set.average_living_standard is None
    assert rule_set.low_income_worker is None


@pytest.mark.parametrize("period", [2016, 2022, 2027])
def test_no_indicator_definition_claims_to_be_verified(period: int) -> None:
    # standard.md confirms names only; every definition is [S] or [M] or [U].
    assert not [spec.id for spec in load_rule_set(period).indicators if spec.provenance.verified]
    assert not [name for name, codes in load_rule_set(period).codes.items() if codes.provenance.verified]


def test_score_table_and_phieu_a_criteria_are_illustrative_and_unverified() -> None:
    rule_set = load_rule_set(2022)
    assert rule_set.score_table is not None and rule_set.phieu_a is not None
    assert (rule_set.score_table.illustrative, rule_set.score_table.provenance.verified) == (True, False)
    assert (rule_set.phieu_a.illustrative, rule_set.phieu_a.provenance.verified) == (True, False)
    assert "illustrative" in rule_set.score_table.id
    assert "illustrative" in rule_set.phieu_a.id


def test_phieu_a_stops_on_group_1_only_while_n_is_unknown() -> None:
    criteria = load_rule_set(2022).phieu_a
    assert criteria is not None
    assert criteria.stop_rules == ((1, 1),)
