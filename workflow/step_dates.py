"""The order of the days of a case's steps (procedure.md §5; issue 12 "Dates follow the procedure").

Pure comparisons. Each returns None when the day fits, or the day it should not have been before
(or after), so that the application words the refusal in the user's language next to the date
field. The grace before a day counts as entered late ("nhập bù") is a province setting
(`ProcedureSettings.late_entry_grace_days`), never a constant here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from workflow.calendar import WorkingCalendar


def earliest_on_time(today: dt.date, grace_working_days: int, calendar: WorkingCalendar) -> dt.date:
    """The earliest day a step may be dated without a reason: today less the grace in working days."""
    day = today
    for _ in range(grace_working_days):
        day -= dt.timedelta(days=1)
        while not calendar.is_working_day(day):
            day -= dt.timedelta(days=1)
    return day


def is_late_entry(day: dt.date, today: dt.date, grace_working_days: int, calendar: WorkingCalendar) -> bool:
    """A step dated before today by more than the grace is entered after the fact ("nhập bù")."""
    return day < earliest_on_time(today, grace_working_days, calendar)


def in_future(day: dt.date, today: dt.date) -> bool:
    return day > today


def not_before(day: dt.date, earlier: Iterable[dt.date | None]) -> dt.date | None:
    """The latest of the `earlier` days when `day` falls before it, else None (a step after its prerequisites)."""
    latest = max((d for d in earlier if d is not None), default=None)
    return latest if latest is not None and day < latest else None


def decision_floor(reply: dt.date | None, posting_closed: dt.date | None) -> dt.date | None:
    """The day a decision may not precede: the upper level's reply, or the posting's close without one."""
    return reply if reply is not None else posting_closed
