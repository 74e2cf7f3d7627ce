"""The commune chairman's decisions: recognition of a run's households (Mẫu 02 with certificates
Mẫu 03), signed by the chairman before anything moves, and a reasoned refusal.

The recognised class of each household is frozen at issue time (HouseholdStatus): later edits of
the household's data never change a decision already issued.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from casework import clock, permissions
from casework.cases import transitions
from casework.cases.step_dates import StepDate, check
from casework.cycles.settings import lists_year, run_settings, working_calendar
from casework.decisions import citations, queries
from casework.decisions import documents as decision_documents
from casework.decisions.policy import CERTIFIED_CLASSES, CHAIRMAN_BLOCKS, decided_class, decision_lists
from casework.documents import service as documents
from casework.documents.context.labels import DECISION_CLASSES
from casework.documents.context.values import HouseholdRow, Signer
from casework.errors import Refused, as_conflict
from casework.extensions import db
from casework.models import Case, Decision, Document, HouseholdStatus, Job, ReviewRun, Role, UpperReview, User
from casework.models.signing import SigningRequest
from casework.register import service as register
from casework.register.service import Series, number_text
from casework.signing import service as signing
from casework.signing import sign as signing_pdf
from workflow.dates import format_date
from workflow.step_dates import decision_floor


@dataclass
class DecisionData:
    number: int | None  # None: the register's next number
    symbol: str
    issued_on: dt.date


CERTIFICATE_SYMBOL = "GCN-HN.HCN"  # QĐ 24 Mẫu 03


@dataclass
class DecisionPlan:
    """Everything the decision will say, built from the records before anything is written.

    The PDFs are rendered from these contexts (in a job for a big commune), then written with them.
    """

    run_id: int
    data: DecisionData
    role: Role
    year: int
    case_ids: list[int]
    listed: dict[int, tuple[str, str | None]]
    counts: dict[str, int]
    context: dict[str, Any]
    certificates: dict[int, dict[str, Any]] = field(default_factory=dict)
    # Each certificate's number: consecutive from the register's next, in the order of the cases.
    certificate_numbers: dict[int, int] = field(default_factory=dict)

    @property
    def number_text(self) -> str:
        return number_text(register.require(self.data.number, "number"), self.data.symbol)


def decision_series(run: ReviewRun, data: DecisionData) -> Series:
    return Series.of(run.commune, data.symbol, data.issued_on)


def certificate_series(run: ReviewRun, data: DecisionData) -> Series:
    return Series.of(run.commune, CERTIFICATE_SYMBOL, data.issued_on)


def _numbered(run: ReviewRun, data: DecisionData) -> DecisionData:
    """The decision's number: entered (checked against the register) or the register's next one.

    A draft still waiting for the chairman's signature gives its number back when drafted again."""
    pending = signing.pending_for("recognition_decision", "run_id", run.id)
    ignore = [pending.document_id] if pending is not None else []
    return dataclasses.replace(data, number=decision_series(run, data).resolve(data.number, "number", ignore))


def plan(run: ReviewRun, data: DecisionData, actor: User, case_ids: list[int] | None = None) -> DecisionPlan:
    """One decision for every case of the run ready for it; certificates for poor and near-poor households.

    `case_ids` re-plans a decision already drafted: exactly those cases, all still waiting for it.
    """
    cases = queries.ready_cases(run)
    if case_ids is not None:
        cases = [case for case in cases if case.id in set(case_ids)]
        if len(cases) != len(set(case_ids)):
            raise Refused(
                _("Có hồ sơ trong dự thảo quyết định không còn chờ quyết định; hãy lập lại quyết định."), "number"
            )
    if not cases:
        raise Refused(_("Không có hồ sơ nào đang chờ quyết định."), "number")
    role = permissions.require_fire(actor, cases[0], "recognise")
    _check_issued_on(run, cases, data.issued_on)
    if case_ids is None:
        data = _numbered(run, data)
    year = lists_year(run)
    listed = {case.id: decided_class(case, year) for case in cases}
    lists: dict[str, list[HouseholdRow]] = {key: [] for key in DECISION_CLASSES}
    for case in cases:
        for list_key in decision_lists(case, listed[case.id][0]):
            lists[list_key].append(decision_documents.decision_row(case, list_key))
    # The chairman decides in his own competence; a vice-chairman signs "KT. CHỦ TỊCH" (documents.md §1.5).
    signer = Signer.for_role(actor.full_name, role.value)
    standard = citations.standard_id(run, [case.id for case in cases])
    _issue, context = decision_documents.decision_context(run, data, lists, signer, standard)
    # The certificate's yearly row cites the decision as the rows of earlier years do: "số 05/QĐ-UBND ngày 05/01/2026".
    reference = f"số {data.number:02d}/{data.symbol} ngày {format_date(data.issued_on)}"
    certified = [case for case in cases if case.provisional_class in CERTIFIED_CLASSES]
    first = certificate_series(run, data).next_number()
    numbers = {case.id: first + offset for offset, case in enumerate(certified)}
    certificates = {
        case.id: decision_documents.certificate_context(
            case, str(case.provisional_class), year, reference, signer, data, standard, numbers[case.id]
        )
        for case in certified
    }
    return DecisionPlan(
        run_id=run.id,
        data=data,
        role=role,
        year=year,
        case_ids=[c.id for c in cases],
        listed=listed,
        counts={key: len(rows) for key, rows in lists.items()},
        context=context,
        certificates=certificates,
        certificate_numbers=numbers,
    )


def _check_issued_on(run: ReviewRun, cases: list[Case], issued_on: dt.date) -> None:
    """A decision follows the upper level's reply, or the posting's close when no upper level is asked."""
    if issued_on > clock.today():
        raise Refused(_("Ngày không được ở tương lai."), "issued_on")
    reply = db.session.execute(
        select(func.max(UpperReview.replied_on)).where(UpperReview.run_id == run.id)
    ).scalar_one_or_none()
    closed = max((p.closed_on for case in cases for p in case.postings if p.closed_on), default=None)
    floor = decision_floor(reply, closed)
    if floor is None or issued_on >= floor:
        # Nor before any case's previous step (prepared for the decision on a later day, say): the
        # decision moves the cases only once signed, and must not be refused then.
        day = StepDate(issued_on, "issued_on", needs_reason=False)
        check(cases, day, today=clock.today(), settings=run_settings(run), calendar=working_calendar())
        return
    if reply is not None:
        message = _(
            "Ngày ban hành (%(d)s) trước ngày cấp trên trả lời (%(r)s).",
            d=format_date(issued_on),
            r=format_date(reply),
        )
    else:
        message = _(
            "Ngày ban hành (%(d)s) trước ngày kết thúc niêm yết (%(r)s).",
            d=format_date(issued_on),
            r=format_date(floor),
        )
    raise Refused(message, "issued_on")


def prepare(plan: DecisionPlan, pdf: bytes, actor: User) -> SigningRequest:
    """The drafted decision, numbered and dated, waiting for the chairman's digital signature."""
    run = db.session.get_one(ReviewRun, plan.run_id)
    previous = signing.pending_for("recognition_decision", "run_id", run.id)
    if previous is not None:
        signing.cancel(previous, actor)
        register.release([previous.document_id])  # the draft replaced was never issued
    decision_doc = documents.issue(
        "recognition_decision",
        plan.context,
        actor=actor,
        commune_id=run.commune_id,
        document_number=plan.number_text,
        issued_on=plan.data.issued_on,
        pdf=signing_pdf.with_signature_fields(pdf),
    )
    number = register.require(plan.data.number, "number")
    decision_series(run, plan.data).take(number, issued_on=plan.data.issued_on, document=decision_doc, actor=actor)
    organisation = decision_documents.signer_organisation(run)
    return signing.prepare(
        "recognition_decision",
        decision_doc,
        commune_id=run.commune_id,
        # Only the role the block names signs it: a decision drafted "KT. CHỦ TỊCH" is not signed by the chairman.
        signer_roles=[plan.role] if plan.role in CHAIRMAN_BLOCKS else list(CHAIRMAN_BLOCKS),
        signer_unit_id=run.commune_id,
        payload={
            "run_id": run.id,
            "case_ids": plan.case_ids,
            "number": plan.data.number,
            "symbol": plan.data.symbol,
            "issued_on": plan.data.issued_on.isoformat(),
            "signer_organisation": organisation,
            "signer_description": f"{'Phó Chủ tịch' if plan.role is Role.VICE_CHAIRMAN else 'Chủ tịch'} {organisation}",
            "reason": "Quyết định công nhận hộ nghèo, hộ cận nghèo",
        },
        actor=actor,
    )


def replan(request: SigningRequest, actor: User) -> DecisionPlan:
    """The plan behind a signed decision, from the cases it names, with the decision's own wording."""
    payload = request.payload
    run = db.session.get_one(ReviewRun, payload["run_id"])
    data = DecisionData(payload["number"], payload["symbol"], dt.date.fromisoformat(payload["issued_on"]))
    planned = plan(run, data, actor, case_ids=payload["case_ids"])
    planned.context = request.document.context
    return planned


def _decision_day(data: DecisionData) -> StepDate:
    """The decision's day is printed on it and was checked when it was drafted; it is signed later."""
    return StepDate(data.issued_on, "issued_on", needs_reason=False)


def _issue_certificate(plan: DecisionPlan, case_id: int, pdf: bytes, actor: User) -> Document:
    """One household's certificate under its number from the register."""
    run = db.session.get_one(ReviewRun, plan.run_id)
    number, data = plan.certificate_numbers[case_id], plan.data
    certificate = documents.issue(
        "certificate",
        plan.certificates[case_id],
        actor=actor,
        case_id=case_id,
        document_number=number_text(number, CERTIFICATE_SYMBOL),
        issued_on=data.issued_on,
        pdf=pdf,
    )
    certificate_series(run, data).take(number, issued_on=data.issued_on, document=certificate, actor=actor)
    return certificate


def write(
    plan: DecisionPlan, decision_doc: Document, certificates: dict[int, bytes], actor: User, today: dt.date
) -> dict[int, Document]:
    """Certificates, statuses and every case's step of the signed decision; returns the certificates by case."""
    run = db.session.get_one(ReviewRun, plan.run_id)
    data = plan.data
    decision = Decision(
        run_id=run.id,
        number=plan.number_text,
        issued_on=data.issued_on,
        signer_name=actor.full_name,
        counts=plan.counts,
        document_id=decision_doc.id,
        created_by_id=actor.id,
    )
    db.session.add(decision)
    db.session.flush()  # statuses cite the decision
    issued: dict[int, Document] = {}
    for case_id in plan.case_ids:
        case = db.session.get(Case, case_id)
        listed_as, moved = plan.listed[case_id]
        certificate = None
        if case_id in plan.certificates:
            certificate = _issue_certificate(plan, case_id, certificates[case_id], actor)
            issued[case_id] = certificate
        transitions.apply(
            case,
            "recognise",
            actor=actor,
            role=plan.role,
            today=today,
            documents=[decision_doc, *([certificate] if certificate else [])],
            step_date=_decision_day(data),
            signature="verified",
        )
        case.final_class = listed_as
        if case.subject_member_id is not None:
            continue  # a low-income worker is a person's status, not the household's
        db.session.add(
            HouseholdStatus(
                household_id=case.household_id,
                year=plan.year,
                household_class=case.provisional_class or "not_poor",
                movement=moved,
                decision_id=decision.id,
                case_id=case.id,
                certificate_document_id=certificate.id if certificate else None,
            )
        )
    return issued


def draft(run: ReviewRun, data: DecisionData, actor: User) -> SigningRequest:
    """The decision drafted within one request, for a run small enough not to need a job."""
    planned = plan(run, data, actor)
    return prepare(planned, decision_documents.render_decision(planned), actor)


def certificates_need_job(request: SigningRequest) -> bool:
    return len(request.payload["case_ids"]) > current_app.config["DECISION_JOB_THRESHOLD"]


@signing.on_signed("recognition_decision")
def _decision_signed(request: SigningRequest, decision_doc: Document, actor: User, today: dt.date) -> None:
    """A verified decision: its certificates and every case's recognition, now or in a job for a big commune."""
    if certificates_need_job(request):
        # The job recognises every case in the signer's name: the door answers before it is queued.
        permissions.require_fire(actor, db.session.get_one(Case, request.payload["case_ids"][0]), "recognise")
        # Rendering hundreds of certificates would keep the request waiting: a job does it once this commits.
        job = Job(
            kind="decision_certificates",
            run_id=request.payload["run_id"],
            commune_id=request.commune_id,
            created_by_id=actor.id,
            total_rows=len(request.payload["case_ids"]),
            params={"signing_id": request.id},
        )
        db.session.add(job)
        db.session.flush()
        request.payload = {**request.payload, "certificates_job_id": job.id}
        return
    with as_conflict():
        planned = replan(request, actor)
        unsigned = decision_documents.render_certificates(planned)
        # Signing in the app, the chairman signs the certificates with the decision (documents.md §3);
        # otherwise they are printed, signed and sealed on paper, as households receive them.
        signed = {case_id: signing.sign_alongside(pdf) for case_id, pdf in unsigned.items()}
        in_hand = all(signed.values())
        issued = write(planned, decision_doc, signed if in_hand else unsigned, actor, today)  # type: ignore[arg-type]
        if in_hand:
            for case_id, certificate in issued.items():
                signing.keep_alongside(request, certificate, unsigned[case_id], actor, clock.now())


def letter_series(case: Case, issued_on: dt.date) -> Series:
    """A letter (công văn) of the commune: 'UBND', or 'UBND-VP' with the commune's drafting unit."""
    return Series.of(case.run.commune, run_settings(case.run).letter_symbol, issued_on)


def refuse(case: Case, reasons: list[str], data: DecisionData, actor: User, today: dt.date) -> None:
    """A reasoned written reply to a request that is not recognised (QĐ 24 Điều 5 khoản 4)."""
    if not [reason for reason in reasons if reason.strip()]:
        raise Refused(_("Phải nêu lý do không công nhận."), "reasons")
    request = case.request
    if request is None:
        raise Refused(_("Hồ sơ này không có giấy đề nghị để trả lời."), "reasons")
    role = permissions.require_fire(actor, case, "refuse")
    series = letter_series(case, data.issued_on)
    data = dataclasses.replace(data, number=series.resolve(data.number, "number"), symbol=series.symbol)
    context = decision_documents.refusal_context(case, reasons, data, role, actor)
    letter = documents.issue(
        "refusal_letter",
        context,
        actor=actor,
        case_id=case.id,
        document_number=number_text(data.number, data.symbol),
        issued_on=data.issued_on,
    )
    series.take(data.number, issued_on=data.issued_on, document=letter, actor=actor)
    transitions.apply(
        case, "refuse", actor=actor, role=role, today=today, documents=[letter], refusal_reasons=reasons,
        step_date=_decision_day(data),
    )  # fmt: skip
    case.refusal_reasons = "\n".join(reasons)
    case.final_class = case.provisional_class


CERTIFICATE_BATCH = 50  # certificates signed per click: about 10 s at 0.2 s a signature


def sign_certificates(
    run: ReviewRun, request: SigningRequest, sign_pdf: Callable[[bytes], bytes], actor: User, now: dt.datetime
) -> int:
    """Sign the next batch of the run's unsigned certificates, each kept as a signed copy with its report.

    Returns how many are left.
    """
    waiting = queries.certificates_to_sign(run)
    for original in waiting[:CERTIFICATE_BATCH]:
        assert original.content is not None
        copy = signing.signed_copy(original, sign_pdf(original.content), actor)
        signing.keep_alongside(request, copy, original.content, actor, now)
    return max(0, len(waiting) - CERTIFICATE_BATCH)
