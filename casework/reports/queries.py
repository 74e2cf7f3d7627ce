"""Counts for reports and the dashboard, computed in the database from the recognised results.

One row of facts per household of the unit (its class at the start and at the end of the period,
the movement recorded with the decision, members and children, the head's sex and ethnicity, and
the deprivations of the survey behind the recognised class), then one GROUP BY over the report's
rows with every measure the report needs (casework/reports/measures.py). Nothing loops over
households in Python, so a province of 300,000 households is a few seconds on PostgreSQL.

The class of a household in a year is its latest recognised status up to that year (a household
not reviewed again keeps its class). For a month's regular review or a campaign, only the
decisions of that month's cycles (or of the campaign) change a class at the end of the period;
decisions of earlier monthly cycles of the same year count as already made at its start.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import Select, String, Text, and_, case, cast, func, null, select
from sqlalchemy.orm import aliased

from casework import replica
from casework.models import Case, Household, HouseholdStatus, Member, Relationship, ReviewRun, RunKind, Village
from casework.models.surveys import Survey, SurveyStatus
from casework.reports import kept
from casework.reports.measures import aggregate
from casework.reports.units import ReportUnit
from casework.vocabulary import period_label

PERIOD_KINDS = ("year", "monthly", "campaign")
CHILD_AGE = 16  # children are members under 16 (standard.md §3, indicators 3 and 6)


@dataclass(frozen=True)
class Period:
    year: int
    kind: str = "year"
    month: int | None = None

    def __post_init__(self) -> None:
        if self.kind not in PERIOD_KINDS:
            raise ValueError(self.kind)
        if (self.kind == "monthly") != (self.month is not None):
            raise ValueError("a month goes with a monthly period only")

    @property
    def label(self) -> str:
        """In Vietnamese, as the PDF, the workbook and the audit log write it (pages translate it)."""
        return period_label(self.kind, self.year, self.month, translate=False)

    @property
    def reference_date(self) -> dt.date:
        """Ages (children) are counted at the end of the period [M: the official reference date is unknown]."""
        if self.kind == "monthly" and self.month is not None:
            first_next = dt.date(self.year + self.month // 12, self.month % 12 + 1, 1)
            return first_next - dt.timedelta(days=1)
        return dt.date(self.year, 12, 31)


def _years_before(day: dt.date, years: int) -> dt.date:
    """The same day `years` earlier (28 February for a 29th): born after it, one is younger than `years`."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def _households_in(unit: ReportUnit) -> Select[Any]:
    if unit.village_id is not None:
        return select(Household.id).where(Household.village_id == unit.village_id)
    villages = select(Village.id).where(Village.commune_id.in_(unit.commune_ids))
    return select(Household.id).where(Household.village_id.in_(villages))


def _latest_status(year: int, households: Select[Any]) -> Any:
    """Each household's latest recognised status up to a year."""
    status = HouseholdStatus
    latest_year = (
        select(status.household_id, func.max(status.year).label("year"))
        .where(status.year <= year, status.household_id.in_(households))
        .group_by(status.household_id)
        .subquery()
    )
    return (
        select(status.household_id, status.year, status.household_class, status.movement, status.case_id)
        .join(latest_year, and_(status.household_id == latest_year.c.household_id, status.year == latest_year.c.year))
        .subquery()
    )


def _run_cases(
    unit: ReportUnit, kind: RunKind, year: int, months: tuple[int, int] | None = None, *, since: int | None = None
) -> Select[Any]:
    """Cases of the unit's runs of `kind` in `year` (from `since` to `year` when given)."""
    query = (
        select(Case.id)
        .join(ReviewRun, ReviewRun.id == Case.run_id)
        .where(
            ReviewRun.kind == kind,
            ReviewRun.period_year.between(year if since is None else since, year),
            ReviewRun.commune_id.in_(unit.commune_ids),
        )
    )
    if months is not None:
        query = query.where(ReviewRun.period_month.between(*months))
    return query


def _period_classes(unit: ReportUnit, period: Period, end: Any, before: Any) -> tuple[Any, Any, Any]:
    """Start class, end class and movement of the period, from the statuses up to the year and before it."""
    if period.kind == "year":
        start_class = before.c.household_class
        return start_class, end.c.household_class, end.c.movement
    if period.kind == "monthly":
        assert period.month is not None
        decided = _run_cases(unit, RunKind.MONTHLY_CYCLE, period.year, (period.month, period.month))
        earlier = _run_cases(unit, RunKind.MONTHLY_CYCLE, period.year, (1, period.month - 1))
    else:
        # A campaign records its statuses for the year its lists are for (`cycles.settings.lists_year`): its
        # own, or the following one where the province names its lists so; `this_year` below tells them apart.
        decided = _run_cases(unit, RunKind.PERIODIC_CAMPAIGN, period.year, since=period.year - 1)
        earlier = _run_cases(unit, RunKind.MONTHLY_CYCLE, period.year)
    this_year = end.c.year == period.year
    made_earlier = and_(this_year, end.c.case_id.in_(earlier))
    made_now = and_(this_year, end.c.case_id.in_(decided))
    start_class = case((made_earlier, end.c.household_class), else_=before.c.household_class)
    end_class = case((made_now, end.c.household_class), else_=start_class)
    movement = case((made_now, end.c.movement), else_=None)
    return start_class, end_class, movement


def _members(households: Select[Any], born_after: dt.date) -> Any:
    """One pass over the members gives the counts and the head's sex and ethnicity."""
    is_head = Member.relationship_to_head == Relationship.HEAD
    return (
        select(
            Member.household_id,
            func.count().label("persons"),
            func.sum(case((Member.birth_date > born_after, 1), else_=0)).label("children"),
            func.max(case((is_head, cast(Member.sex, String)))).label("head_sex"),
            func.max(case((is_head, Member.ethnicity_code))).label("head_ethnicity"),
        )
        .where(Member.household_id.in_(households))
        .group_by(Member.household_id)
        .subquery()
    )


def facts(unit: ReportUnit, period: Period, row_key: Any | None = None, *, local: bool = False) -> Any:
    """One row per household of the unit with everything the measures read.

    With `local`, the classes are those the surveys behind the recognised statuses gave under the
    province's local standard (no status is recognised under it, so it records no movement).
    """
    households = _households_in(unit)
    end = _latest_status(period.year, households)
    before = _latest_status(period.year - 1, households)
    start_class, end_class, movement = _period_classes(unit, period, end, before)
    members = _members(households, _years_before(period.reference_date, CHILD_AGE))
    last_survey = (
        select(Survey.case_id, func.max(Survey.id).label("survey_id"))
        .where(Survey.status == SurveyStatus.COMPLETED, Survey.case_id.is_not(None))
        .group_by(Survey.case_id)
        .subquery()
    )
    before_survey = aliased(Survey)
    before_last = last_survey.alias("before_last")
    if local:
        start_class = case((start_class.is_not(None), before_survey.local_household_class), else_=None)
        end_class = case((end_class.is_not(None), Survey.local_household_class), else_=None)
        movement = null()
    if row_key is None:
        row_key = Household.village_id if unit.rows_are_villages else Village.commune_id
    query = (
        select(
            row_key.label("row_id"),
            start_class.label("start_class"),
            end_class.label("end_class"),
            movement.label("end_movement"),
            members.c.persons,
            members.c.children,
            members.c.head_sex,
            members.c.head_ethnicity,
            cast(Survey.deprived_indicators, Text).label("deprived"),
        )
        .select_from(Household)
        .join(Village, Village.id == Household.village_id)
        .outerjoin(end, end.c.household_id == Household.id)
        .outerjoin(before, before.c.household_id == Household.id)
        .outerjoin(members, members.c.household_id == Household.id)
        .outerjoin(last_survey, last_survey.c.case_id == end.c.case_id)
        .outerjoin(Survey, Survey.id == last_survey.c.survey_id)
    )
    if local:
        query = query.outerjoin(before_last, before_last.c.case_id == before.c.case_id).outerjoin(
            before_survey, before_survey.id == before_last.c.survey_id
        )
    if unit.village_id is not None:
        query = query.where(Household.village_id == unit.village_id)
    else:
        query = query.where(Village.commune_id.in_(unit.commune_ids))
    return query.subquery("facts")


def found_counts(
    unit: ReportUnit, period: Period, measures: tuple[str, ...], *, local: bool = False
) -> dict[int, dict[str, int]]:
    """Row id -> measure -> count, for the rows of the unit that have households on record, under the national
    standard or the province's local one; kept between views until a change in one of the unit's communes
    (kept.py)."""
    if unit.rows_are_villages:
        key = ("counts", unit.token, unit.village_id, period, measures, local)
        found = kept.kept(key, unit.commune_ids, lambda: fresh_counts(unit, period, measures, local=local))
    else:  # one row per commune: a change in one commune recounts that commune alone
        found = kept.per_commune(
            ("commune_counts", period, measures, local),
            unit.commune_ids,
            lambda ids: fresh_counts(replace(unit, commune_ids=ids), period, measures, local=local),
        )
    return {row_id: dict(counts) for row_id, counts in found.items()}  # a copy: callers may change theirs


def fresh_counts(
    unit: ReportUnit, period: Period, measures: tuple[str, ...], *, local: bool = False
) -> dict[int, dict[str, int]]:
    """`found_counts` counted now from the households, statuses and surveys."""
    table = facts(unit, period, local=local)
    query = select(table.c.row_id, *(aggregate(name, table) for name in measures)).group_by(table.c.row_id)
    return {
        row.row_id: {name: int(row._mapping[name] or 0) for name in measures}
        for row in replica.session().execute(query)
    }


def counts(
    unit: ReportUnit, period: Period, measures: tuple[str, ...], *, local: bool = False
) -> dict[int, dict[str, int]]:
    """Row id -> measure -> count, for every row of the unit (rows without households count zero)."""
    found = found_counts(unit, period, measures, local=local)
    return {row.row_id: found.get(row.row_id, dict.fromkeys(measures, 0)) for row in unit.rows}


def latest_status_year(unit: ReportUnit) -> int | None:
    """The newest year with a recognised status in the unit (the default year of the report page)."""
    if unit.village_id is not None:
        key = ("latest_year", unit.token, unit.village_id)
        return kept.kept(key, unit.commune_ids, lambda: _latest_year(unit))
    years = kept.per_commune(("latest_year",), unit.commune_ids, _latest_years)
    return max(years.values(), default=None)


def _latest_year(unit: ReportUnit) -> int | None:
    return replica.session().scalar(
        select(func.max(HouseholdStatus.year)).where(HouseholdStatus.household_id.in_(_households_in(unit)))
    )


def _latest_years(commune_ids: frozenset[int]) -> dict[int, int]:
    query = (
        select(Village.commune_id, func.max(HouseholdStatus.year))
        .join(Household, Household.id == HouseholdStatus.household_id)
        .join(Village, Village.id == Household.village_id)
        .where(Village.commune_id.in_(commune_ids))
        .group_by(Village.commune_id)
    )
    return {commune: int(year) for commune, year in replica.session().execute(query).tuples() if year is not None}
