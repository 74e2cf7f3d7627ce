"""The commune chairman's decisions: recognition of a run's households (Mẫu 02 with certificates
Mẫu 03), a reasoned refusal, and the steps around them (ready for decision, withdrawal).

The recognised class of each household is frozen at issue time (HouseholdStatus): later edits of
the household's data never change a decision already issued.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from casework import clock
from casework.cases import paperwork, surveying, transitions
from casework.documents import context as ctx
from casework.documents import service as documents
from casework.documents.lists import render_list
from casework.documents.render import render
from casework.extensions import db
from casework.models import Case, Decision, Document, Household, HouseholdStatus, Job, ReviewRun, Role, User
from casework.models.signing import SignatureValidation, SigningRequest
from casework.signing import service as signing
from casework.signing import sign as signing_pdf
from workflow.engine import TransitionNotAllowed
from workflow.standards import HouseholdClass, movement

LEGAL_BASES = (
    "Luật Tổ chức chính quyền địa phương số 72/2025/QH15",
    "Nghị định số 07/2021/NĐ-CP ngày 27 tháng 01 năm 2021 của Chính phủ "
    "quy định chuẩn nghèo đa chiều giai đoạn 2021-2025",
    "Nghị định số 351/2025/NĐ-CP ngày 30 tháng 12 năm 2025 của Chính phủ",
    "Quyết định số 24/2021/QĐ-TTg ngày 16 tháng 7 năm 2021 của Thủ tướng Chính phủ "
    "quy định quy trình rà soát hộ nghèo, hộ cận nghèo hằng năm",
)
# The template ends Điều 3 with "chịu trách nhiệm thi hành Quyết định này./.".
IMPLEMENTERS = "Công chức phụ trách công tác giảm nghèo, trưởng các thôn và các hộ gia đình có tên tại Điều 1"
CHAIRMAN_BLOCKS = {Role.COMMUNE_CHAIRMAN: "chairman", Role.VICE_CHAIRMAN: "kt_chairman"}


class DecisionRefused(Exception):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass
class DecisionData:
    number: int
    symbol: str
    issued_on: dt.date


def previous_status(household: Household, year: int) -> HouseholdStatus | None:
    return db.session.execute(
        select(HouseholdStatus)
        .where(HouseholdStatus.household_id == household.id, HouseholdStatus.year < year)
        .order_by(HouseholdStatus.year.desc())
        .limit(1)
    ).scalar_one_or_none()


def decided_class(case: Case, year: int) -> tuple[str, str | None]:
    """The list the household goes on (poor, near_poor, exited_poor, exited_near_poor, not_poor) and its movement."""
    current = HouseholdClass(case.provisional_class or "not_poor")
    before = previous_status(case.household, year)
    known = {member.value for member in HouseholdClass}
    previous = HouseholdClass(before.household_class) if before and before.household_class in known else None
    moved = movement(previous, current).value if current is not HouseholdClass.UNDETERMINED else None
    if previous is HouseholdClass.POOR and current is not HouseholdClass.POOR:
        return "exited_poor", moved
    if previous is HouseholdClass.NEAR_POOR and current in (
        HouseholdClass.NOT_POOR,
        HouseholdClass.AVERAGE_LIVING_STANDARD,
    ):
        return "exited_near_poor", moved
    return current.value, moved


CERTIFIED_CLASSES = ("poor", "near_poor")  # each gets a certificate, Mẫu 03 (procedure.md §5 step 6)


def decision_lists(case: Case, listed_as: str) -> list[str]:
    """The decision's lists the household is on: a poor household now near-poor has exited poverty and is
    near-poor, so it is on both lists (and gets a near-poor certificate)."""
    lists = [listed_as] if listed_as in ctx.DECISION_CLASSES else []
    if listed_as == "exited_poor" and case.provisional_class == "near_poor":
        lists.append("near_poor")
    return lists


def ready_cases(run: ReviewRun) -> list[Case]:
    return list(
        db.session.execute(
            select(Case)
            .join(Household)
            .where(Case.run_id == run.id, Case.state == "ready_for_decision")
            .order_by(Household.head_sort_key)
        ).scalars()
    )


def _row(case: Case, listed_as: str) -> ctx.HouseholdRow:
    head = case.household.head
    return ctx.HouseholdRow(
        head_name=head.full_name if head else "",
        village=case.household.village.name,
        classification=listed_as,
        member_count=len(case.household.members),
        head_birth_year=head.birth_date.year if head else None,
    )


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

    @property
    def number_text(self) -> str:
        return f"{self.data.number:02d}/{self.data.symbol}"


def plan(run: ReviewRun, data: DecisionData, actor: User, case_ids: list[int] | None = None) -> DecisionPlan:
    """One decision for every case of the run ready for it; certificates for poor and near-poor households.

    `case_ids` re-plans a decision already drafted: exactly those cases, all still waiting for it.
    """
    cases = ready_cases(run)
    if case_ids is not None:
        cases = [case for case in cases if case.id in set(case_ids)]
        if len(cases) != len(set(case_ids)):
            raise DecisionRefused(
                "number", _("Có hồ sơ trong dự thảo quyết định không còn chờ quyết định; hãy lập lại quyết định.")
            )
    if not cases:
        raise DecisionRefused("number", _("Không có hồ sơ nào đang chờ quyết định."))
    role = transitions.acting_role(actor, cases[0], "recognise")
    year = surveying.period_of(cases[0])
    commune = run.commune
    listed = {case.id: decided_class(case, year) for case in cases}
    lists: dict[str, list[ctx.HouseholdRow]] = {key: [] for key in ctx.DECISION_CLASSES}
    for case in cases:
        for list_key in decision_lists(case, listed[case.id][0]):
            lists[list_key].append(_row(case, list_key))
    issue = ctx.Issue(
        agency=paperwork.agency(commune),
        symbol=data.symbol,
        number=data.number,
        issued_on=data.issued_on,
        verification=paperwork.new_verification(),
    )
    signer = ctx.Signer(actor.full_name, block=CHAIRMAN_BLOCKS.get(role, "chairman"))
    period = f"tháng {run.period_month:02d} năm {run.period_year}" if run.period_month else f"năm {year}"
    context = ctx.recognition_decision(
        issue,
        period_label=period,
        commune=paperwork.short_name(commune),
        legal_bases=LEGAL_BASES,
        lists=lists,
        effective="Quyết định này có hiệu lực kể từ ngày ký.",
        implementers=IMPLEMENTERS,
        signer=signer,
        recipients=["Ủy ban nhân dân tỉnh (Sở Nông nghiệp và Môi trường)", "Các thôn"],
        archive="VT",
        commune_kind=paperwork.commune_kind(commune),
    )
    reference = issue.reference()
    certificates = {
        case.id: _certificate_context(case, str(case.provisional_class), year, reference, signer, data)
        for case in cases
        if case.provisional_class in CERTIFIED_CLASSES
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
    )


def render_decision(plan: DecisionPlan) -> bytes:
    """The decision with its annex, in bounded memory; no database writes."""
    return render_list(
        "recognition_decision", plan.context, chunk_rows=current_app.config["LIST_CHUNK_ROWS"], workers=1
    ).pdf


def render_certificates(plan: DecisionPlan, on_progress: Callable[[int, int], None] | None = None) -> dict[int, bytes]:
    """Every certificate of the decision; no database writes."""
    progress = on_progress or (lambda done, total: None)
    pdfs = {}
    for done, (case_id, context) in enumerate(plan.certificates.items(), start=1):
        pdfs[case_id] = render("certificate", context).pdf
        progress(done, len(plan.certificates))
    return pdfs


def _signer_organisation(run: ReviewRun) -> str:
    return f"Ủy ban nhân dân {paperwork.commune_kind(run.commune)} {paperwork.short_name(run.commune)}"


def prepare(plan: DecisionPlan, pdf: bytes, actor: User) -> SigningRequest:
    """The drafted decision, numbered and dated, waiting for the chairman's digital signature."""
    run = db.session.get_one(ReviewRun, plan.run_id)
    decision_doc = documents.issue(
        "recognition_decision",
        plan.context,
        actor=actor,
        commune_id=run.commune_id,
        document_number=plan.number_text,
        issued_on=plan.data.issued_on,
        pdf=signing_pdf.with_signature_fields(pdf),
    )
    previous = signing.pending_for("recognition_decision", "run_id", run.id)
    if previous is not None:
        signing.cancel(previous, actor)
    organisation = _signer_organisation(run)
    return signing.prepare(
        "recognition_decision",
        decision_doc,
        commune_id=run.commune_id,
        signer_roles=list(CHAIRMAN_BLOCKS),
        signer_unit_id=run.commune_id,
        payload={
            "run_id": run.id,
            "case_ids": plan.case_ids,
            "number": plan.data.number,
            "symbol": plan.data.symbol,
            "issued_on": plan.data.issued_on.isoformat(),
            "signer_organisation": organisation,
            "signer_description": f"Chủ tịch hoặc Phó Chủ tịch {organisation}",
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


def write(
    plan: DecisionPlan, decision_doc: Document, certificates: dict[int, bytes], actor: User, today: dt.date
) -> dict[int, Document]:
    """The signed decision's certificates, statuses and every case's step, in the caller's transaction.

    Returns the certificates issued, by case.
    """
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
            certificate = documents.issue(
                "certificate",
                plan.certificates[case_id],
                actor=actor,
                case_id=case_id,
                document_number=f"{case_id:02d}/GCN-HN.HCN",
                issued_on=data.issued_on,
                pdf=certificates[case_id],
            )
            issued[case_id] = certificate
        transitions.apply(
            case,
            "recognise",
            actor=actor,
            role=plan.role,
            today=today,
            documents=[decision_doc, *([certificate] if certificate else [])],
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
    return prepare(planned, render_decision(planned), actor)


def certificates_need_job(request: SigningRequest) -> bool:
    return len(request.payload["case_ids"]) > current_app.config["DECISION_JOB_THRESHOLD"]


@signing.on_signed("recognition_decision")
def _decision_signed(request: SigningRequest, decision_doc: Document, actor: User, today: dt.date) -> None:
    """A verified decision: its certificates and every case's recognition, now or in a job for a big commune."""
    if certificates_need_job(request):
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
    try:
        planned = replan(request, actor)
        unsigned = render_certificates(planned)
        # Signing in the app, the chairman signs the certificates with the decision (documents.md §3);
        # otherwise they are printed, signed and sealed on paper, as households receive them.
        signed = {case_id: signing.sign_alongside(pdf) for case_id, pdf in unsigned.items()}
        in_hand = all(signed.values())
        issued = write(planned, decision_doc, signed if in_hand else unsigned, actor, today)  # type: ignore[arg-type]
        if in_hand:
            for case_id, certificate in issued.items():
                signing.keep_alongside(request, certificate, unsigned[case_id], actor, clock.now())
    except DecisionRefused as refused:
        raise signing.SigningRefused(None, refused.message, 409) from refused
    except TransitionNotAllowed as refused:
        raise signing.SigningRefused(None, refused.reason, 409) from refused


def _certificate_context(
    case: Case, listed_as: str, year: int, reference: str, signer: ctx.Signer, data: DecisionData
) -> dict[str, Any]:
    household = case.household
    commune = household.village.commune
    issue = ctx.Issue(
        agency=paperwork.agency(commune),
        symbol="GCN-HN.HCN",
        number=case.id,
        issued_on=data.issued_on,
        verification=paperwork.new_verification(),
    )
    return ctx.certificate(
        issue,
        commune=paperwork.short_name(commune),
        legal_bases=LEGAL_BASES[:2],
        head=paperwork.person(household.head, household, full_id=True),
        members=paperwork.member_rows(household),
        endorsements=[ctx.Endorsement(year, listed_as, reference)],
        signer=signer,
        commune_kind=paperwork.commune_kind(commune),
    )


def refuse(case: Case, reasons: list[str], data: DecisionData, actor: User, today: dt.date) -> None:
    """A reasoned written reply to a request that is not recognised (QĐ 24 Điều 5 khoản 4)."""
    if not [reason for reason in reasons if reason.strip()]:
        raise DecisionRefused("reasons", _("Phải nêu lý do không công nhận."))
    request = case.request
    if request is None:
        raise DecisionRefused("reasons", _("Hồ sơ này không có giấy đề nghị để trả lời."))
    role = transitions.acting_role(actor, case, "refuse")
    household = case.household
    commune = household.village.commune
    survey = transitions.latest_survey(case)
    issue = ctx.Issue(
        agency=paperwork.agency(commune),
        symbol="UBND",
        number=data.number,
        issued_on=data.issued_on,
        verification=paperwork.new_verification(),
    )
    context = ctx.refusal_letter(
        issue,
        request_kind="exit_request" if request.form == "mau_04" else request.request_kind,
        commune=paperwork.short_name(commune),
        applicant=paperwork.person(request.applicant, household, full_id=False),
        received_on=request.received_on,
        receipt_number=request.receipt_number,
        steps=[_("Rà soát hộ gia đình theo phiếu khảo sát.")] if survey else [],
        findings=[_("Kết quả rà soát: %(c)s.", c=case.provisional_class or "—")],
        reasons=[r.strip() for r in reasons if r.strip()],
        conclusion=_("Hộ gia đình chưa đủ điều kiện theo đề nghị."),
        rule_set_id=survey.rule_set_id if survey and survey.rule_set_id else "",
        rule_set_version=survey.rule_set_version if survey and survey.rule_set_version else "",
        complaint_right=_("Nếu không đồng ý, ông/bà có quyền khiếu nại theo quy định của Luật Khiếu nại."),
        signer=ctx.Signer(actor.full_name, block=CHAIRMAN_BLOCKS.get(role, "chairman")),
        recipients=["Trưởng thôn"],
        archive="VT",
        commune_kind=paperwork.commune_kind(commune),
    )
    letter = documents.issue(
        "refusal_letter",
        context,
        actor=actor,
        case_id=case.id,
        document_number=f"{data.number:02d}/UBND",
        issued_on=data.issued_on,
    )
    transitions.apply(case, "refuse", actor=actor, role=role, today=today, documents=[letter], refusal_reasons=reasons)
    case.refusal_reasons = "\n".join(reasons)
    case.final_class = case.provisional_class


CERTIFICATE_BATCH = 50  # certificates signed per click: about 10 s at 0.2 s a signature


def latest_signed_decision(run: ReviewRun) -> SigningRequest | None:
    found = [
        request
        for request in db.session.execute(
            select(SigningRequest)
            .where(SigningRequest.purpose == "recognition_decision", SigningRequest.status == "signed")
            .order_by(SigningRequest.id.desc())
        ).scalars()
        if request.payload.get("run_id") == run.id
    ]
    return found[0] if found else None


def certificates_to_sign(run: ReviewRun) -> list[Document]:
    """The run's certificates issued unsigned (a big commune's, or with a decision signed outside the app)."""
    issued = (
        select(HouseholdStatus.certificate_document_id)
        .join(Decision, HouseholdStatus.decision_id == Decision.id)
        .where(Decision.run_id == run.id, HouseholdStatus.certificate_document_id.is_not(None))
    )
    copies = select(Document.signed_from_id).where(Document.signed_from_id.is_not(None))
    checked = select(SignatureValidation.document_id)
    return list(
        db.session.execute(
            select(Document)
            .where(Document.id.in_(issued), Document.id.not_in(copies), Document.id.not_in(checked))
            .order_by(Document.id)
        ).scalars()
    )


def sign_certificates(
    run: ReviewRun, request: SigningRequest, sign_pdf: Callable[[bytes], bytes], actor: User, now: dt.datetime
) -> int:
    """Sign the next batch of the run's unsigned certificates, each kept as a signed copy with its report.

    Returns how many are left.
    """
    waiting = certificates_to_sign(run)
    for original in waiting[:CERTIFICATE_BATCH]:
        assert original.content is not None
        copy = signing.signed_copy(original, sign_pdf(original.content), actor)
        signing.keep_alongside(request, copy, original.content, actor, now)
    return max(0, len(waiting) - CERTIFICATE_BATCH)
