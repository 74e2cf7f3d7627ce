"""Numbers in the domain's Vietnamese sentences: dots group thousands, a comma marks decimals.

workflow/ stays free of Babel and of casework, so the reasons of the standard engine and the
messages of the guards spell their figures here; casework/formatting.py does the same for
pages and documents through Babel's `vi` locale, with the same output.
"""

from __future__ import annotations


def grouped(amount: int) -> str:
    """1500000 -> '1.500.000'; -2250000 -> '-2.250.000'."""
    return f"{amount:,}".replace(",", ".")


def money(amount: int, unit: str = "đồng") -> str:
    """1500000 -> '1.500.000 đồng' (unit="đ": '1.500.000 đ'; unit="": no unit); VND has no minor unit."""
    return grouped(amount) + (f" {unit}" if unit else "")


def decimal(value: float) -> str:
    """At most two decimals, trailing zeros dropped: 7.5 -> '7,5', 8.0 -> '8', 7.333 -> '7,33'."""
    return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")


def percent(ratio: float) -> str:
    """A share of one as the settings write it: 0.5 -> '50%', 0.655 -> '65,5%'."""
    return f"{ratio * 100:g}".replace(".", ",") + "%"
