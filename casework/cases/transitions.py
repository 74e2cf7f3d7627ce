"""Fire one transition of a case: check the role, run the shared machine, write the audit event.

The document of the step is issued by the caller in the same session before this runs, so the
transition, its event and its document are committed together by the view, or not at all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import bindparam, select, update
from sqlalchemy.orm.exc import StaleDataError

from casework import clock, permissions
from casework.cases import events
from casework.cases.step_dates import StepDate, check
from casework.cycles.settings import run_settings, working_calendar
from casework.errors import Refused
from casework.extensions import db
from casework.models import Case, CaseEvent, Document, Role, RunKind, User
from casework.models.base import utcnow
from workflow.engine import TransitionNotAllowed, available_triggers, fire


def procedure_name(case: Case) -> str:
    return case.case_type.value


def base_facts(case: Case, today: dt.date | None = None) -> dict[str, Any]:
    """What every guard may read about the case, its run and today."""
    facts: dict[str, Any] = {
        "today": today or clock.today(),
        "settings": run_settings(case.run),
        "calendar": working_calendar(),
        "origin": case.origin,
    }
    if case.run.kind is RunKind.PERIODIC_CAMPAIGN:
        facts["campaign_year"] = case.run.period_year
    return facts


def _json_facts(facts: dict[str, Any]) -> dict[str, Any]:
    """The facts worth keeping in the audit trail, as JSON (settings and calendar are context)."""
    kept: dict[str, Any] = {}
    for key, value in facts.items():
        if key in ("settings", "calendar"):
            continue
        if isinstance(value, dt.date):
            kept[key] = value.isoformat()
        elif isinstance(value, (set, frozenset, tuple, list)):
            kept[key] = sorted(str(v) for v in value)
        else:
            kept[key] = value
    return kept


def apply(
    case: Case,
    trigger: str,
    *,
    actor: User,
    documents: Iterable[Document] = (),
    today: dt.date | None = None,
    role: Role | None = None,
    step_date: StepDate | None = None,
    **facts: Any,
) -> CaseEvent:
    """Move the case and record who did it; raises TransitionNotAllowed, NotPermitted (the door's 403) or Refused.

    Batch steps pass the `role` they checked once for the whole village or commune. `step_date` is
    the day the step happened as the user gave it (today when None): it is checked against today
    and the case's previous step, and a day entered after the fact needs its reason.
    """
    role = role or permissions.require_fire(actor, case, trigger)
    issued = list(documents)
    all_facts = {**base_facts(case, today), **facts, "documents": documents_kinds(issued)}
    day, late_reason = _step_day([case], step_date, all_facts)
    from_state = case.state
    to_state = fire(case, trigger, **all_facts)
    return events.record(
        case,
        actor=actor,
        role=role,
        trigger=trigger,
        from_state=from_state,
        to_state=to_state,
        facts={
            **_json_facts({k: v for k, v in all_facts.items() if k != "documents"}),
            "document_ids": [d.id for d in issued if d.id is not None],
        },
        effective_on=day,
        late_reason=late_reason,
    )


def _step_day(
    cases: list[Case], step_date: StepDate | None, context: dict[str, Any], names: dict[int, str] | None = None
) -> tuple[dt.date, str | None]:
    """The day to record for the step and its late reason, after the one rule on step days."""
    today = context["today"]
    if step_date is None:
        return today, None
    reason = check(
        cases, step_date, today=today, settings=context["settings"], calendar=context["calendar"], names=names
    )
    return step_date.day, reason


def advance_run(run_id: int, state: str, trigger: str, *, actor: User, today: dt.date) -> int:
    """The same step for every case of a run waiting in `state` (listing requests, preparing the decision)."""
    cases = list(db.session.execute(select(Case).where(Case.run_id == run_id, Case.state == state)).scalars())
    if not cases:
        return 0
    role = permissions.require_fire(actor, cases[0], trigger)
    try:
        apply_many(cases, trigger, actor=actor, role=role, today=today)
    except BatchRefused as refused:
        raise TransitionNotAllowed(trigger, state, refused.reason) from None
    return len(cases)


def options(case: Case, user: User, today: dt.date | None = None, **facts: Any) -> list[dict[str, Any]]:
    """The steps from the case's state: which this user may take now, and why not the others.

    `facts` are what the pages know beyond the case (the posting's end, open complaints...).
    """
    result = []
    for option in available_triggers(case, **{**base_facts(case, today), **facts}):
        mine = permissions.may_fire(user, case, option.trigger)
        result.append(
            {
                "trigger": option.trigger,
                "label": option.label,
                "dest": option.dest,
                "allowed": option.allowed and mine,
                "mine": mine,
                "reasons": list(option.reasons) if mine else [_("Bước này do vai trò khác thực hiện.")],
                "needs_input": bool(option.failed_guards),
            }
        )
    return result


# A document issued from one template may stand for another step's document: the letter the upper
# level issues on the system is its reply (STEP_DOCUMENTS "upper_reply"), like a reply uploaded by staff.
STANDS_FOR = {"upper_approval": "upper_reply"}


def documents_kinds(documents: Collection[Document]) -> set[str]:
    """The step-document kinds the documents fulfil (the guards' fact `documents`)."""
    kinds = {d.kind for d in documents}
    return kinds | {STANDS_FOR[kind] for kind in kinds if kind in STANDS_FOR}


class BatchRefused(Refused):
    """One case of a batch was refused; nothing of the batch is written."""

    def __init__(self, case: Case, reason: str) -> None:
        super().__init__(reason, status=409)
        self.case = case
        self.reason = reason


@dataclass
class _Moving:
    """What the shared machine needs of a case, so a batch can move thousands without dirtying ORM rows."""

    id: int
    state: str
    case_type: str
    origin: str | None
    version_id: int


def apply_many(
    cases: list[Case],
    trigger: str,
    *,
    actor: User,
    role: Role,
    documents: Iterable[Document] = (),
    today: dt.date | None = None,
    facts_by_case: dict[int, dict[str, Any]] | None = None,
    also_set: dict[str, Any] | None = None,
    step_date: StepDate | None = None,
    names: dict[int, str] | None = None,
    **facts: Any,
) -> dict[int, str]:
    """One step for many cases of one run in one statement; all or nothing.

    Each case still goes through the guards one by one (raising TransitionNotAllowed for the first
    refused); the state changes are then written with one versioned UPDATE and the events with one
    INSERT. A case changed by someone else meanwhile makes the whole batch fail with StaleDataError.
    """
    if not cases:
        return {}
    issued = list(documents)
    context = {**base_facts(cases[0], today), "documents": documents_kinds(issued)}
    day, late_reason = _step_day(cases, step_date, context, names)
    stored = _json_facts({k: v for k, v in context.items() if k != "documents"})
    document_ids = [d.id for d in issued if d.id is not None]
    moves: dict[int, str] = {}
    rows, written = [], []
    for case in cases:
        own = {**facts, **(facts_by_case or {}).get(case.id, {})}
        moving = _Moving(case.id, case.state, case.case_type.value, case.origin, case.version_id)
        try:
            new_state = fire(moving, trigger, **{**context, **own})
        except TransitionNotAllowed as refused:
            raise BatchRefused(case, refused.reason) from None
        moves[case.id] = new_state
        rows.append(
            {"cid": case.id, "old_version": case.version_id, "new_state": new_state, "new_version": case.version_id + 1}
        )
        written.append(
            events.values(
                case.id,
                actor=actor,
                role=role,
                trigger=trigger,
                from_state=case.state,
                to_state=new_state,
                facts={**stored, **_json_facts(own), "document_ids": document_ids},
                effective_on=day,
                late_reason=late_reason,
            )
        )
    _write_states(rows, also_set)
    events.record_many(written)
    for case in cases:
        db.session.expire(case, ["state", "version_id", "updated_at", "events", *(also_set or {})])
    return moves


def _write_states(rows: list[dict[str, Any]], also_set: dict[str, Any] | None) -> None:
    """One versioned UPDATE for the batch: a case changed meanwhile fails it all (StaleDataError)."""
    statement = (
        update(Case.__table__)
        .where(Case.__table__.c.id == bindparam("cid"), Case.__table__.c.version_id == bindparam("old_version"))
        .values(
            state=bindparam("new_state"), version_id=bindparam("new_version"), updated_at=utcnow(), **(also_set or {})
        )
    )
    db.session.flush()  # anything pending for these cases goes first, under the ORM's own checks
    result = db.session.execute(statement, rows)
    from casework.reports import kept  # the figures of the run's communes change with its cases

    kept.cases_changed(db.session, [row["cid"] for row in rows])
    if result.rowcount != len(rows):
        raise StaleDataError(f"{len(rows) - result.rowcount} of {len(rows)} cases changed meanwhile")
