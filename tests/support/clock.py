"""One way for a test to say what day it is: `clock.set(date)` (and `clock.set_now(moment)`).

The application asks `casework.clock.today()` / `casework.clock.now()` for the date and the moment;
the fixture replaces those two functions for the test and pytest's monkeypatch puts them back.
Until a test sets it, the clock is the real one.
"""

from __future__ import annotations

import datetime as dt

import pytest

from casework import clock as app_clock


class Clock:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self._monkeypatch = monkeypatch
        self._real_today = app_clock.today
        self._today: dt.date | None = None
        self._now: dt.datetime | None = None

    @property
    def today(self) -> dt.date:
        return self._today if self._today is not None else self._real_today()

    def set(self, day: dt.date) -> dt.date:
        """Make `day` today where the communes are (the moment, for signatures, is left alone)."""
        if isinstance(day, dt.datetime) or not isinstance(day, dt.date):
            raise TypeError(f"clock.set takes a date, got {day!r}")
        if self._today is None:
            self._monkeypatch.setattr(app_clock, "today", lambda: self._today)
        self._today = day
        return day

    def advance(self, days: int = 1) -> dt.date:
        return self.set(self.today + dt.timedelta(days=days))

    def set_now(self, moment: dt.datetime) -> dt.datetime:
        """Make `moment` (timezone-aware) the current moment: certificates and links are checked against it."""
        if moment.tzinfo is None:
            raise ValueError("clock.set_now takes a timezone-aware moment")
        if self._now is None:
            self._monkeypatch.setattr(app_clock, "now", lambda: self._now)
        self._now = moment
        return moment
