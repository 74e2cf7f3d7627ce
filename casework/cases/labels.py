"""Words shown for codes on case pages (Vietnamese first, through the translation layer)."""

from __future__ import annotations

import datetime as dt

from flask import url_for
from flask_babel import lazy_gettext as _l

from casework.clock import VIETNAM
from casework.extensions import db
from casework.models import Case, CaseEvent, ReviewRun, User
from workflow.procedures.vocabulary import ROLE_LABELS

CASE_TYPES = {
    "periodic_review": _l("Rà soát định kỳ hằng năm"),
    "regular_review": _l("Rà soát thường xuyên (Mẫu số 01)"),
    "exit_request": _l("Đề nghị công nhận thoát nghèo, thoát cận nghèo (Mẫu số 04)"),
    "average_living_standard": _l("Xác định hộ có mức sống trung bình"),
    "low_income_worker": _l("Xác định người lao động có thu nhập thấp"),
}


def case_type_label(value: str) -> str:
    return str(CASE_TYPES.get(value, value))


def run_label(run: ReviewRun) -> str:
    if run.period_month:
        return str(_l("Đợt rà soát thường xuyên tháng %(m)02d/%(y)d", m=run.period_month, y=run.period_year))
    return str(_l("Rà soát định kỳ năm %(y)d", y=run.period_year))


def role_label(role: str | None) -> str:
    return ROLE_LABELS.get(role or "", role or "")


def actor_name(event: CaseEvent) -> str:
    user = db.session.get(User, event.actor_user_id) if event.actor_user_id else None
    return user.full_name if user else "—"


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
    "refuse": ("runs.refuse", _case),
    "withdraw": ("runs.withdraw", _case),
    "pass_meeting": ("meetings.record", _meeting),
    "fail_meeting": ("meetings.record", _meeting),
    "complete_survey": ("surveys.create", lambda c: {"household_id": c.household_id, "case": c.id}),
    "screen_out": ("surveys.create", lambda c: {"household_id": c.household_id, "case": c.id}),
}


def step_url(case: Case, trigger: str) -> str | None:
    found = STEP_ENDPOINTS.get(trigger)
    if found is None or (trigger in ("file_complaint", "close_posting") and not case.postings):
        return None
    endpoint, arguments = found
    return url_for(endpoint, **arguments(case))
