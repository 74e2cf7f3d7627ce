"""Vietnamese working days and deadline arithmetic (procedure.md §4 and §14.6).

A day is a working day when it is a weekday that is not a public holiday, or a weekend day the
government has turned into a working day (làm bù). Holidays and swapped days are data: the
national list ships in `workflow/data/holidays_vn.toml` (format in `workflow/data/README.md`),
and the application layers its own overrides on top with `WorkingCalendar.with_overrides`.

Counting convention. "N working days from day D" does not count D itself: the period runs over
the N working days after D and ends at the close of the last one (Bộ luật Dân sự 2015 Điều 147:
a period counted in days starts on the day after the event). `period_end(..., first_day_counts=True)`
counts D as the first day when D is a working day, for provinces whose notices say "from D to
the end of D + N - 1". Which one applies is configuration (`ProcedureSettings.count_first_day`).
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

DATA_FILE = Path(__file__).resolve().parent / "data" / "holidays_vn.toml"
WEEKEND = frozenset({5, 6})  # Saturday, Sunday (date.weekday())
WEEKDAY_NAMES = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
DayKind = Literal["holiday", "working_day"]
_KINDS: frozenset[str] = frozenset({"holiday", "working_day"})
_TAGS = frozenset({"C", "S", "M", "L", "U"})


class CalendarError(ValueError):
    """A date the calendar cannot answer for (outside the years its data covers); message in Vietnamese."""


class CalendarDataError(ValueError):
    """A holiday data file that does not hold together; the message names the file and entry."""


@dataclass(frozen=True, slots=True)
class CalendarDay:
    """One entry of the holiday data: a holiday, or a weekend day worked instead of a swapped one."""

    date: dt.date
    kind: DayKind
    name: str
    tag: str = "U"
    verified: bool = False
    source: str = ""


def _day(value: object, what: str) -> dt.date:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise TypeError(f"{what} must be a datetime.date, got {type(value).__name__}")
    return value


def _format(day: dt.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


class WorkingCalendar:
    """Working days from a set of holidays and a set of extra working days.

    `years` (first, last) bounds the years the data covers: asking about a day outside them
    raises `CalendarError` instead of silently treating an unlisted Tết as a working day.
    Without `years` every weekday not listed as a holiday is a working day.
    """

    __slots__ = ("_holidays", "_names", "_working", "years")

    def __init__(
        self,
        holidays: Iterable[dt.date] = (),
        working_days: Iterable[dt.date] = (),
        *,
        names: Mapping[dt.date, str] | None = None,
        years: tuple[int, int] | None = None,
    ) -> None:
        self._holidays = frozenset(_day(d, "holiday") for d in holidays)
        self._working = frozenset(_day(d, "working day") for d in working_days)
        both = self._holidays & self._working
        if both:
            listed = ", ".join(_format(d) for d in sorted(both))
            raise ValueError(f"a day cannot be both a holiday and a working day: {listed}")
        self._names = dict(names or {})
        if years is not None and years[0] > years[1]:
            raise ValueError(f"years {years} run backwards")
        self.years = years

    @classmethod
    def from_days(cls, days: Iterable[CalendarDay], *, years: tuple[int, int] | None = None) -> WorkingCalendar:
        entries = list(days)
        return cls(
            (e.date for e in entries if e.kind == "holiday"),
            (e.date for e in entries if e.kind == "working_day"),
            names={e.date: e.name for e in entries},
            years=years,
        )

    def with_overrides(
        self,
        holidays: Iterable[dt.date] = (),
        working_days: Iterable[dt.date] = (),
        *,
        names: Mapping[dt.date, str] | None = None,
    ) -> WorkingCalendar:
        """A new calendar where the given days win over this one's (the database overrides the file).

        A day given as a working day stops being a holiday, and the other way round.
        """
        extra_holidays = frozenset(_day(d, "holiday") for d in holidays)
        extra_working = frozenset(_day(d, "working day") for d in working_days)
        return WorkingCalendar(
            (self._holidays - extra_working) | extra_holidays,
            (self._working - extra_holidays) | extra_working,
            names={**self._names, **(names or {})},
            years=self.years,
        )

    @property
    def holidays(self) -> frozenset[dt.date]:
        return self._holidays

    @property
    def working_days(self) -> frozenset[dt.date]:
        """Weekend days that are working days (làm bù)."""
        return self._working

    def _check(self, day: dt.date) -> None:
        if self.years is not None and not self.years[0] <= day.year <= self.years[1]:
            first, last = self.years
            raise CalendarError(
                f"Lịch ngày nghỉ chỉ có dữ liệu từ năm {first} đến năm {last}; "
                f"chưa tính được ngày làm việc quanh ngày {_format(day)}."
            )

    def is_working_day(self, day: dt.date) -> bool:
        self._check(day)
        if day in self._working:
            return True
        return day.weekday() not in WEEKEND and day not in self._holidays

    def why_not_working(self, day: dt.date) -> str | None:
        """None for a working day; otherwise the holiday's name or the weekday ("Chủ nhật")."""
        if self.is_working_day(day):
            return None
        if day in self._holidays:
            return self._names.get(day, "Ngày nghỉ lễ")
        return WEEKDAY_NAMES[day.weekday()]

    def roll_forward(self, day: dt.date) -> dt.date:
        """The day itself when it is a working day, otherwise the next working day."""
        while not self.is_working_day(day):
            day += dt.timedelta(days=1)
        return day

    def add_working_days(self, start: dt.date, n: int) -> dt.date:
        """The n-th working day after `start` (start itself is not counted); `start` when n == 0."""
        if n < 0:
            raise ValueError(f"n must not be negative, got {n}")
        day = start
        self._check(day)
        while n:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                n -= 1
        return day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days d with start < d <= end; negative when end is before start.

        The inverse of `add_working_days`: working_days_between(s, add_working_days(s, n)) == n.
        """
        if end < start:
            return -self.working_days_between(end, start)
        self._check(start)
        self._check(end)
        return sum(1 for k in range(1, (end - start).days + 1) if self.is_working_day(start + dt.timedelta(days=k)))


def period_end(calendar: WorkingCalendar, start: dt.date, working_days: int, *, first_day_counts: bool) -> dt.date:
    """Last day of a period of `working_days` working days that begins on `start`.

    With first_day_counts, `start` is the first of those days when it is a working day (a notice
    posted on Monday for 3 days ends on Wednesday); otherwise the count starts the next day (it
    ends on Thursday).
    """
    if working_days < 1:
        raise ValueError(f"a period needs at least one working day, got {working_days}")
    if first_day_counts and calendar.is_working_day(start):
        return calendar.add_working_days(start, working_days - 1)
    return calendar.add_working_days(start, working_days)


def calendar_period_end(
    calendar: WorkingCalendar, start: dt.date, days: int, *, first_day_counts: bool, roll_forward: bool
) -> dt.date:
    """Last day of a period of `days` calendar days that begins on `start`.

    With roll_forward, a period ending on a rest day ends on the next working day instead
    (Bộ luật Dân sự 2015 Điều 148 khoản 5).
    """
    if days < 1:
        raise ValueError(f"a period needs at least one day, got {days}")
    end = start + dt.timedelta(days=days - 1 if first_day_counts else days)
    return calendar.roll_forward(end) if roll_forward else end


def is_overdue(deadline: dt.date, today: dt.date) -> bool:
    """A deadline is met until the end of its day; overdue cases are flagged, never moved."""
    return today > deadline


def days_left(deadline: dt.date, today: dt.date) -> int:
    """Calendar days until the deadline: 0 on the day itself, negative once overdue."""
    return (deadline - today).days


# ---- the data file -------------------------------------------------------------------------------


def _entry(raw: object, where: str, sources: Mapping[str, object]) -> CalendarDay:
    if not isinstance(raw, dict):
        raise CalendarDataError(f"{where}: each day must be a table")
    unknown = set(raw) - {"date", "kind", "name", "tag", "verified", "source", "note"}
    if unknown:
        raise CalendarDataError(f"{where}: unknown keys {sorted(unknown)}")
    day, kind, name = raw.get("date"), raw.get("kind"), raw.get("name")
    tag, verified, source = raw.get("tag", "U"), raw.get("verified", False), raw.get("source", "")
    if isinstance(day, dt.datetime) or not isinstance(day, dt.date):
        raise CalendarDataError(f"{where}: 'date' must be a date such as 2027-02-05")
    if kind not in _KINDS:
        raise CalendarDataError(f"{where}: 'kind' must be 'holiday' or 'working_day'")
    if not isinstance(name, str) or not name.strip():
        raise CalendarDataError(f"{where}: 'name' must be a non-empty string")
    if tag not in _TAGS or not isinstance(verified, bool) or not isinstance(source, str):
        raise CalendarDataError(f"{where}: 'tag' must be one of {sorted(_TAGS)}, 'verified' a boolean")
    if source and source not in sources:
        raise CalendarDataError(f"{where}: source {source!r} is not in [sources]")
    if kind == "working_day" and day.weekday() not in WEEKEND:
        raise CalendarDataError(f"{where}: {day} is a weekday; only a weekend day can be listed as a working day")
    return CalendarDay(day, "holiday" if kind == "holiday" else "working_day", name.strip(), tag, verified, source)


def read_days(path: Path = DATA_FILE) -> tuple[tuple[int, int], tuple[CalendarDay, ...]]:
    """Parse and check a holiday data file: the years it covers and its entries, in date order."""
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    if data.get("format") != 1:
        raise CalendarDataError(f"{path.name}: unsupported 'format' (expected 1)")
    first, last = data.get("first_year"), data.get("last_year")
    if not isinstance(first, int) or not isinstance(last, int) or first > last:
        raise CalendarDataError(f"{path.name}: 'first_year' and 'last_year' must be years in order")
    sources = data.get("sources", {})
    raw_days = data.get("days")
    if not isinstance(sources, dict) or not isinstance(raw_days, list):
        raise CalendarDataError(f"{path.name}: needs a 'days' array and a [sources] table")
    days = [_entry(raw, f"{path.name}: days[{i}]", sources) for i, raw in enumerate(raw_days)]
    seen: set[dt.date] = set()
    for i, entry in enumerate(days):
        if entry.date in seen:
            raise CalendarDataError(f"{path.name}: days[{i}]: {entry.date} is listed twice")
        if not first <= entry.date.year <= last:
            raise CalendarDataError(f"{path.name}: days[{i}]: {entry.date} is outside {first}-{last}")
        seen.add(entry.date)
    return (first, last), tuple(sorted(days, key=lambda e: e.date))


def load_calendar(path: Path = DATA_FILE) -> WorkingCalendar:
    years, days = read_days(path)
    return WorkingCalendar.from_days(days, years=years)


@cache
def national_calendar() -> WorkingCalendar:
    """The shipped national calendar, read once per process."""
    return load_calendar()
