"""The one way to write a case event (the append-only audit trail of a case).

A single step adds the ORM row (`record`); a batch of thousands inserts the same rows in one
statement (`record_many`). Both build their values with `values`, so every event carries the same
columns whoever writes it: a transition, a batch, intake, a campaign or a survey.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import insert

from casework.extensions import db
from casework.models import Case, CaseEvent, Role, User
from casework.models.base import utcnow


def values(
    case_id: int | None,
    *,
    actor: User,
    role: Role,
    trigger: str,
    from_state: str | None,
    to_state: str,
    facts: dict[str, Any],
    effective_on: dt.date | None = None,
    late_reason: str | None = None,
) -> dict[str, Any]:
    """The columns of one event; `effective_on` is the day the step happened (commune time)."""
    return {
        "effective_on": effective_on,
        "late_reason": late_reason or None,
        "case_id": case_id,
        "actor_user_id": actor.id,
        "actor_role": role.value,
        "trigger": trigger,
        "from_state": from_state,
        "to_state": to_state,
        "facts": facts,
    }


def record(
    case: Case,
    *,
    actor: User,
    role: Role,
    trigger: str,
    from_state: str | None,
    to_state: str,
    facts: dict[str, Any],
    effective_on: dt.date | None = None,
    late_reason: str | None = None,
) -> CaseEvent:
    """Add one event to the session; the case may not have its id yet (it is flushed with it)."""
    row = values(
        case.id,
        actor=actor,
        role=role,
        trigger=trigger,
        from_state=from_state,
        to_state=to_state,
        facts=facts,
        effective_on=effective_on,
        late_reason=late_reason,
    )
    del row["case_id"]  # the relationship sets it, also for a case not yet flushed
    event = CaseEvent(case=case, **row)
    db.session.add(event)
    return event


def record_many(rows: list[dict[str, Any]]) -> None:
    """Insert events built with `values` in one statement (a batch step of a whole run)."""
    if rows:
        now = utcnow()
        db.session.execute(insert(CaseEvent.__table__), [{"occurred_at": now, **row} for row in rows])
