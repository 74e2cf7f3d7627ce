"""Cases: list (cursor paging), read with the timeline and the steps open now (with the reasons the
others are not), and fire a step with its facts through the feature's own service (casework/api/steps.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import abort
from flask_babel import gettext as _
from pydantic import BaseModel, Field

from casework import permissions
from casework.api.core import bp, endpoint, expected_version, user
from casework.api.errors import fail
from casework.api.paging import DEFAULT_LIMIT, MAX_LIMIT, page
from casework.api.spec import Input, answers, spec
from casework.api.steps import STEPS
from casework.cases import queries, transitions
from casework.cases.labels import actor_names, step_url
from casework.extensions import db
from casework.models import Case
from casework.vocabulary import case_type_label, state_label, step_label
from workflow.procedures import get_procedure

TAG = "cases"


class Event(BaseModel):
    at: dt.datetime
    effective_on: dt.date | None
    trigger: str
    label: str
    from_state: str | None
    to_state: str
    actor: str


class Action(BaseModel):
    trigger: str
    label: str
    to_state: str
    allowed: bool = Field(description="Whether the token's user may take it now")
    reasons: list[str] = Field(description="Why not, when it is not allowed")
    via_api: bool = Field(description="Whether POST /cases/{id}/transitions takes it")
    page: str | None = Field(description="The web page that takes it")


class CaseSummary(BaseModel):
    id: int
    household_id: int
    case_type: str
    case_type_label: str
    state: str
    state_label: str
    deadline: dt.date | None
    version: int


class CaseOut(CaseSummary):
    timeline: list[Event]
    actions: list[Action]


class CasePage(BaseModel):
    items: list[CaseSummary]
    next_cursor: str | None


class CaseFilter(BaseModel):
    state: str | None = Field(None, max_length=32)
    household: int | None = Field(None, ge=1, le=2**31 - 1)
    cursor: str | None = Field(None, max_length=500)
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)


class TransitionIn(Input):
    trigger: str = Field(max_length=48)
    facts: dict[str, Any] = Field(default_factory=dict, description="What the step needs (see its description)")
    version: int | None = Field(None, ge=0, le=2**31 - 1, description="Unless If-Match is sent")


def _summary(case: Case) -> dict[str, Any]:
    return {
        "id": case.id,
        "household_id": case.household_id,
        "case_type": case.case_type.value,
        "case_type_label": case_type_label(case.case_type.value),
        "state": case.state,
        "state_label": state_label(case.state),
        "deadline": case.deadline,
        "version": case.version_id,
    }


def full_case(case: Case) -> CaseOut:
    options = transitions.options(case, user(), **queries.posting_facts(case))
    actors = actor_names(list(case.events))  # one query for the whole timeline
    return CaseOut(
        **_summary(case),
        timeline=[
            Event(
                at=e.occurred_at,
                effective_on=e.effective_on,
                trigger=e.trigger,
                label=step_label(e.trigger),
                from_state=e.from_state,
                to_state=e.to_state,
                actor=actors.get(e.actor_user_id, "—") if e.actor_user_id else "—",
            )
            for e in case.events
        ],
        actions=[
            Action(
                trigger=o["trigger"],
                label=str(o["label"]),
                to_state=o["dest"],
                allowed=o["allowed"],
                reasons=[str(r) for r in o["reasons"]],
                via_api=o["trigger"] in STEPS,
                page=step_url(case, o["trigger"]),
            )
            for o in options
        ],
    )


@bp.get("/cases")
@spec.validate(query=CaseFilter, resp=answers(CasePage), tags=[TAG])
@endpoint("cases")
def list_cases(query: CaseFilter) -> CasePage:
    """Cases of households in the token user's units, oldest first."""
    statement = queries.cases_in_scope(user(), *([query.state] if query.state else []))
    if query.household:
        statement = statement.where(Case.household_id == query.household)
    rows, cursor = page(statement, (Case.id,), lambda c: (c.id,), cursor=query.cursor, limit=query.limit)
    return CasePage(items=[CaseSummary(**_summary(c)) for c in rows], next_cursor=cursor)


@bp.get("/cases/<int:case_id>")
@spec.validate(resp=answers(CaseOut), tags=[TAG])
@endpoint("cases")
def get_case(case_id: int):  # type: ignore[no-untyped-def]
    """A case with its timeline and the steps from its state: allowed now, or why not."""
    case = queries.get_case(user(), case_id) or abort(404)
    return full_case(case), 200, {"ETag": f'"{case.version_id}"'}


@bp.post("/cases/<int:case_id>/transitions")
@spec.validate(json=TransitionIn, resp=answers(CaseOut, write=True), tags=[TAG])
@endpoint("cases", write=True)
def fire_transition(case_id: int, json: TransitionIn):  # type: ignore[no-untyped-def]
    """Take a step: the same permission door, guards and service as the web page; the step's facts in `facts`.

    Steps taken here: withdraw (facts.letter_pdf: the signed letter, PDF in base64)."""
    case = queries.get_case(user(), case_id) or abort(404)
    if json.trigger not in get_procedure(case.case_type.value).triggers:
        raise fail(422, _("Thủ tục của hồ sơ này không có bước này."), "trigger")
    permissions.require_fire(user(), case, json.trigger)  # 403 for a role that may not, before the facts
    if expected_version(json.version) != case.version_id:
        raise fail(409, _("Hồ sơ vừa được người khác thay đổi. Hãy đọc lại rồi thực hiện lại."), "version")
    handler = STEPS.get(json.trigger)
    if handler is None:
        raise fail(409, _("Bước này chưa thực hiện được qua API; hãy thực hiện ở trang của bước."), "trigger")
    handler(case, json.facts, user())
    db.session.flush()
    return full_case(case), 200, {"ETag": f'"{case.version_id}"'}
