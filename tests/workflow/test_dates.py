from __future__ import annotations

import datetime as dt

import pytest

from workflow.dates import DateInputError, age_on, format_date, parse_date


@pytest.mark.parametrize("text", ["5/1/2026", "05/01/2026", "05-01-2026", "05012026", "5.1.2026"])
def test_the_ways_people_type_a_date(text: str) -> None:
    assert parse_date(text) == (dt.date(2026, 1, 5), "day")


def test_year_only_when_allowed() -> None:
    assert parse_date("1941", allow_year_only=True) == (dt.date(1941, 1, 1), "year")
    with pytest.raises(DateInputError, match="dd/mm/yyyy"):
        parse_date("1941")


@pytest.mark.parametrize(
    ("text", "message"), [("31/02/2026", "không tồn tại"), ("2026-01-05", "dd/mm/yyyy"), ("", "dd/mm/yyyy")]
)
def test_impossible_or_foreign_dates_are_refused_in_vietnamese(text: str, message: str) -> None:
    with pytest.raises(DateInputError, match=message):
        parse_date(text)


def test_display_formats() -> None:
    assert format_date(dt.date(2026, 1, 5)) == "05/01/2026"
    assert format_date(dt.date(1941, 1, 1), "year") == "1941"


def test_age_turns_on_the_birthday() -> None:
    born = dt.date(2008, 3, 1)
    assert age_on(born, dt.date(2026, 2, 28)) == 17
    assert age_on(born, dt.date(2026, 3, 1)) == 18
