"""The shipped holiday data, year by year, against the `holidays` package (MIT, a test dependency only).

The data file stays the source of truth: the package is a second opinion. Every difference the
two are known to have is listed below with its reason, so a new, unexplained difference (a typo
in the data, a year's Tết placed on the wrong day, a change in the package) fails the test.
"""

from __future__ import annotations

import datetime as dt
import re

import holidays
import pytest

from workflow.calendar import read_days

D = dt.date
(FIRST_YEAR, LAST_YEAR), DAYS = read_days()
OUR_HOLIDAYS = {day.date for day in DAYS if day.kind == "holiday"}
OUR_WORKING_DAYS = {day.date for day in DAYS if day.kind == "working_day"}

# Days the data calls holidays and the package does not: date -> why the data is right.
ONLY_IN_DATA: dict[dt.date, str] = {
    D(2026, 1, 2): "Văn bản 12729/VPCP-KGVX (25/12/2025) swapped Friday 02/01/2026 with Saturday 10/01/2026; "
    "the package does not have this swap",
}
# Days the package calls holidays and the data does not: date -> why the data is right.
ONLY_IN_PACKAGE: dict[dt.date, str] = {}
# Worked weekend days (làm bù) of the data that the package has no substituted day off for.
WORKING_DAYS_WITHOUT_PACKAGE_SWAP: dict[dt.date, str] = {
    D(2026, 1, 10): "the worked Saturday of the 02/01/2026 swap above, missing from the package",
}
SUBSTITUTED = re.compile(r"substituted from (\d\d)/(\d\d)/(\d{4})")


def _package_holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("VN", years=year, language="en_US")


@pytest.mark.parametrize("year", range(FIRST_YEAR, LAST_YEAR + 1))
def test_holidays_agree_with_the_package_but_for_the_listed_differences(year: int) -> None:
    package = set(_package_holidays(year))
    ours = {day for day in OUR_HOLIDAYS if day.year == year}
    assert sorted(ours - package) == sorted(day for day in ONLY_IN_DATA if day.year == year)
    assert sorted(package - ours) == sorted(day for day in ONLY_IN_PACKAGE if day.year == year)


@pytest.mark.parametrize("year", range(FIRST_YEAR, LAST_YEAR + 1))
def test_worked_weekend_days_match_the_package_swaps(year: int) -> None:
    """The package names the worked Saturday in its substituted day off; each must be in the data."""
    swapped_from = set()
    for name in _package_holidays(year).values():
        for month, day, swap_year in SUBSTITUTED.findall(name):
            swapped_from.add(D(int(swap_year), int(month), int(day)))
    ours = {day for day in OUR_WORKING_DAYS if day.year == year}
    expected_extra = {day for day in WORKING_DAYS_WITHOUT_PACKAGE_SWAP if day.year == year}
    assert sorted(ours - swapped_from) == sorted(expected_extra)
    assert sorted(swapped_from - ours) == []


def test_every_listed_difference_is_still_a_difference() -> None:
    """A difference the package has since fixed is taken off the list, so the list stays honest."""
    for day in ONLY_IN_DATA:
        assert day in OUR_HOLIDAYS and day not in _package_holidays(day.year)
    for day in ONLY_IN_PACKAGE:
        assert day not in OUR_HOLIDAYS and day in _package_holidays(day.year)
    for day in WORKING_DAYS_WITHOUT_PACKAGE_SWAP:
        assert day in OUR_WORKING_DAYS
