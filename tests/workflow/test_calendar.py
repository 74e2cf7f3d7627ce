"""Vietnamese working days, the holiday data, and deadline arithmetic across Tết and National Day."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workflow.calendar import (
    CalendarDataError,
    CalendarError,
    WorkingCalendar,
    calendar_period_end,
    days_left,
    is_overdue,
    load_calendar,
    national_calendar,
    period_end,
    read_days,
)
from workflow.guards import ProcedureSettings

D = dt.date
CAL = national_calendar()

# Mùng 1 Tết (lunar new year's day) and 10/3 lunar (Hùng Kings), Vietnamese calendar (UTC+7).
# 2030 differs from the Chinese calendar (3 February there).
TET = {
    2020: D(2020, 1, 25), 2021: D(2021, 2, 12), 2022: D(2022, 2, 1), 2023: D(2023, 1, 22),
    2024: D(2024, 2, 10), 2025: D(2025, 1, 29), 2026: D(2026, 2, 17), 2027: D(2027, 2, 6),
    2028: D(2028, 1, 26), 2029: D(2029, 2, 13), 2030: D(2030, 2, 2), 2031: D(2031, 1, 23),
    2032: D(2032, 2, 11), 2033: D(2033, 1, 31), 2034: D(2034, 2, 19), 2035: D(2035, 2, 8),
}  # fmt: skip
HUNG_KINGS = {
    2020: D(2020, 4, 2), 2021: D(2021, 4, 21), 2022: D(2022, 4, 10), 2023: D(2023, 4, 29),
    2024: D(2024, 4, 18), 2025: D(2025, 4, 7), 2026: D(2026, 4, 26), 2027: D(2027, 4, 16),
    2028: D(2028, 4, 4), 2029: D(2029, 4, 23), 2030: D(2030, 4, 12), 2031: D(2031, 4, 1),
    2032: D(2032, 4, 19), 2033: D(2033, 4, 9), 2034: D(2034, 4, 28), 2035: D(2035, 4, 17),
}  # fmt: skip


# ---- the data file ----------------------------------------------------------------------------------


def test_data_covers_2020_to_2035() -> None:
    assert CAL.years == (2020, 2035)


@pytest.mark.parametrize("year", range(2020, 2036))
def test_each_year_has_its_legal_holidays(year: int) -> None:
    for month, day in ((1, 1), (4, 30), (5, 1), (9, 2)):
        assert D(year, month, day) in CAL.holidays
    assert TET[year] in CAL.holidays
    assert HUNG_KINGS[year] in CAL.holidays
    assert "mùng 1 tháng Giêng" in (CAL.why_not_working(TET[year]) or "")


def test_weekday_days_off_per_year_match_the_labour_code() -> None:
    # Every legal holiday ends up as one weekday off (compensated when it falls on a weekend),
    # and a swapped weekday off is paid back by a working Saturday. Labour Code 2012: 10 days;
    # 2019 (from 2021): 11; with 24/11 (Vietnam Culture Day, unconfirmed) from 2026: 12.
    years, days = read_days()
    weekday_off = Counter(d.date.year for d in days if d.kind == "holiday" and d.date.weekday() < 5)
    worked = Counter(d.date.year for d in days if d.kind == "working_day")
    for year in range(years[0], years[1] + 1):
        expected = 10 if year == 2020 else 11 if year < 2026 else 12
        assert weekday_off[year] - worked[year] == expected, year


def test_only_fixed_legal_dates_are_marked_verified() -> None:
    _, days = read_days()
    for day in days:
        if day.verified:
            assert (day.date.month, day.date.day) in {(1, 1), (4, 30), (5, 1), (9, 2)}, day
            assert day.tag == "C"
        if day.date.year >= 2027 and (day.date.month, day.date.day) not in {(1, 1), (4, 30), (5, 1), (9, 2)}:
            assert not day.verified
            assert day.tag in {"S", "U"}


# ---- working days -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2026, 10, 15), True),  # Thursday
        (D(2026, 10, 17), False),  # Saturday
        (D(2026, 10, 18), False),  # Sunday
        (D(2026, 9, 2), False),  # National Day
        (D(2026, 9, 1), False),  # its adjacent day
        (D(2026, 8, 31), False),  # swapped for Saturday 22/08
        (D(2026, 8, 22), True),  # the Saturday worked instead
        (D(2026, 1, 2), False),  # Friday swapped for Saturday 10/01
        (D(2026, 1, 10), True),
        (D(2026, 2, 16), False),  # Tết Bính Ngọ
        (D(2026, 2, 23), True),
        (D(2023, 5, 2), False),  # compensation for Hùng Kings' day on Saturday 29/04/2023
    ],
)
def test_is_working_day(day: dt.date, working: bool) -> None:
    assert CAL.is_working_day(day) is working


def test_why_a_day_is_not_working() -> None:
    assert CAL.why_not_working(D(2026, 10, 15)) is None
    assert CAL.why_not_working(D(2026, 10, 18)) == "Chủ nhật"
    assert CAL.why_not_working(D(2026, 9, 2)) == "Quốc khánh (2/9)"


@pytest.mark.parametrize(
    ("start", "n", "end"),
    [
        (D(2026, 10, 15), 0, D(2026, 10, 15)),
        (D(2026, 10, 15), 1, D(2026, 10, 16)),
        (D(2026, 10, 16), 1, D(2026, 10, 19)),  # Friday -> Monday
        (D(2026, 10, 17), 1, D(2026, 10, 19)),  # from a Saturday
        (D(2026, 10, 15), 3, D(2026, 10, 20)),
        (D(2026, 8, 28), 3, D(2026, 9, 7)),  # across the National Day break 29/08-02/09
    ],
)
def test_add_working_days(start: dt.date, n: int, end: dt.date) -> None:
    assert CAL.add_working_days(start, n) == end


def test_negative_working_days_are_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        CAL.add_working_days(D(2026, 10, 15), -1)


def test_posting_started_just_before_tet_2027_ends_after_it() -> None:
    # Tết Đinh Mùi: Thursday 04/02 to Wednesday 10/02/2027 off (estimated schedule).
    start = D(2027, 2, 3)
    assert all(not CAL.is_working_day(D(2027, 2, d)) for d in range(4, 11))
    assert period_end(CAL, start, 3, first_day_counts=False) == D(2027, 2, 15)
    assert period_end(CAL, start, 3, first_day_counts=True) == D(2027, 2, 12)
    settings = ProcedureSettings()
    assert settings.posting_end("periodic_review", start, CAL) == D(2027, 2, 15)
    assert settings.posting_end("average_living_standard", start, CAL) == D(2027, 2, 17)


@pytest.mark.parametrize(
    ("start", "first_day_counts", "end"),
    [
        (D(2026, 10, 12), False, D(2026, 10, 15)),  # posted Monday: Tue, Wed, Thu
        (D(2026, 10, 12), True, D(2026, 10, 14)),  # Mon, Tue, Wed
        (D(2026, 10, 17), True, D(2026, 10, 21)),  # posted on a Saturday: the first day cannot count
    ],
)
def test_period_end_counting_conventions(start: dt.date, first_day_counts: bool, end: dt.date) -> None:
    assert period_end(CAL, start, 3, first_day_counts=first_day_counts) == end


def test_working_days_between() -> None:
    assert CAL.working_days_between(D(2026, 10, 15), D(2026, 10, 20)) == 3
    assert CAL.working_days_between(D(2026, 10, 20), D(2026, 10, 15)) == -3
    assert CAL.working_days_between(D(2026, 10, 15), D(2026, 10, 15)) == 0
    assert CAL.working_days_between(D(2026, 2, 13), D(2026, 2, 23)) == 1  # all of Tết 2026 in between


# ---- deadlines ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "cycle_start", "deadline"),
    [
        ({}, D(2026, 10, 15), D(2026, 10, 30)),
        ({"count_first_day": True}, D(2026, 10, 15), D(2026, 10, 29)),
        ({}, D(2026, 5, 15), D(2026, 6, 1)),  # the 15th day is Saturday 30/05: the deadline moves to Monday
        ({"roll_deadline_to_working_day": False}, D(2026, 5, 15), D(2026, 5, 30)),
        ({"regular_deadline_unit": "working"}, D(2026, 1, 15), D(2026, 2, 5)),
        ({"regular_deadline_unit": "working"}, D(2026, 2, 15), D(2026, 3, 13)),  # Tết 16-20/02 skipped
        ({"regular_deadline_days": 10}, D(2026, 10, 15), D(2026, 10, 26)),  # Sunday 25 -> Monday 26
    ],
)
def test_regular_review_deadline(overrides: dict[str, object], cycle_start: dt.date, deadline: dt.date) -> None:
    settings = ProcedureSettings.from_mapping(overrides)
    assert settings.regular_deadline(cycle_start, CAL) == deadline


def test_cycle_starts_on_the_configured_day() -> None:
    assert ProcedureSettings().regular_cycle_start(2026, 3) == D(2026, 3, 15)
    assert ProcedureSettings(regular_cycle_day=10).regular_cycle_start(2026, 3) == D(2026, 3, 10)


@pytest.mark.parametrize(
    ("today", "overdue", "left"),
    [(D(2026, 10, 29), False, 1), (D(2026, 10, 30), False, 0), (D(2026, 10, 31), True, -1)],
)
def test_overdue_only_after_the_deadline_day(today: dt.date, overdue: bool, left: int) -> None:
    deadline = D(2026, 10, 30)
    assert is_overdue(deadline, today) is overdue
    assert days_left(deadline, today) == left


def test_calendar_day_periods_refuse_zero_days() -> None:
    with pytest.raises(ValueError, match="at least one"):
        calendar_period_end(CAL, D(2026, 10, 15), 0, first_day_counts=False, roll_forward=True)
    with pytest.raises(ValueError, match="at least one"):
        period_end(CAL, D(2026, 10, 15), 0, first_day_counts=False)


# ---- outside the data, plain lists, overrides ---------------------------------------------------------


@pytest.mark.parametrize("day", [D(2019, 12, 31), D(2036, 1, 2)])
def test_days_outside_the_data_are_refused_not_guessed(day: dt.date) -> None:
    with pytest.raises(CalendarError, match="2020"):
        CAL.is_working_day(day)


def test_a_period_running_past_the_data_is_refused() -> None:
    with pytest.raises(CalendarError):
        CAL.add_working_days(D(2035, 12, 28), 5)


def test_calendar_from_plain_lists() -> None:
    calendar = WorkingCalendar(holidays=[D(2030, 1, 1)], working_days=[D(2030, 1, 5)])
    assert not calendar.is_working_day(D(2030, 1, 1))
    assert calendar.is_working_day(D(2030, 1, 5))  # a Saturday made a working day
    assert calendar.is_working_day(D(1999, 6, 1))  # no year bounds given
    assert calendar.add_working_days(D(2029, 12, 31), 1) == D(2030, 1, 2)


def test_a_day_cannot_be_both_holiday_and_working_day() -> None:
    with pytest.raises(ValueError, match="both"):
        WorkingCalendar(holidays=[D(2030, 1, 5)], working_days=[D(2030, 1, 5)])


def test_datetimes_are_not_dates() -> None:
    with pytest.raises(TypeError):
        WorkingCalendar(holidays=[dt.datetime(2030, 1, 1, 8, 0)])


def test_database_overrides_win_over_the_file() -> None:
    local = CAL.with_overrides(
        holidays=[D(2026, 10, 16)], working_days=[D(2026, 9, 1)], names={D(2026, 10, 16): "Nghỉ theo tỉnh"}
    )
    assert local.why_not_working(D(2026, 10, 16)) == "Nghỉ theo tỉnh"
    assert local.is_working_day(D(2026, 9, 1))
    assert local.add_working_days(D(2026, 10, 15), 3) == D(2026, 10, 21)
    assert CAL.add_working_days(D(2026, 10, 15), 3) == D(2026, 10, 20)  # the original is unchanged
    assert local.years == CAL.years


# ---- properties ----------------------------------------------------------------------------------------

starts = st.dates(min_value=D(2020, 1, 1), max_value=D(2034, 12, 31))
counts = st.integers(min_value=0, max_value=40)


@settings(max_examples=300, deadline=None)
@given(starts, counts)
def test_add_working_days_lands_on_a_working_day_and_moves_forward(start: dt.date, n: int) -> None:
    end = CAL.add_working_days(start, n)
    if n == 0:
        assert end == start
    else:
        assert end > start
        assert CAL.is_working_day(end)
        assert CAL.working_days_between(start, end) == n
        assert CAL.add_working_days(start, n + 1) > end


@settings(max_examples=200, deadline=None)
@given(starts, st.integers(min_value=1, max_value=20), st.booleans())
def test_a_period_holds_exactly_its_working_days(start: dt.date, n: int, first_day_counts: bool) -> None:
    end = period_end(CAL, start, n, first_day_counts=first_day_counts)
    counted = CAL.working_days_between(start, end) + (1 if first_day_counts and CAL.is_working_day(start) else 0)
    assert counted == n
    assert CAL.is_working_day(end)


# ---- data file errors ------------------------------------------------------------------------------------

HEADER = "format = 1\nfirst_year = 2030\nlast_year = 2030\n"
SOURCES = '\n[sources]\nx = "test"\n'


@pytest.mark.parametrize(
    ("days", "message"),
    [
        ('{ date = 2030-01-01, kind = "holiday", name = "A" }, { date = 2030-01-01, kind = "holiday", name = "B" }',
         "twice"),
        ('{ date = 2030-01-07, kind = "working_day", name = "Monday" }', "weekday"),
        ('{ date = 2031-01-01, kind = "holiday", name = "A" }', "outside"),
        ('{ date = 2030-01-01, kind = "holiday", name = "A", source = "nowhere" }', "sources"),
        ('{ date = 2030-01-01, kind = "day_off", name = "A" }', "kind"),
        ('{ date = 2030-01-01, kind = "holiday", name = "" }', "name"),
        ('{ date = 2030-01-01, kind = "holiday", name = "A", colour = "red" }', "unknown"),
    ],
)  # fmt: skip
def test_bad_data_files_fail_at_load_with_the_entry(tmp_path: Path, days: str, message: str) -> None:
    path = tmp_path / "holidays.toml"
    path.write_text(f"{HEADER}days = [{days}]\n{SOURCES}", encoding="utf-8")
    with pytest.raises(CalendarDataError, match=message):
        load_calendar(path)


def test_a_small_data_file_loads(tmp_path: Path) -> None:
    path = tmp_path / "holidays.toml"
    path.write_text(
        f'{HEADER}days = [{{ date = 2030-01-01, kind = "holiday", name = "Tết Dương lịch", source = "x" }}]\n{SOURCES}',
        encoding="utf-8",
    )
    calendar = load_calendar(path)
    assert calendar.years == (2030, 2030)
    assert calendar.why_not_working(D(2030, 1, 1)) == "Tết Dương lịch"
