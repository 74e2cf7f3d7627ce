"""Rule sets: each loads, is chosen by the period the status is for, and provinces add their own."""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path

import pytest

from tests.workflow.standards.builders import household
from workflow.standards import (
    AreaType,
    HouseholdClass,
    RuleSetError,
    classify,
    load_local_rule_set,
    load_rule_set,
    load_rule_set_by_id,
)
from workflow.standards.catalog import period_day

DATA = Path(__file__).parent / "data"
LOCAL = DATA / "local_example.toml"


@pytest.mark.parametrize(
    ("period", "rule_set_id"),
    [
        (date(2016, 1, 1), "vn_2016_2020"),
        (2020, "vn_2016_2020"),
        (date(2021, 12, 31), "vn_2016_2020"),  # 2021 keeps QĐ 59/2015 (NĐ 07/2021 Điều 2)
        (date(2022, 1, 1), "vn_2022_2025"),
        (2025, "vn_2022_2025"),
        (date(2026, 12, 31), "vn_2022_2025"),  # 2026 keeps NĐ 07/2021 Điều 3 (NĐ 351/2025)
        (date(2027, 1, 1), "vn_2027_2030"),
        (date(2030, 12, 31), "vn_2027_2030"),
        (datetime(2027, 3, 4, 10, 30), "vn_2027_2030"),
    ],
)
def test_rule_set_is_chosen_by_the_period(period: date | int, rule_set_id: str) -> None:
    assert load_rule_set(period).id == rule_set_id


@pytest.mark.parametrize("period", [date(2015, 12, 31), 2031])
def test_periods_without_a_standard_are_refused(period: date | int) -> None:
    with pytest.raises(LookupError):
        load_rule_set(period)


@pytest.mark.parametrize("period", [True, "2025", 2025.0])
def test_period_must_be_a_date_or_a_year(period: object) -> None:
    with pytest.raises(TypeError):
        period_day(period)  # type: ignore[arg-type]


def test_a_year_stands_for_its_first_day() -> None:
    assert period_day(2027) == date(2027, 1, 1)


def test_rule_sets_are_loaded_once_and_cached() -> None:
    assert load_rule_set(2022) is load_rule_set(date(2025, 6, 30))


@pytest.mark.parametrize("rule_set_id", ["vn_2016_2020", "vn_2022_2025", "vn_2027_2030"])
def test_each_rule_set_loads_by_id_with_its_legal_basis(rule_set_id: str) -> None:
    rule_set = load_rule_set_by_id(rule_set_id)
    assert rule_set.id == rule_set_id
    assert rule_set.version
    assert rule_set.legal_basis
    assert rule_set.kind == "national"


def test_unknown_id_is_refused() -> None:
    with pytest.raises(LookupError):
        load_rule_set_by_id("vn_1990")


# ---- provincial standards --------------------------------------------------------------------


def test_local_standard_applies_within_its_effective_dates_only() -> None:
    assert load_local_rule_set(date(2022, 12, 31), "27", [LOCAL]) is None
    assert load_local_rule_set(2023, "27", [LOCAL]) is not None
    assert load_local_rule_set(date(2025, 12, 31), "27", [LOCAL]) is not None
    assert load_local_rule_set(2026, "27", [LOCAL]) is None


def test_local_standard_is_for_its_province_only() -> None:
    assert load_local_rule_set(2024, "01", [LOCAL]) is None


def test_local_standard_overrides_the_lines_and_keeps_the_indicators() -> None:
    local = load_local_rule_set(2024, "27", [LOCAL])
    assert local is not None
    national = load_rule_set(2024)
    assert (local.kind, local.province, local.base_id) == ("local", "27", "vn_2022_2025")
    assert local.lines["poverty"].rural == 1_750_000
    assert local.lines["average_upper"] == national.lines["average_upper"]
    assert [spec.id for spec in local.indicators] == [spec.id for spec in national.indicators]
    assert local.legal_basis[0].startswith("Quyết định ví dụ")


def test_local_classification_stands_beside_the_national_one() -> None:
    local = load_local_rule_set(2024, "27", [LOCAL])
    assert local is not None
    answers = household(income=1_600_000, area=AreaType.RURAL)
    assert classify(answers, load_rule_set(2024)).household_class is HouseholdClass.NOT_POOR
    assert classify(answers, local).household_class is HouseholdClass.NEAR_POOR
    assert classify(answers, local).to_dict()["rule_set"]["id"] == "example_local_2022"


def test_local_standard_with_a_higher_line_drops_the_national_b1_threshold() -> None:
    local = load_local_rule_set(2024, "27", [LOCAL])
    assert local is not None
    assert load_rule_set(2024).b1_rule is not None
    assert local.b1_rule is None


def test_local_rule_set_can_be_found_by_id_for_recomputation() -> None:
    assert load_rule_set_by_id("example_local_2022", local_files=[LOCAL]).province == "27"


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_overlapping_local_standards_of_a_province_are_refused(tmp_path: Path) -> None:
    twin = _write(tmp_path, "twin.toml", LOCAL.read_text(encoding="utf-8").replace("example_local_2022", "twin"))
    with pytest.raises(RuleSetError, match="overlap"):
        load_local_rule_set(2024, "27", [LOCAL, twin])


def test_local_dates_must_lie_within_the_base(tmp_path: Path) -> None:
    text = LOCAL.read_text(encoding="utf-8").replace("effective_to = 2025-12-31", "effective_to = 2027-12-31")
    with pytest.raises(RuleSetError, match="within the base"):
        load_local_rule_set(2024, "27", [_write(tmp_path, "long.toml", text)])


def test_local_file_is_reread_when_it_changes(tmp_path: Path) -> None:
    path = _write(tmp_path, "local.toml", LOCAL.read_text(encoding="utf-8"))
    first = load_local_rule_set(2024, "27", [path])
    text = path.read_text(encoding="utf-8").replace("rural = 1_750_000", "rural = 1_800_000")
    path.write_text(text, encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    second = load_local_rule_set(2024, "27", [path])
    assert first is not None and second is not None
    assert (first.lines["poverty"].rural, second.lines["poverty"].rural) == (1_750_000, 1_800_000)
