"""The decision's documents as plain values (Mẫu 02 with its lists, certificates Mẫu 03, the refusal
letter), and their rendering, which writes nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from casework.cases import paperwork
from casework.cases import queries as case_queries
from casework.cycles.settings import lists_year
from casework.decisions import citations
from casework.documents import wording
from casework.documents.context.decision import certificate, recognition_decision, refusal_letter
from casework.documents.context.values import Context, HouseholdRow, Issue, Signer
from casework.documents.lists import render_list
from casework.documents.render import render
from casework.models import Case, ReviewRun, Role, User
from casework.vocabulary import CLASS_LABELS, run_period_phrase

if TYPE_CHECKING:
    from casework.decisions.service import DecisionData, DecisionPlan


def decision_row(case: Case, listed_as: str) -> HouseholdRow:
    head = case.household.head
    return HouseholdRow(
        head_name=head.full_name if head else "",
        village=case.household.village.name,
        classification=listed_as,
        member_count=len(case.household.members),
        head_birth_year=head.birth_date.year if head else None,
    )


def decision_context(
    run: ReviewRun, data: DecisionData, lists: dict[str, list[HouseholdRow]], signer: Signer, standard: str
) -> tuple[Issue, Context]:
    """The recognition decision (Mẫu 02) with its lists, and its issue (the certificates cite it).

    `standard`: the rule set the households were classified under, whose instruments it cites.
    """
    commune = run.commune
    name, kind = paperwork.short_name(commune), paperwork.commune_kind(commune)
    issue = Issue(
        agency=paperwork.agency(commune),
        symbol=data.symbol,
        number=data.number,
        issued_on=data.issued_on,
        verification=paperwork.new_verification(),
    )
    context = recognition_decision(
        issue,
        period_label=run_period_phrase(run, pad_month=True, year=lists_year(run)),
        commune=name,
        legal_bases=citations.decision_bases(run, standard, data.issued_on, commune_kind=kind, commune=name),
        lists=lists,
        effective=wording.text("recognition_decision", "effective"),
        implementers=wording.text("recognition_decision", "implementers"),
        signer=signer,
        recipients=wording.recipients("recognition_decision", upper=citations.upper_recipient(run)),
        archive=wording.text("recognition_decision", "archive"),
        commune_kind=kind,
    )
    return issue, context


def certificate_context(
    case: Case,
    listed_as: str,
    year: int,
    reference: str,
    signer: Signer,
    data: DecisionData,
    standard: str,
    number: int,
) -> dict[str, Any]:
    household = case.household
    commune = household.village.commune
    period, rows = citations.endorsements(case, standard, year, listed_as, reference)
    issue = Issue(
        agency=paperwork.agency(commune),
        symbol="GCN-HN.HCN",
        number=number,  # the register's, consecutive over the decision's households
        issued_on=data.issued_on,
        verification=paperwork.new_verification(),
    )
    return certificate(
        issue,
        commune=paperwork.short_name(commune),
        legal_bases=wording.cited_bases("certificate", standard, data.issued_on),
        head=paperwork.person(household.head, household, full_id=True),
        members=paperwork.member_rows(household),
        endorsements=rows,
        signer=signer,
        commune_kind=paperwork.commune_kind(commune),
        period=period,
    )


def _refusal_findings(case: Case, survey: Any) -> list[str]:
    """What the review found, in words: the class by its name, the scores the survey recorded."""
    findings = []
    if case.provisional_class in CLASS_LABELS:
        label = CLASS_LABELS[case.provisional_class]
        findings.append(f"Phân loại hộ gia đình: {label[0].lower()}{label[1:]}.")
    if survey is not None and survey.score_b1 is not None:
        findings.append(f"Điểm B1 (thu nhập ước tính) của hộ: {survey.score_b1} điểm.")
    if survey is not None and survey.score_b2 is not None:
        count = len(survey.deprived_indicators or ())
        findings.append(f"Số chỉ số thiếu hụt dịch vụ xã hội cơ bản: {count} (điểm B2: {survey.score_b2}).")
    return findings


def refusal_context(case: Case, reasons: list[str], data: DecisionData, role: Role, actor: User) -> Context:
    """The reasoned reply to a request that is not recognised, addressed to the applicant; its lines are
    Vietnamese whatever the officer's interface language, and name the standard by its instrument."""
    request = case.request
    assert request is not None  # checked by the caller
    household = case.household
    commune = household.village.commune
    survey = case_queries.latest_survey(case)
    issue = Issue(
        agency=paperwork.agency(commune),
        symbol=data.symbol,  # 'UBND', or 'UBND-VP' with the commune's drafting unit
        number=data.number,
        issued_on=data.issued_on,
        verification=paperwork.new_verification(),
    )
    applicant = paperwork.person(request.applicant, household, full_id=False)
    return refusal_letter(
        issue,
        request_kind="exit_request" if request.form == "mau_04" else request.request_kind,
        commune=paperwork.short_name(commune),
        applicant=applicant,
        received_on=request.received_on,
        receipt_number=request.receipt_number,
        steps=["Rà soát hộ gia đình theo phiếu khảo sát."] if survey else [],
        findings=_refusal_findings(case, survey),
        reasons=[r.strip() for r in reasons if r.strip()],
        conclusion="Hộ gia đình chưa đủ điều kiện theo đề nghị.",
        rule_set_id=survey.rule_set_id if survey and survey.rule_set_id else "",
        rule_set_version=survey.rule_set_version if survey and survey.rule_set_version else "",
        complaint_right=f"Nếu không đồng ý, {applicant.as_dict()['honorific'].lower()} có quyền khiếu nại "
        "theo quy định của Luật Khiếu nại.",
        # A letter of the People's Committee: "TM. ỦY BAN NHÂN DÂN" (documents.md §1.5).
        signer=Signer.for_role(actor.full_name, role.value, speaks_for="committee"),
        recipients=wording.recipients("refusal_letter"),
        archive=wording.text("refusal_letter", "archive"),
        commune_kind=paperwork.commune_kind(commune),
        standard_name=paperwork.standard_name(survey.rule_set_id if survey else None),
    )


def render_decision(plan: DecisionPlan) -> bytes:
    """The decision with its annex, in bounded memory; no database writes."""
    return render_list("recognition_decision", plan.context).pdf


def render_certificates(plan: DecisionPlan, on_progress: Callable[[int, int], None] | None = None) -> dict[int, bytes]:
    """Every certificate of the decision; no database writes."""
    progress = on_progress or (lambda done, total: None)
    pdfs = {}
    for done, (case_id, context) in enumerate(plan.certificates.items(), start=1):
        pdfs[case_id] = render("certificate", context).pdf
        progress(done, len(plan.certificates))
    return pdfs


def signer_organisation(run: ReviewRun) -> str:
    return f"Ủy ban nhân dân {paperwork.commune_kind(run.commune)} {paperwork.short_name(run.commune)}"
