"""Results serialise to plain JSON values with the raw answers needed to recompute them."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from tests.workflow.standards.builders import deprived_on, household, phieu_c, screened
from workflow.standards import (
    Classification,
    HouseholdClass,
    HouseholdInput,
    classify,
    household_from_dict,
    load_rule_set,
)

CASES = {
    "poor on B1": deprived_on("employment", "nutrition", "water_source", base=household(b1=100)),
    "stopped by Phiếu A": replace(household(b1=100), phieu_a=screened("car")),
    "average living standard": household(surveyed=False, farm_household=True, phieu_c=phieu_c(1_800_000 * 36)),
    "undetermined": household(income=1_000_000, surveyed=False),
}


def result_of(answers: HouseholdInput) -> Classification:
    return classify(answers, load_rule_set(2025), HouseholdClass.NEAR_POOR)


@pytest.mark.parametrize("answers", CASES.values(), ids=CASES.keys())
def test_to_dict_is_plain_json(answers: HouseholdInput) -> None:
    stored = result_of(answers).to_dict()
    assert json.loads(json.dumps(stored, ensure_ascii=False)) == stored


@pytest.mark.parametrize("answers", CASES.values(), ids=CASES.keys())
def test_stored_input_rebuilds_the_answers(answers: HouseholdInput) -> None:
    assert household_from_dict(result_of(answers).to_dict()["input"]) == answers


def test_to_dict_carries_class_scores_indicators_and_stamps() -> None:
    stored = result_of(CASES["poor on B1"]).to_dict()
    assert stored["class"] == "poor"
    assert stored["movement"] == "near_poor_to_poor"
    assert (stored["score_b1"], stored["score_b2"], stored["deprivation_count"]) == (100, 30, 3)
    assert stored["rule_set"] == {
        "id": "vn_2022_2025",
        "version": "1.0.0",
        "name": "chuẩn nghèo đa chiều giai đoạn 2022-2025 theo Nghị định số 07/2021/NĐ-CP",
        "title": "Chuẩn nghèo đa chiều giai đoạn 2022-2025 (áp dụng cả năm 2026)",
        "kind": "national",
        "province": None,
    }
    assert [item["number"] for item in stored["indicators"]] == list(range(1, 13))
    deprived = {item["id"]: item["members"] for item in stored["indicators"] if item["deprived"]}
    assert deprived == {"employment": ["a1"], "nutrition": ["c1"], "water_source": []}
    assert all(item["reason"] for item in stored["indicators"])
    assert stored["labels"]["score_b1"] == "Điểm B1"
    assert "rule:b1" in stored["unverified"]


def test_not_surveyed_result_has_no_indicators() -> None:
    stored = result_of(CASES["stopped by Phiếu A"]).to_dict()
    assert stored["indicators"] == []
    assert stored["phieu_a_result"] == "stop_not_poor"
    assert stored["score_b2"] is None


def test_income_per_capita_is_rounded_half_up_for_display_only() -> None:
    one_member = household(household().members[:1], surveyed=False, farm_household=True, phieu_c=phieu_c(18))
    result = classify(one_member, load_rule_set(2025))
    assert result.actual_income == (18, 12)
    assert result.income_per_capita == 2
