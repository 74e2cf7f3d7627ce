"""Ages at the reference date, in completed months."""

from __future__ import annotations

from datetime import date

import pytest

from tests.workflow.standards.builders import adult, household
from workflow.standards.ages import age_in_months, member_ages, parse_month_day


@pytest.mark.parametrize(
    ("birth", "on", "months"),
    [
        (date(2010, 5, 15), date(2016, 5, 14), 6 * 12 - 1),
        (date(2010, 5, 15), date(2016, 5, 15), 6 * 12),
        (date(2010, 5, 31), date(2010, 6, 30), 0),
        (date(2010, 5, 31), date(2010, 7, 1), 1),
        (date(2008, 2, 29), date(2024, 2, 28), 16 * 12 - 1),
        (date(2008, 2, 29), date(2024, 2, 29), 16 * 12),
        (date(2025, 10, 1), date(2025, 10, 1), 0),
    ],
)
def test_completed_months(birth: date, on: date, months: int) -> None:
    assert age_in_months(birth, on) == months


def test_birth_after_the_reference_date_is_refused() -> None:
    with pytest.raises(ValueError, match="after the reference date"):
        age_in_months(date(2025, 10, 2), date(2025, 10, 1))


def test_year_only_birth_uses_the_assumed_day_and_says_so() -> None:
    member = adult("a1", birth_year_only=True)
    answers = household((member,))
    ages, assumed = member_ages(answers, (7, 1))
    year = member.birth_date.year
    assert ages == [age_in_months(date(year, 7, 1), answers.reference_date)]
    assert assumed is True
    assert member_ages(household((adult("a1"),)), (7, 1))[1] is False


@pytest.mark.parametrize("text", ["02-29", "13-01", "7/1"])
def test_assumed_birthday_must_exist_every_year(text: str) -> None:
    with pytest.raises(ValueError):
        parse_month_day(text)
