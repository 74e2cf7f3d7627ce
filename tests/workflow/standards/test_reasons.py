"""Reasons in plain Vietnamese quote the figures compared and the thresholds of the rule set."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from tests.workflow.standards.builders import DEPRIVE, adult, child, deprived_on, household, phieu_c, screened, survey
from workflow.numbers import decimal, money
from workflow.standards import (
    AreaType,
    B1Input,
    Dwelling,
    HouseholdInput,
    classify,
    load_local_rule_set,
    load_rule_set,
)

LOCAL = Path(__file__).parent / "data" / "local_example.toml"


def reasons(answers: HouseholdInput, period: int = 2025) -> str:
    return "\n".join(classify(answers, load_rule_set(period)).reasons)


@pytest.mark.parametrize(("amount", "text"), [(1_500_000, "1.500.000 đồng"), (700, "700 đồng"), (0, "0 đồng")])
def test_money(amount: int, text: str) -> None:
    assert money(amount) == text


@pytest.mark.parametrize(("value", "text"), [(7.5, "7,5"), (8.0, "8"), (7.333, "7,33")])
def test_decimal_comma(value: float, text: str) -> None:
    assert decimal(value) == text


def test_poor_on_b1_quotes_score_threshold_area_and_deprivations() -> None:
    text = reasons(deprived_on("health_insurance", "hygienic_latrine", "telecom_use", base=household(b1=120)))
    assert "Điểm B1 = 120 điểm, không vượt ngưỡng điểm B1 140 (khu vực nông thôn)" in text
    assert "thiếu hụt 3 chỉ số (từ 3 chỉ số trở lên) → hộ nghèo" in text
    assert "Kết luận: hộ nghèo." in text
    assert "bảo hiểm y tế" in text


def test_near_poor_says_fewer_than_three() -> None:
    text = reasons(deprived_on("nutrition", base=household(b1=135)))
    assert "thiếu hụt 1 chỉ số (dưới 3 chỉ số) → hộ cận nghèo" in text


def test_above_the_gate_says_deprivations_are_not_considered() -> None:
    text = reasons(household(b1=176, area=AreaType.URBAN))
    assert "vượt ngưỡng điểm B1 175 (khu vực thành thị) → không nghèo" in text


def test_average_living_standard_quotes_the_income_and_the_band() -> None:
    four = (adult("a1"), adult("a2"), child("c1"), child("c2", 10))
    text = reasons(household(four, surveyed=False, farm_household=True, phieu_c=phieu_c(90_000_000)))
    assert "1.875.000 đồng/người/tháng (90.000.000 đồng trong 12 tháng, 4 nhân khẩu)" in text
    assert "trên 1.500.000 đồng đến 2.250.000 đồng" in text
    assert "mức sống trung bình" in text


def test_phieu_a_stop_names_the_criterion() -> None:
    text = reasons(replace(household(b1=100), phieu_a=screened("car")))
    assert "Có ô tô" in text
    assert "không khảo sát Phiếu B" in text


def test_recomputed_b1_differing_from_the_paper_total_is_reported() -> None:
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
    text = reasons(household(phieu_b=survey(b1=B1Input(items=items, form_total=999))))
    assert "Tổng điểm ghi trên phiếu (999) khác điểm tính lại" in text


def test_low_income_worker_reason() -> None:
    text = reasons(household(income=2_500_000, area=AreaType.URBAN, surveyed=False))
    assert "người lao động có thu nhập thấp" in text


def test_missing_deprivations_are_named_as_the_reason_for_no_class() -> None:
    text = reasons(household(income=1_000_000, surveyed=False))
    assert "không vượt chuẩn nghèo 1.500.000 đồng (khu vực nông thôn) nhưng chưa có thông tin thiếu hụt" in text


def test_unverified_configuration_is_listed_beside_the_reasons_not_in_them() -> None:
    """The reasons reach documents the household keeps; the unconfirmed items stay on the result."""
    result = classify(household(b1=100), load_rule_set(2025))
    assert result.unverified and "rule:b1" in result.unverified
    assert "chưa được đối chiếu" not in "\n".join(result.reasons)
    assert not any(":" in item and item in line for item in result.unverified for line in result.reasons)


def test_local_standard_reasons_quote_the_local_line() -> None:
    local = load_local_rule_set(2024, "27", [LOCAL])
    assert local is not None
    text = "\n".join(classify(household(income=1_600_000), local).reasons)
    assert "chuẩn nghèo của tỉnh 1.750.000 đồng" in text


def test_housing_area_reason_quotes_area_per_person() -> None:
    four = (adult("a1"), adult("a2"), child("c1"), child("c2", 10))
    answers = household(four, phieu_b=survey(dwelling=Dwelling("brick_stone", "steel", "tile", 30.0)))
    stored = classify(answers, load_rule_set(2025)).to_dict()
    reason = next(item["reason"] for item in stored["indicators"] if item["id"] == "housing_area")
    assert reason == "Diện tích nhà ở bình quân 7,5 m²/người, dưới 8 m²/người."


@pytest.mark.parametrize("indicator_id", list(DEPRIVE))
def test_every_indicator_explains_both_states_differently(indicator_id: str) -> None:
    def reason_of(answers: HouseholdInput) -> str:
        stored = classify(answers, load_rule_set(2025)).to_dict()
        return str(next(item["reason"] for item in stored["indicators"] if item["id"] == indicator_id))

    deprived, fine = reason_of(DEPRIVE[indicator_id](household())), reason_of(household())
    assert deprived and fine and deprived != fine
