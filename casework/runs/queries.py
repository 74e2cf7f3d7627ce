"""Reads of review runs for the run pages, scoped to the user's units."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from casework.cases import queries as case_queries
from casework.cycles import queries as runs
from casework.extensions import db
from casework.models import AdminUnit, Case, Household, ReviewRun, User, Village
from casework.permissions import Permission
from casework.scoping import household_scope


def _village_communes(village_ids: frozenset[int]) -> set[int]:
    if not village_ids:
        return set()
    return set(db.session.execute(select(Village.commune_id).where(Village.id.in_(village_ids))).scalars())


def visible_runs(user: User, limit: int = 100) -> list[ReviewRun]:
    """The newest runs of the communes the user reaches, whole or through some of their villages."""
    scope = runs.view_scope(user)
    query = select(ReviewRun).order_by(ReviewRun.period_year.desc(), ReviewRun.period_month.desc().nulls_first())
    if not scope.everywhere:
        query = query.where(ReviewRun.commune_id.in_(scope.commune_ids | _village_communes(scope.village_ids)))
    return list(db.session.execute(query.options(selectinload(ReviewRun.commune)).limit(limit)).scalars())


def communes_to_open(user: User) -> list[AdminUnit]:
    """The communes the user may open a campaign for (those with villages, for an administrator)."""
    scope = household_scope(user, Permission.HOUSEHOLD_EDIT)
    query = (
        select(AdminUnit).where(AdminUnit.id.in_(select(Village.commune_id)))
        if scope.everywhere
        else select(AdminUnit).where(AdminUnit.id.in_(scope.commune_ids))
    )
    return list(db.session.execute(query.order_by(AdminUnit.name)).scalars())


def run_cases(user: User, run: ReviewRun) -> list[Case]:
    """The run's cases the user may see, by the head's name."""
    query = case_queries.cases_in_scope(user, run=run).order_by(Household.head_sort_key)
    return list(db.session.execute(query).scalars())


def by_village(cases: list[Case]) -> dict[Village, Counter[str]]:
    counts: dict[Village, Counter[str]] = {}
    for case in cases:
        counts.setdefault(case.household.village, Counter())[case.state] += 1
    return counts
