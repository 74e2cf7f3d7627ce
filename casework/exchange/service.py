"""Imports end to end: where the rows may go, a check-then-write run, and the background job.

Small files are checked and written inside the request; above ``import_job_threshold()`` rows
the file is kept (encrypted) on an ImportJob and a worker does the same work with a progress page.
Never commits inside a request; the job commits its progress and, once, its writes.
"""

from __future__ import annotations

import base64
import logging
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from casework import crypto
from casework.exchange.importing import ImportPlan, Target, plan_import
from casework.exchange.reading import FileRefused, SourceFile, read_upload
from casework.exchange.writing import Outcome, apply_plan
from casework.extensions import db
from casework.jobs import huey, task_app
from casework.models import AdminUnit, ImportJob, User, Village
from casework.models.base import utcnow
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


def target_value(job: ImportJob) -> str:
    return f"v:{job.village_id}" if job.village_id else f"c:{job.commune_id}"


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
    plan = plan_import(source, target, user, on_progress)
    if plan.problems and not valid_only:
        return ImportRun(plan, None)
    if not plan.valid:
        return ImportRun(plan, None)
    return ImportRun(plan, apply_plan(plan, user, job_id=job_id))


def queue_import(user: User, target: Target, filename: str, content: bytes, rows: int, valid_only: bool) -> ImportJob:
    job = ImportJob(
        commune_id=target.commune.id,
        village_id=target.village.id if target.village else None,
        filename=filename[:200],
        content_ciphertext=crypto.encrypt(base64.b64encode(content).decode()),
        valid_only=valid_only,
        total_rows=rows,
        created_by_id=user.id,
    )
    db.session.add(job)
    return job


@huey.task()
def import_households(job_id: int) -> None:
    app = task_app()
    with app.test_request_context():
        job = db.session.get(ImportJob, job_id)
        if job is None:
            return
        try:
            _import(job)
        except Exception as error:  # the progress page must say why rather than spin forever
            db.session.rollback()
            job = db.session.get_one(ImportJob, job_id)
            job.status, job.error, job.finished_at = "failed", str(error)[:500], utcnow()
            job.content_ciphertext = None
            db.session.commit()
            log.warning("import job %d failed: %s", job_id, type(error).__name__)


def _import(job: ImportJob) -> None:
    user = db.session.get_one(User, job.created_by_id)
    content = base64.b64decode(crypto.decrypt(job.content_ciphertext or b""))
    job.status = "running"
    db.session.commit()
    target = resolve_target(user, target_value(job))
    if target is None:
        raise FileRefused(_("Bạn không còn quyền nhập hộ vào địa bàn này."))
    try:
        source = read_upload(job.filename, content)
    except FileRefused as refused:
        _finish(job, "failed", error=str(refused))
        return

    def progress(done: int, total: int) -> None:
        job.done_rows, job.total_rows = done, total
        db.session.commit()  # only the job row is pending while rows are checked

    result = run_import(source, target, user, valid_only=job.valid_only, job_id=job.id, on_progress=progress)
    if result.outcome is None:
        _finish(job, "failed", result=result.summary(), error=_("Tệp có lỗi; chưa nhập hộ nào."))
        return
    _finish(job, "done", result=result.summary())  # the households and the job's end: one commit


def _finish(job: ImportJob, status: str, *, result: dict | None = None, error: str | None = None) -> None:  # type: ignore[type-arg]
    job.status, job.result, job.error, job.finished_at = status, result, error, utcnow()
    job.done_rows = job.total_rows
    job.content_ciphertext = None  # the file held personal data: not kept once read
    db.session.commit()
