"""Logging a household's request (Mẫu 01 or Mẫu 04): the case, its receipt and the form as filed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func, select

from casework.cases import paperwork, runs
from casework.cases.settings import run_settings
from casework.cases.transitions import role_for_step
from casework.documents import context as ctx
from casework.documents import service as documents
from casework.extensions import db
from casework.models import Case, CaseEvent, CaseRequest, CaseType, Household, Member, ReviewRun, User
from workflow.engine import initial_state


class IntakeError(ValueError):
    """A request that cannot be logged; the message says why, for the field named."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


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
        campaign = runs.open_campaign(commune, received_on.year)
        if campaign is not None:
            start, end = run_settings(campaign).periodic_window(campaign.period_year)
            if start <= received_on <= end:
                return campaign, CaseType.PERIODIC_REVIEW
    return runs.cycle_for(commune, received_on), case_type


def _receipt_number(commune_code: str, year: int) -> str:
    prefix = f"{commune_code}-{year}-"
    count = db.session.execute(
        select(func.count(CaseRequest.id)).where(CaseRequest.receipt_number.like(prefix + "%"))
    ).scalar_one()
    return f"{prefix}{count + 1:05d}"


def log_request(household: Household, data: RequestData, actor: User, today: dt.date) -> Case:
    applicant = db.session.get(Member, data.applicant_member_id)
    if applicant is None or applicant.household_id != household.id:
        raise IntakeError("applicant_member_id", _("Người đề nghị phải là thành viên của hộ."))
    case_type = case_type_for(data)
    run, case_type = _run_for(household, case_type, data.received_on)
    # A low-income worker is a person: one open case per person per run; otherwise per household.
    subject = applicant.id if case_type is CaseType.LOW_INCOME_WORKER else None
    same_subject = Case.subject_member_id == subject if subject else Case.subject_member_id.is_(None)
    existing = db.session.execute(
        select(Case.id).where(Case.run_id == run.id, Case.household_id == household.id, same_subject)
    ).first()
    if existing:
        raise IntakeError("form", _("Hộ này đã có hồ sơ trong đợt rà soát này (mã hồ sơ %(id)d).", id=existing[0]))
    role = role_for_step(actor, household.village, case_type.value, "log_request")
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
        notice_version=ctx.PROCESSING_NOTICE_VERSION,
    )
    db.session.add(request)
    db.session.flush()  # the documents name the case
    filed = documents.issue(*paperwork.request_form(request, household), actor=actor, case_id=case.id)
    receipt = documents.issue(
        *paperwork.request_receipt(request, household, actor, today), actor=actor, case_id=case.id
    )
    db.session.add(
        CaseEvent(
            case=case,
            actor_user_id=actor.id,
            actor_role=role.value,
            trigger="log_request",
            from_state=None,
            to_state=case.state,
            facts={
                "channel": data.channel,
                "receipt_number": request.receipt_number,
                "document_ids": [filed.id, receipt.id],
            },
        )
    )
    return case
