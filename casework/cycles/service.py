"""Review runs: the open periodic campaign of a commune and year, and the monthly regular cycles."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from casework.cycles.settings import province_settings, run_settings, working_calendar
from casework.extensions import db
from casework.models import AdminUnit, Case, ReviewRun, RunKind


def current_campaign(commune: AdminUnit, year: int) -> ReviewRun | None:
    return db.session.execute(
        select(ReviewRun).where(
            ReviewRun.commune_id == commune.id,
            ReviewRun.kind == RunKind.PERIODIC_CAMPAIGN,
            ReviewRun.period_year == year,
            ReviewRun.status == "open",
        )
    ).scalar_one_or_none()


def cycle_for(commune: AdminUnit, received_on: dt.date) -> ReviewRun:
    """The monthly cycle a request joins: this month's if it came before the cycle day, else next month's."""
    settings = province_settings(commune)
    year, month = received_on.year, received_on.month
    if received_on.day >= settings.regular_cycle_day:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    run = db.session.execute(
        select(ReviewRun).where(
            ReviewRun.commune_id == commune.id,
            ReviewRun.kind == RunKind.MONTHLY_CYCLE,
            ReviewRun.period_year == year,
            ReviewRun.period_month == month,
        )
    ).scalar_one_or_none()
    if run is None:
        starts = settings.regular_cycle_start(year, month)
        run = ReviewRun(
            commune_id=commune.id,
            kind=RunKind.MONTHLY_CYCLE,
            period_year=year,
            period_month=month,
            starts_on=starts,
            ends_on=settings.regular_deadline(starts, working_calendar()),
            settings={},
        )
        db.session.add(run)
        db.session.flush()  # the case needs the run's id
    return run


def campaign_warning(run: ReviewRun) -> str | None:
    return run_settings(run).upper_review_warning(run.starts_on)


def period_of(case: Case) -> int:
    """The year the status is for: the run's, unless its settings name another rule-set year."""
    configured = (case.run.settings or {}).get("rule_set_year")
    return int(configured) if configured else case.run.period_year
