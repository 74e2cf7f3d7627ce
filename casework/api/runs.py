"""Campaigns (the periodic review of a year) and monthly cycles: the list the runs page shows, and one
run with its cases counted by state and by village, as the run's page counts them (the same scoped reads)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Literal

from flask import abort
from pydantic import BaseModel, Field

from casework.api.core import bp, endpoint, user
from casework.api.spec import answers, spec
from casework.cycles import queries as runs
from casework.models import ReviewRun
from casework.runs import queries
from casework.vocabulary import run_label, state_label

TAG = "runs"


class RunSummary(BaseModel):
    id: int
    kind: Literal["periodic_campaign", "monthly_cycle"]
    label: str = Field(description="'Rà soát định kỳ năm 2026', 'Đợt rà soát thường xuyên tháng 05/2026'")
    commune_id: int
    commune_name: str
    year: int
    month: int | None
    starts_on: dt.date
    ends_on: dt.date | None
    status: Literal["open", "closed"]


class StateCount(BaseModel):
    state: str
    state_label: str
    cases: int


class VillageCount(BaseModel):
    village_id: int
    village_name: str
    states: list[StateCount]


class RunOut(RunSummary):
    cases: int = Field(description="The run's cases the token's user sees")
    states: list[StateCount]
    villages: list[VillageCount]


class RunList(BaseModel):
    items: list[RunSummary]


class RunFilter(BaseModel):
    kind: Literal["periodic_campaign", "monthly_cycle"] | None = None
    year: int | None = Field(None, ge=2000, le=2100)


def _summary(run: ReviewRun) -> dict[str, object]:
    return {
        "id": run.id,
        "kind": run.kind.value,
        "label": run_label(run),
        "commune_id": run.commune_id,
        "commune_name": run.commune.name,
        "year": run.period_year,
        "month": run.period_month,
        "starts_on": run.starts_on,
        "ends_on": run.ends_on,
        "status": "closed" if run.status == "closed" else "open",
    }


def _counts(counter: Counter[str]) -> list[StateCount]:
    return [StateCount(state=s, state_label=state_label(s), cases=n) for s, n in sorted(counter.items())]


@bp.get("/runs")
@spec.validate(query=RunFilter, resp=answers(RunList), tags=[TAG])
@endpoint("runs")
def list_runs(query: RunFilter) -> RunList:
    """The newest campaigns and cycles of the communes the token's user reaches (as the runs page)."""
    found = [
        run
        for run in queries.visible_runs(user(), limit=500)
        if (query.kind is None or run.kind.value == query.kind)
        and (query.year is None or run.period_year == query.year)
    ]
    return RunList(items=[RunSummary(**_summary(run)) for run in found])  # type: ignore[arg-type]


@bp.get("/runs/<int:run_id>")
@spec.validate(resp=answers(RunOut), tags=[TAG])
@endpoint("runs")
def get_run(run_id: int) -> RunOut:
    """A campaign or cycle with its cases counted by state and by village (a village head: their villages)."""
    run = runs.get_run(user(), run_id) or abort(404)
    cases = queries.run_cases(user(), run)
    villages = sorted(queries.by_village(cases).items(), key=lambda item: item[0].name)
    return RunOut(
        **_summary(run),  # type: ignore[arg-type]
        cases=len(cases),
        states=_counts(Counter(c.state for c in cases)),
        villages=[VillageCount(village_id=v.id, village_name=v.name, states=_counts(n)) for v, n in villages],
    )
