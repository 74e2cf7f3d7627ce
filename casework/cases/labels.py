"""Case-page helpers: who acted, when, and which page takes a step.

The words for codes (states, steps, roles, classes, runs) are in casework/vocabulary.py.
"""

from __future__ import annotations

import datetime as dt

from flask import url_for
from sqlalchemy import select

from casework.clock import VIETNAM
from casework.extensions import db
from casework.models import Case, CaseEvent, User


def actor_names(events: list[CaseEvent]) -> dict[int, str]:
    """The names of a timeline's actors, read in one query (never one per row)."""
    ids = {e.actor_user_id for e in events if e.actor_user_id}
    if not ids:
        return {}
    return dict(db.session.execute(select(User.id, User.full_name).where(User.id.in_(ids))).tuples().all())


def localtime(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    local = value.astimezone(VIETNAM)
    return f"{local:%d/%m/%Y %H:%M}"


# Which page takes each step; steps without a page of their own are taken on the case page.
def _meeting(case: Case) -> dict[str, int]:
    return {"run_id": case.run_id, "village_id": case.household.village_id}


def _run(case: Case) -> dict[str, int]:
    return {"run_id": case.run_id}


def _case(case: Case) -> dict[str, int]:
    return {"case_id": case.id}


def _latest_posting(case: Case) -> dict[str, int]:
    return {"posting_id": case.postings[-1].id}


STEP_ENDPOINTS = {
    "post": ("postings.new", lambda c: {"run_id": c.run_id, "village": c.household.village_id}),
    "file_complaint": ("postings.detail", _latest_posting),
    "finish_recheck": ("postings.recheck", _case),
    "close_posting": ("postings.detail", _latest_posting),
    "list_for_campaign": ("runs.detail", _run),
    "prepare_decision": ("runs.detail", _run),
    "recognise": ("runs.decision", _run),
    "send_upper": ("upper.send", _run),
    "record_upper_reply": ("upper.send", _run),
    "request_recheck": ("upper.send", _run),
    "refuse": ("decisions.refuse", _case),
    "withdraw": ("cases.withdraw", _case),
    "pass_meeting": ("meetings.record", _meeting),
    "fail_meeting": ("meetings.record", _meeting),
    "complete_survey": ("surveys.create", lambda c: {"household_id": c.household_id, "case": c.id}),
    "screen_out": ("surveys.create", lambda c: {"household_id": c.household_id, "case": c.id}),
    "resurvey": ("surveys.create", lambda c: {"household_id": c.household_id, "case": c.id}),
}


def step_url(case: Case, trigger: str) -> str | None:
    found = STEP_ENDPOINTS.get(trigger)
    if found is None or (trigger in ("file_complaint", "close_posting") and not case.postings):
        return None
    endpoint, arguments = found
    return url_for(endpoint, **arguments(case))
