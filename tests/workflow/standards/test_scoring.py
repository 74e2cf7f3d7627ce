"""Phiếu A screen, B1 score from a configured table, Phiếu C income."""

from __future__ import annotations

import tomllib
from dataclasses import replace

import pytest

from tests.workflow.standards.builders import household, screened
from workflow.standards import AreaType, B1Input, InvalidAnswer, PhieuC, load_rule_set
from workflow.standards.parsing import parse_score_table
from workflow.standards.reader import Reader
from workflow.standards.scoring import phieu_c_income, score_b1, screen_phieu_a
from workflow.standards.vocabulary import B1Source, PhieuAResult

TABLE = parse_score_table(
    Reader(
        tomllib.loads(
            """
format = 1
kind = "b1_score_table"
id = "tiny"
version = "1"
illustrative = true
tag = "U"
verified = false
columns = ["NT1", "NT2", "urban"]
urban_column = "urban"
base = [100, 200, 300]

[[items]]
code = "size"
label = "Size"
answers = [{ code = "small", label = "s", points = [1, 2, 3] }, { code = "big", label = "b", points = [10, 20, 30] }]

[[items]]
code = "car"
label = "Car"
answers = [{ code = "no", label = "n", points = [0, 0, 0] }, { code = "yes", label = "y", points = [40, 50, 60] }]
"""
        ),
        "tiny.toml",
    )
)


def b1(*pairs: tuple[str, str]) -> B1Input:
    return B1Input(items=pairs)


@pytest.mark.parametrize(
    ("area", "region", "expected"),
    [
        (AreaType.RURAL, "NT1", 100 + 10 + 40),
        (AreaType.RURAL, "NT2", 200 + 20 + 50),
        (AreaType.URBAN, None, 300 + 30 + 60),
    ],
)
def test_itemised_b1_adds_the_points_of_the_household_column(area: AreaType, region: str | None, expected: int) -> None:
    answers = household(area=area, scoring_region=region)
    assert score_b1(TABLE, b1(("size", "big"), ("car", "yes")), answers) == (expected, B1Source.ITEMISED)


def test_answer_order_does_not_matter() -> None:
    answers = household()
    assert score_b1(TABLE, b1(("car", "no"), ("size", "small")), answers) == score_b1(
        TABLE, b1(("size", "small"), ("car", "no")), answers
    )


@pytest.mark.parametrize(
    ("items", "region"),
    [
        ((("size", "big"),), "NT1"),  # an item left out
        ((("size", "big"), ("boat", "yes")), "NT1"),  # an item the table does not have
        ((("size", "huge"), ("car", "no")), "NT1"),  # an answer the item does not have
        ((("size", "big"), ("car", "no")), "NT9"),  # a region without a column
        ((("size", "big"), ("car", "no")), None),  # a rural household without its region
    ],
)
def test_itemised_answers_the_table_cannot_score_are_refused(
    items: tuple[tuple[str, str], ...], region: str | None
) -> None:
    with pytest.raises(InvalidAnswer):
        score_b1(TABLE, B1Input(items=items), household(scoring_region=region))


def test_paper_total_is_taken_as_written() -> None:
    assert score_b1(None, B1Input(form_total=137), household()) == (137, B1Source.FORM_TOTAL)


def test_itemised_answers_need_a_score_table() -> None:
    with pytest.raises(InvalidAnswer, match="score table"):
        score_b1(None, b1(("size", "big")), household())


def test_b1_input_needs_something_and_each_item_once() -> None:
    with pytest.raises(ValueError, match="itemised"):
        B1Input()
    with pytest.raises(ValueError, match="more than once"):
        b1(("size", "big"), ("size", "small"))


def test_phieu_a_group_1_tick_stops_and_lists_what_stopped_it() -> None:
    criteria = load_rule_set(2022).phieu_a
    assert criteria is not None
    result = screen_phieu_a(criteria, screened("registered_business", "car", "refrigerator"))
    assert result == (PhieuAResult.STOP_NOT_POOR, ("car", "registered_business"))


def test_phieu_a_group_2_ticks_alone_never_stop_while_n_is_unknown() -> None:
    criteria = load_rule_set(2022).phieu_a
    assert criteria is not None
    group_2 = [code for code, group in criteria.groups.items() if group == 2]
    assert screen_phieu_a(criteria, screened(*group_2)) == (PhieuAResult.CONTINUE_TO_B, ())


def test_phieu_a_unknown_criterion_is_refused() -> None:
    criteria = load_rule_set(2022).phieu_a
    assert criteria is not None
    with pytest.raises(InvalidAnswer):
        screen_phieu_a(criteria, screened("yacht"))


def test_phieu_c_income_sums_every_source_and_never_the_allowances() -> None:
    form = PhieuC(1, 20, 300, 4_000, 50_000, 600_000, 7_000_000, 80_000_000, production_costs=900, social_allowances=5)
    assert phieu_c_income(form, net_income=False) == 87_654_321
    assert phieu_c_income(form, net_income=True) == 87_654_321 - 900
    assert phieu_c_income(replace(form, social_allowances=10**9), net_income=True) == 87_654_321 - 900
