"""Numbers, money and rates as Vietnamese write them (1.500.000 đ; 52,4 %), through Babel's `vi` locale.

The locale is fixed, not the page's language: the figures are đồng and rates read against
official papers, and documents print them the same whatever language the reader chose.
Rounding is Python's (half to even on the float's exact value), as the hand-written copies
did, so no figure moves by a digit: Babel is given the exact value and only spells it.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from babel.numbers import format_decimal

LOCALE = "vi"


def number(value: int) -> str:
    """Digit grouping with dots: 1500000 -> '1.500.000'."""
    return format_decimal(int(value), locale=LOCALE)


def money(amount: int, unit: str = "đ") -> str:
    """1500000 -> '1.500.000 đ' (pages), '1.500.000 đồng' with unit="đồng" (documents); VND has no minor unit."""
    return number(amount) + (f" {unit}" if unit else "")


def decimal(value: float | Fraction, digits: int) -> str:
    """A fixed number of decimals with a decimal comma: 12.345 -> '12,35' (digits=2)."""
    pattern = "0." + "0" * digits if digits else "0"
    # Decimal(float) is the float's exact value, so Babel rounds it as f"{value:.{digits}f}" would.
    return format_decimal(Decimal(float(value)), format=pattern, locale=LOCALE)


def percent(share: float | Fraction, digits: int = 2, sign: str = " %") -> str:
    """A share of one as a percentage: 0.1234 -> '12,34 %'; documents write it without the space ('52,4%')."""
    return decimal(float(share) * 100, digits) + sign


def percent_of(part: int, whole: int, digits: int = 1, sign: str = "%") -> str:
    """`part` of `whole` as a percentage ('52,4%'); '0%' when there is no whole to count against."""
    if whole <= 0:
        return "0" + sign
    return decimal(100 * part / whole, digits) + sign
