"""The steps of one case outside the batches: logging a household's request (Mẫu 01 or Mẫu 04) with
its receipt and the form as filed, a completed survey moving its case, and a withdrawal."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func, select

from casework import audit, permissions
from casework.cases import events, paperwork, transitions
from casework.cases.step_dates import StepDate
from casework.cycles import service as cycles
from casework.cycles.settings import run_settings
from casework.documents import service as documents
from casework.documents.context.requests import PROCESSING_NOTICE_VERSION
from casework.errors import Refused
from casework.extensions import db
from casework.models import (
    Case,
    CaseEvent,
    CaseRequest,
    CaseType,
    Document,
    Household,
    Member,
    ReviewRun,
    Survey,
    User,
)
from casework.register.service import Series, number_text
from workflow.engine import initial_state
from workflow.standards import Classification, PhieuAResult


@dataclass
class RequestData:
    form: str  # mau_01 / mau_04
    request_kind: str  # poverty_review / average_living_standard / exit_request
    applicant_member_id: int
    reason: str
    channel: str
    signed_place: str
    signed_on: dt.date
    received_on: dt.date
    requested_exit: str | None = None


def case_type_for(data: RequestData) -> CaseType:
    if data.form == "mau_04":
        return CaseType.EXIT_REQUEST
    if data.request_kind == "average_living_standard":
        return CaseType.AVERAGE_LIVING_STANDARD
    if data.request_kind == "low_income_worker":
        return CaseType.LOW_INCOME_WORKER
    return CaseType.REGULAR_REVIEW


def _run_for(household: Household, case_type: CaseType, received_on: dt.date) -> tuple[ReviewRun, CaseType]:
    """A poverty review asked during an open campaign's window joins the campaign; otherwise the monthly cycle."""
    commune = household.village.commune
    if case_type is CaseType.REGULAR_REVIEW:
        campaign = cycles.current_campaign(commune, received_on.year)
        if campaign is not None:
            start, end = run_settings(campaign).periodic_window(campaign.period_year)
            if start <= received_on <= end:
                return campaign, CaseType.PERIODIC_REVIEW
    return cycles.cycle_for(commune, received_on), case_type


def _receipt_number(commune_code: str, year: int) -> str:
    prefix = f"{commune_code}-{year}-"
    count = db.session.execute(
        select(func.count(CaseRequest.id)).where(CaseRequest.receipt_number.like(prefix + "%"))
    ).scalar_one()
    return f"{prefix}{count + 1:05d}"


def receipt_series(run: ReviewRun, received_on: dt.date) -> Series:
    """The intake receipt's series in the commune's register ('05/TNHS'), by the day it was received."""
    return Series.of(run.commune, run_settings(run).receipt_symbol, received_on)


def _issue_receipt(case: Case, request: CaseRequest, actor: User, today: dt.date) -> Document:
    """The intake receipt, numbered from the commune's register and dated the day the request came in."""
    series = receipt_series(case.run, request.received_on)
    number = series.next_number()
    receipt = documents.issue(
        *paperwork.request_receipt(request, case.household, actor, today, (number, series.symbol)),
        actor=actor,
        case_id=case.id,
        document_number=number_text(number, series.symbol),
        issued_on=request.received_on,
    )
    series.take(number, issued_on=request.received_on, document=receipt, actor=actor)
    return receipt


def _refuse_a_second_case(run: ReviewRun, household: Household, subject: int | None) -> None:
    same_subject = Case.subject_member_id == subject if subject else Case.subject_member_id.is_(None)
    existing = db.session.execute(
        select(Case.id).where(Case.run_id == run.id, Case.household_id == household.id, same_subject)
    ).first()
    if existing:
        # 409: the records already hold the case (a second click, or a colleague at the same moment).
        raise Refused(
            _("Hộ này đã có hồ sơ trong đợt rà soát này (mã hồ sơ %(id)d).", id=existing[0]), "form", status=409
        )


def log_request(household: Household, data: RequestData, actor: User, today: dt.date) -> Case:
    applicant = db.session.get(Member, data.applicant_member_id)
    if applicant is None or applicant.household_id != household.id:
        raise Refused(_("Người đề nghị phải là thành viên của hộ."), "applicant_member_id")
    case_type = case_type_for(data)
    run, case_type = _run_for(household, case_type, data.received_on)
    # A low-income worker is a person: one open case per person per run; otherwise per household.
    subject = applicant.id if case_type is CaseType.LOW_INCOME_WORKER else None
    _refuse_a_second_case(run, household, subject)
    role = permissions.require_step(actor, household.village, case_type.value, "log_request")
    case = Case(
        case_type=case_type,
        run=run,
        household=household,
        origin="request",
        subject_member_id=subject,
        state=initial_state(case_type.value),
        deadline=run.ends_on if run.period_month else None,
    )
    db.session.add(case)
    commune = household.village.commune
    request = CaseRequest(
        case=case,
        form=data.form,
        request_kind=data.request_kind,
        requested_exit=data.requested_exit,
        applicant_member_id=applicant.id,
        reason=data.reason,
        channel=data.channel,
        signed_place=data.signed_place,
        signed_on=data.signed_on,
        received_on=data.received_on,
        received_by_id=actor.id,
        receipt_number=_receipt_number(commune.code, data.received_on.year),
        promised_on=case.deadline or run.ends_on,
        notice_version=PROCESSING_NOTICE_VERSION,
    )
    db.session.add(request)
    db.session.flush()  # the documents name the case
    filed = documents.issue(*paperwork.request_form(request, household), actor=actor, case_id=case.id)
    receipt = _issue_receipt(case, request, actor, today)
    events.record(
        case,
        actor=actor,
        role=role,
        trigger="log_request",
        from_state=None,
        to_state=case.state,
        facts={
            "channel": data.channel,
            "receipt_number": request.receipt_number,
            "document_ids": [filed.id, receipt.id],
        },
        effective_on=data.received_on,
    )
    return case


def withdraw(case: Case, letter_pdf: bytes, actor: User) -> CaseEvent:
    """The applicant withdraws in writing: the signed letter is kept with the case."""
    role = permissions.require_fire(actor, case, "withdraw")
    letter = documents.store_upload("withdrawal_letter", letter_pdf, actor=actor, case_id=case.id)
    event = transitions.apply(case, "withdraw", actor=actor, role=role, documents=[letter])
    audit.record("case_withdraw", user_id=actor.id, subject=f"case:{case.id}")
    return event


# ---- a completed survey moves its case: surveyed, or screened out by Phiếu A ----------------------


def record_survey(case: Case, survey: Survey, result: Classification, actor: User) -> CaseEvent:
    """The completed survey moves its case: surveyed (or screened out by Phiếu A), or, for a case
    waiting to be surveyed again after a failed meeting or the upper level's request, back to
    surveyed so that it goes to a meeting again; every earlier survey is kept."""
    survey.case_id = case.id
    resurveying = case.state == "needs_resurvey"
    stopped = not resurveying and result.phieu_a_result is PhieuAResult.STOP_NOT_POOR
    facts = {
        "survey_complete": True,
        "rule_set_id": result.rule_set.id,
        "provisional_class": result.household_class.value,
        "phieu_a_result": result.phieu_a_result.value if result.phieu_a_result else "",
        "phieu_a_configured": result.rule_set.phieu_a is not None,
    }
    sheet = documents.issue(*paperwork.survey_record(case, result.to_dict(), actor), actor=actor, case_id=case.id)
    trigger = "resurvey" if resurveying else "screen_out" if stopped else "complete_survey"
    event = transitions.apply(
        case,
        trigger,
        actor=actor,
        documents=[sheet],
        step_date=StepDate(survey.reference_date, "reference_date", needs_reason=False),
        **facts,
    )
    case.provisional_class = result.household_class.value
    event.facts = {**event.facts, "survey_id": survey.id}
    return event
