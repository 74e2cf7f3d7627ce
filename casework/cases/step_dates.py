"""The day a step happened: never in the future, never before the case's previous step, and with a
written reason when it is entered after the fact ("nhập bù").

One rule for every step, applied where a transition is fired (`transitions.apply`, `apply_many`);
the refusal names the form's date field, so the message stands next to it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func, select

from casework.errors import Refused
from casework.extensions import db
from casework.models import Case, CaseEvent
from workflow.calendar import WorkingCalendar
from workflow.dates import format_date
from workflow.procedures.settings import ProcedureSettings
from workflow.step_dates import in_future, is_late_entry, not_before


@dataclass(frozen=True)
class StepDate:
    """The day of a step as the user gave it, the form field it came from, and why it is entered late."""

    day: dt.date
    field: str
    late_reason: str = ""
    # False for a day the form states as part of its content (a survey's "Ngày rà soát"): still in
    # order, but no reason asked.
    needs_reason: bool = True


def previous_days(case_ids: Sequence[int]) -> dict[int, dt.date]:
    """The day of each case's latest dated step (one query for a batch)."""
    ids = [i for i in case_ids if i is not None]
    if not ids:
        return {}
    rows = db.session.execute(
        select(CaseEvent.case_id, func.max(CaseEvent.effective_on))
        .where(CaseEvent.case_id.in_(ids), CaseEvent.effective_on.is_not(None))
        .group_by(CaseEvent.case_id)
    ).all()
    return {case_id: day for case_id, day in rows if day is not None}


def check(
    cases: Sequence[Case],
    step: StepDate,
    *,
    today: dt.date,
    settings: ProcedureSettings,
    calendar: WorkingCalendar,
    names: dict[int, str] | None = None,
) -> str | None:
    """Refuse a day that breaks the order; return the late reason to keep (None when on time)."""
    if in_future(step.day, today):
        raise Refused(
            _("Ngày %(d)s ở tương lai (hôm nay là %(t)s).", d=format_date(step.day), t=format_date(today)), step.field
        )
    previous = previous_days([c.id for c in cases])
    for case in cases:
        before = not_before(step.day, [previous.get(case.id)])
        if before is not None:
            who = (names or {}).get(case.id)
            message = (
                _(
                    "Ngày %(d)s trước ngày của bước trước đó của hộ %(who)s (%(p)s).",
                    d=format_date(step.day),
                    who=who,
                    p=format_date(before),
                )
                if who
                else _(
                    "Ngày %(d)s trước ngày của bước trước đó của hồ sơ (%(p)s).",
                    d=format_date(step.day),
                    p=format_date(before),
                )
            )
            raise Refused(message, step.field)
    if not step.needs_reason or not is_late_entry(step.day, today, settings.late_entry_grace_days, calendar):
        return None
    reason = step.late_reason.strip()
    if not reason:
        raise Refused(
            _(
                "Ngày %(d)s đã qua: nhập bù một bước đã làm trên giấy thì phải ghi lý do nhập bù.",
                d=format_date(step.day),
            ),
            step.field,
        )
    return reason
