"""The direct-income path: which measure classifies is rule-set data, not code.

- 2027-2030 has no B1 table: a Phiếu C income classifies, with the deprivations of Phiếu B.
- 2022-2025 keeps B1 as its method and shows the Phiếu C income beside it, for information.
- A 2027 file with a B1 table, loaded from a temp folder, classifies by B1 with no code change.
"""

from __future__ import annotations

import tomllib
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from tests.workflow.standards.builders import DEPRIVE, adult, household, survey
from workflow.standards import (
    AreaType,
    Basis,
    HouseholdClass,
    PhieuC,
    RuleSetError,
    classify,
    load_rule_set,
    load_rule_set_file,
)
from workflow.standards.catalog import RULESET_DIR

R2027 = date(2027, 3, 1)


def _h27(**changes: object):  # type: ignore[no-untyped-def]
    """The baseline household surveyed for a 2027 status (the waste question is asked from 2027)."""
    return household(reference_date=R2027, phieu_b=survey(waste_handling="collected"), **changes)


def _with_income(monthly_per_member: int, members: int = 3, **changes: object) -> PhieuC:
    """A Phiếu C whose net income is exactly `monthly_per_member` per member per month."""
    return PhieuC(crops=monthly_per_member * 12 * members, **changes)  # type: ignore[arg-type]


def _deprived(count: int):  # type: ignore[no-untyped-def]
    base = _h27()
    for name in ("employment", "nutrition", "health_insurance", "housing_area")[:count]:
        base = DEPRIVE[name](base)
    return base


def test_2027_offers_only_the_income_path_while_no_b1_table_exists() -> None:
    rule_set = load_rule_set(2027)
    assert rule_set.b1_rule is None and rule_set.score_table is None
    assert rule_set.classifying_paths == (Basis.INCOME,)
    assert rule_set.offers(Basis.INCOME) and not rule_set.offers(Basis.SCORE_B1)


@pytest.mark.parametrize(
    ("per_member", "deprivations", "expected"),
    [
        (2_200_000, 3, HouseholdClass.POOR),  # at the line, three deprivations
        (2_200_000, 2, HouseholdClass.NEAR_POOR),
        (2_200_001, 4, HouseholdClass.NOT_POOR),  # one đồng above the line
        (1_000_000, 0, HouseholdClass.NEAR_POOR),
    ],
)
def test_2027_classifies_a_phieu_c_income_against_the_rural_line(
    per_member: int, deprivations: int, expected: HouseholdClass
) -> None:
    members = len(_deprived(deprivations).members)
    answers = replace(_deprived(deprivations), phieu_c=_with_income(per_member, members))
    result = classify(answers, load_rule_set(2027))
    assert result.household_class is expected
    assert result.basis is Basis.INCOME
    assert result.income_per_capita == per_member


def test_2027_income_is_compared_exactly_not_after_rounding() -> None:
    # 79,200,001 đồng for 3 members over 12 months is 2,200,000.03 đồng a month: above the line.
    answers = replace(_h27(), phieu_c=PhieuC(crops=79_200_001))
    result = classify(answers, load_rule_set(2027))
    assert result.income_per_capita == 2_200_000
    assert result.household_class is HouseholdClass.NOT_POOR


def test_2027_urban_line_and_costs_and_allowances() -> None:
    # Net of production costs; the social allowance is never counted.
    phieu_c = PhieuC(wages=110_000_000, production_costs=9_200_000, social_allowances=50_000_000)
    answers = replace(_h27(area=AreaType.URBAN), phieu_c=phieu_c)
    result = classify(answers, load_rule_set(2027))
    assert result.income_per_capita == 2_800_000
    assert result.household_class is HouseholdClass.NEAR_POOR


def test_2027_income_at_the_line_without_phieu_b_cannot_split_poor_from_near_poor() -> None:
    answers = _h27(surveyed=False, phieu_c=_with_income(2_000_000))
    result = classify(answers, load_rule_set(2027))
    assert result.household_class is HouseholdClass.UNDETERMINED
    assert result.basis is Basis.INCOME
    assert any("chưa có thông tin thiếu hụt (Phiếu B)" in reason for reason in result.reasons)


def test_2027_reasons_say_why_income_classifies() -> None:
    answers = replace(_deprived(3), phieu_c=_with_income(2_000_000))
    reasons = classify(answers, load_rule_set(2027)).reasons
    assert any("bộ chuẩn chưa có bảng điểm B1 chính thức" in reason for reason in reasons)
    assert any("2.000.000" in reason and "hộ nghèo" in reason for reason in reasons)


def test_2027_result_records_the_path_and_that_it_is_unconfirmed() -> None:
    answers = replace(_deprived(0), phieu_c=_with_income(2_000_000))
    stored = classify(answers, load_rule_set(2027)).to_dict()
    assert stored["path"] == {"classified_by": "income", "income_for_information": False, "offered": ["income"]}
    assert stored["tables"] == {"score_table": None, "phieu_a": None}
    assert "paths" in stored["unverified"]


def test_2022_keeps_b1_and_shows_the_income_for_information() -> None:
    rule_set = load_rule_set(2025)
    answers = household(b1=120, phieu_c=_with_income(3_000_000))  # rich by income, poor by B1
    result = classify(answers, rule_set)
    assert result.basis is Basis.SCORE_B1
    assert result.household_class is HouseholdClass.NEAR_POOR
    assert result.income_for_information
    assert any(reason.startswith("Để tham khảo: Thu nhập thực tế bình quân 3.000.000") for reason in result.reasons)
    stored = result.to_dict()
    assert stored["path"]["classified_by"] == "score_b1"
    assert stored["path"]["income_for_information"] is True
    assert stored["tables"]["score_table"]["id"] == "b1_scores_2022_illustrative"
    assert stored["tables"]["score_table"]["version"]
    assert stored["tables"]["phieu_a"]["id"]


def test_2022_phieu_c_alone_still_only_settles_not_poor() -> None:
    low = classify(household(surveyed=False, phieu_c=_with_income(1_000_000)), load_rule_set(2025))
    assert low.household_class is HouseholdClass.UNDETERMINED
    assert low.basis is Basis.PHIEU_C


def test_the_given_per_capita_income_still_classifies_as_before() -> None:
    result = classify(_deprived(3), load_rule_set(2027))
    assert result.household_class is HouseholdClass.UNDETERMINED  # no income at all
    result = classify(replace(_deprived(3), income_per_capita=2_100_000), load_rule_set(2027))
    assert (result.household_class, result.basis) == (HouseholdClass.POOR, Basis.INCOME)


def _official_2027_with_b1(folder: Path) -> Path:
    """The shipped 2027 file plus a (made-up) official B1 table: data only."""
    text = (Path(str(RULESET_DIR)) / "vn_2027_2030.toml").read_text(encoding="utf-8")
    text = text.replace('id = "vn_2027_2030"', 'id = "vn_2027_2030_b1"\nscore_table = "b1_scores_2027.toml"', 1)
    text += """
[b1_lines.poverty]
label = "ngưỡng điểm B1"
rural = 150
urban = 185
tag = "C"
verified = true

[rules.b1]
tag = "C"
verified = true
bands = [
  { up_to = "poverty", min_deprivations = 3, result = "poor" },
  { up_to = "poverty", min_deprivations = 0, result = "near_poor" },
]
"""
    table = (Path(str(RULESET_DIR)) / "b1_scores_2022_illustrative.toml").read_text(encoding="utf-8")
    table = table.replace('id = "b1_scores_2022_illustrative"', 'id = "b1_scores_2027"', 1)
    (folder / "b1_scores_2027.toml").write_text(table, encoding="utf-8")
    path = folder / "vn_2027_2030_b1.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_an_official_b1_table_for_2027_is_a_data_change(tmp_path: Path) -> None:
    rule_set = load_rule_set_file(_official_2027_with_b1(tmp_path))
    assert rule_set.classifying_paths == (Basis.SCORE_B1, Basis.INCOME)
    assert rule_set.score_table is not None and rule_set.score_table.id == "b1_scores_2027"
    answers = _h27(b1=140, phieu_c=_with_income(5_000_000))
    result = classify(answers, rule_set)
    assert (result.basis, result.household_class) == (Basis.SCORE_B1, HouseholdClass.NEAR_POOR)
    # Without a B1 answer the income path still classifies.
    no_b1 = classify(_h27(phieu_c=_with_income(5_000_000)), rule_set)
    assert (no_b1.basis, no_b1.household_class) == (Basis.INCOME, HouseholdClass.NOT_POOR)
    assert result.to_dict()["tables"]["score_table"] == {
        "id": "b1_scores_2027",
        "version": rule_set.score_table.version,
        "illustrative": rule_set.score_table.illustrative,
    }


def test_an_unknown_path_name_is_refused_with_the_file_name(tmp_path: Path) -> None:
    text = (Path(str(RULESET_DIR)) / "vn_2027_2030.toml").read_text(encoding="utf-8")
    path = tmp_path / "broken.toml"
    path.write_text(text.replace('classify = ["b1", "income"]', 'classify = ["phieu_c"]'), encoding="utf-8")
    with pytest.raises(RuleSetError, match=r"broken\.toml.*unknown path 'phieu_c'"):
        load_rule_set_file(path)


def test_shipped_2027_paths_table_is_marked_unverified() -> None:
    data = tomllib.loads((Path(str(RULESET_DIR)) / "vn_2027_2030.toml").read_text(encoding="utf-8"))
    assert data["paths"]["verified"] is False


@pytest.mark.parametrize("period", [2025, 2027])
def test_a_member_unable_to_work_from_serious_illness_is_a_dependent(period: int) -> None:
    reference = date(period, 10, 1) if period == 2027 else date(2025, 10, 1)
    ill = (adult("a1", serious_illness=True), adult("a2", employment="outside_labour_force"))
    base = household(reference_date=reference, members=ill, phieu_b=survey(waste_handling="collected"))
    # Two members, one ill: 1 of 2 is not more than half.
    rule_set = load_rule_set(period)
    assert "dependents" not in classify(base, rule_set).deprived_indicators
    three = replace(base, members=(*base.members, adult("a3", 70, serious_illness=True)))
    assert "dependents" in classify(three, rule_set).deprived_indicators
    healthy = replace(three, members=tuple(replace(m, serious_illness=False) for m in three.members))
    assert "dependents" not in classify(healthy, rule_set).deprived_indicators
