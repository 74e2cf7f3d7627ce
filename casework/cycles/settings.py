"""Procedure settings of a review run, and the working-day calendar with the administrator's corrections."""

from __future__ import annotations

from flask import g, has_app_context
from sqlalchemy import select

from casework.extensions import db
from casework.models import AdminUnit, CalendarDay, ReviewRun
from workflow.calendar import WorkingCalendar, national_calendar
from workflow.procedures.settings import ProcedureSettings


def province_settings(commune: AdminUnit) -> ProcedureSettings:
    """The province's settings over the national defaults (procedure.md §14.7)."""
    province = commune.parent
    return ProcedureSettings.from_mapping((province.settings if province else None) or {})


def commune_settings(commune: AdminUnit) -> ProcedureSettings:
    """The commune's own settings (its register, its letters' drafting unit) over its province's."""
    return ProcedureSettings.from_mapping(commune.settings or {}, base=province_settings(commune))


def run_settings(run: ReviewRun) -> ProcedureSettings:
    """The run's settings over its commune's and its province's, with the upper review level resolved by
    the run's start when none set it; unknown keys are refused."""
    settings = ProcedureSettings.from_mapping(run.settings or {}, base=commune_settings(run.commune))
    return settings.for_campaign(run.starts_on)


def lists_year(run: ReviewRun) -> int:
    """The year a run's lists are for, the one year its report, letter, decision, certificates and the
    statuses they record (read by exports and reports) name; a monthly cycle's is its own year."""
    if run.period_month:
        return run.period_year
    return run_settings(run).lists_year(run.period_year)


def working_calendar() -> WorkingCalendar:
    """Read once per request: a batch of thousands of steps must not query it for each case."""
    if has_app_context() and "working_calendar" in g:
        return g.working_calendar  # type: ignore[no-any-return]
    calendar = _read_calendar()
    if has_app_context():
        g.working_calendar = calendar
    return calendar


def _read_calendar() -> WorkingCalendar:
    corrections = db.session.execute(select(CalendarDay)).scalars().all()
    if not corrections:
        return national_calendar()
    holidays = [c.day for c in corrections if c.kind == "holiday"]
    working = [c.day for c in corrections if c.kind == "working_day"]
    names = {c.day: c.name for c in corrections if c.name}
    return national_calendar().with_overrides(holidays, working, names=names)
