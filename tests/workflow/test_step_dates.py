"""The pure order of step days: the grace in working days, and each rule's bound."""

from __future__ import annotations

import datetime as dt

import pytest

from workflow.calendar import national_calendar
from workflow.guards import GUARDS, GuardContext
from workflow.procedures.settings import ProcedureSettings, SettingsError
from workflow.step_dates import decision_floor, earliest_on_time, in_future, is_late_entry, not_before

D = dt.date
CAL = national_calendar()


@pytest.mark.parametrize(
    ("today", "grace", "earliest"),
    [
        (D(2026, 10, 7), 0, D(2026, 10, 7)),  # no grace: only today is on time
        (D(2026, 10, 7), 2, D(2026, 10, 5)),  # Wednesday less two working days: Monday
        (D(2026, 10, 12), 1, D(2026, 10, 9)),  # Monday less one working day: the Friday before
        (D(2026, 10, 11), 1, D(2026, 10, 9)),  # a Sunday less one working day: Friday
    ],
)
def test_the_grace_counts_working_days_back_from_today(today: D, grace: int, earliest: D) -> None:
    assert earliest_on_time(today, grace, CAL) == earliest
    assert not is_late_entry(earliest, today, grace, CAL)
    assert is_late_entry(earliest - dt.timedelta(days=1), today, grace, CAL)


def test_the_order_of_days() -> None:
    assert in_future(D(2026, 10, 8), D(2026, 10, 7)) and not in_future(D(2026, 10, 7), D(2026, 10, 7))
    assert not_before(D(2026, 10, 5), [D(2026, 10, 2), None, D(2026, 10, 6)]) == D(2026, 10, 6)
    assert not_before(D(2026, 10, 6), [D(2026, 10, 6), None]) is None
    assert not_before(D(2026, 10, 6), []) is None
    assert decision_floor(D(2026, 10, 20), D(2026, 10, 12)) == D(2026, 10, 20)
    assert decision_floor(None, D(2026, 10, 12)) == D(2026, 10, 12)


def test_the_grace_is_a_setting_from_0_to_30_working_days() -> None:
    assert ProcedureSettings().late_entry_grace_days == 0
    assert ProcedureSettings.from_mapping({"late_entry_grace_days": 3}).late_entry_grace_days == 3
    for wrong in (-1, 31, "2", True):
        with pytest.raises(SettingsError, match="late_entry_grace_days"):
            ProcedureSettings.from_mapping({"late_entry_grace_days": wrong})


def test_recheck_lateness_is_judged_by_the_day_it_finished() -> None:
    def reason(**facts: object) -> str | None:
        context = GuardContext("periodic_review", "finish_recheck", {"today": D(2026, 10, 20), **facts})
        return GUARDS["recheck_in_time"](context)

    # Received Tuesday 06/10: due by Friday 09/10. Entered on 20/10, finished on time: not late.
    assert reason(recheck_started_on=D(2026, 10, 6), recheck_finished_on=D(2026, 10, 9)) is None
    late = reason(recheck_started_on=D(2026, 10, 6), recheck_finished_on=D(2026, 10, 12))
    assert late is not None and "hết ngày 09/10/2026" in late
    assert reason(recheck_started_on=D(2026, 10, 6), recheck_finished_on=D(2026, 10, 12), late_reason="Mưa lũ") is None
