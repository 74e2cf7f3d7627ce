"""Imports end to end: where the rows may go and a check-then-write run.

Small files are checked and written inside the request; above ``import_job_threshold()`` rows
the file is kept (encrypted) on a Job and a worker does the same work (``tasks.py``) with a progress
page. Never commits.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from casework.exchange.importing import ImportPlan, Target, plan_import
from casework.exchange.reading import SourceFile
from casework.exchange.writing import Outcome, apply_plan
from casework.extensions import db
from casework.memory import cycle_collector_paused
from casework.models import AdminUnit, Job, User, Village
from casework.permissions import Permission
from casework.scoping import household_scope, villages_in_scope
from workflow.names import search_key

log = logging.getLogger(__name__)
PROBLEMS_KEPT = 1000


def import_job_threshold() -> int:
    """More rows than this run as a background job (CASEWORK_IMPORT_JOB_THRESHOLD)."""
    return int(current_app.config["IMPORT_JOB_THRESHOLD"])


def target_choices(user: User) -> list[tuple[str, str]]:
    """'c:<id>' for a whole commune (villages from the file), 'v:<id>' for one village."""
    scope = household_scope(user, Permission.HOUSEHOLD_EDIT)
    villages = villages_in_scope(scope)
    choices: list[tuple[str, str]] = []
    communes = {v.commune_id: v.commune for v in villages if scope.covers_commune(v.commune_id)}
    for commune in sorted(communes.values(), key=lambda c: c.name):
        choices.append((f"c:{commune.id}", _("%(c)s – thôn theo cột 'Thôn' trong tệp", c=commune.name)))
    choices += [(f"v:{v.id}", f"{v.name} – {v.commune.name}") for v in villages]
    return choices


def resolve_target(user: User, value: str) -> Target | None:
    """The target the user chose, or None when it is not one of theirs."""
    if value not in dict(target_choices(user)):
        return None
    kind, _sep, number = value.partition(":")
    if kind == "v":
        village = db.session.get_one(Village, int(number))
        return Target(commune=village.commune, village=village, villages={})
    commune = db.session.get_one(AdminUnit, int(number))
    scope = household_scope(user, Permission.HOUSEHOLD_EDIT)
    villages = db.session.execute(
        select(Village).where(Village.commune_id == commune.id, Village.effective_to.is_(None))
    ).scalars()
    return Target(
        commune=commune, village=None, villages={search_key(v.name): v for v in villages if scope.covers_village(v)}
    )


def target_value(job: Job) -> str:
    village_id = job.param("village_id")
    return f"v:{village_id}" if village_id else f"c:{job.commune_id}"


@dataclass
class ImportRun:
    plan: ImportPlan
    outcome: Outcome | None  # None: nothing written, the plan's problems say why

    def summary(self) -> dict:  # type: ignore[type-arg]
        outcome = self.outcome
        return {
            "rows": self.plan.rows,
            "households": len(self.plan.households),
            "created": outcome.created if outcome else 0,
            "updated": outcome.updated if outcome else 0,
            "skipped": outcome.skipped if outcome else len(self.plan.households),
            "members": outcome.members if outcome else 0,
            "problems": self.plan.problem_texts(PROBLEMS_KEPT),
            "problem_count": len(self.plan.problems),
            "notices": self.plan.notices,
        }


def run_import(
    source: SourceFile, target: Target, user: User, *, valid_only: bool, job_id: int | None = None, on_progress=None
) -> ImportRun:  # type: ignore[no-untyped-def]
    """Check every row; write only when all households are valid or the user chose the valid ones."""
    with cycle_collector_paused():
        plan = plan_import(source, target, user, on_progress)
        if plan.problems and not valid_only:
            return ImportRun(plan, None)
        if not plan.valid:
            return ImportRun(plan, None)
        return ImportRun(plan, apply_plan(plan, user, job_id=job_id))
