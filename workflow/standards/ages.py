"""Ages at the reference date, in whole months.

Months rather than years because the statutory retirement age moves in steps of three or
four months; every other age limit is compared as `years * 12`.
"""

from __future__ import annotations

from datetime import date

from workflow.standards.inputs import HouseholdInput


def age_in_months(birth: date, on: date) -> int:
    """Completed months of age on `on` (a birthday counts from its day)."""
    months = (on.year - birth.year) * 12 + on.month - birth.month
    if on.day < birth.day:
        months -= 1
    if months < 0:
        raise ValueError(f"born {birth.isoformat()}, after the reference date {on.isoformat()}")
    return months


def member_ages(household: HouseholdInput, year_only_birthday: tuple[int, int]) -> tuple[list[int], bool]:
    """Ages in months, in member order, and whether a year-only birth date needed the assumed day."""
    on = household.reference_date
    on_months = on.year * 12 + on.month
    ages = []
    assumed = False
    for member in household.members:
        birth = member.birth_date
        if member.birth_year_only:
            birth = date(birth.year, *year_only_birthday)
            assumed = True
        # Inline age_in_months: this loop runs for every member of every household.
        months = on_months - birth.year * 12 - birth.month - (on.day < birth.day)
        if months < 0:
            raise ValueError(f"born {birth.isoformat()}, after the reference date {on.isoformat()}")
        ages.append(months)
    return ages, assumed


def parse_month_day(text: str) -> tuple[int, int]:
    """'MM-DD' -> (month, day); checked against a common year, since it must exist in every year."""
    month_text, _, day_text = text.partition("-")
    month, day = int(month_text), int(day_text)
    date(2001, month, day)
    return month, day
