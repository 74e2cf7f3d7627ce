"""The one spelling of figures inside workflow/ (workflow/numbers.py)."""

from __future__ import annotations

import pytest

from workflow.numbers import grouped, money, percent


def test_money_groups_thousands_with_dots() -> None:
    assert grouped(1_500_000) == "1.500.000"
    assert money(1_500_000) == "1.500.000 đồng"
    assert money(1_500_000, unit="đ") == "1.500.000 đ"
    assert money(-2_250_000, unit="") == "-2.250.000"


@pytest.mark.parametrize(("ratio", "text"), [(0.5, "50%"), (0.655, "65,5%"), (1.0, "100%"), (2 / 3, "66,6667%")])
def test_percent_writes_the_setting_s_share(ratio: float, text: str) -> None:
    assert percent(ratio) == text
