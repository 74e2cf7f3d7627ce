"""The posting's documents as plain values: the notice (thông báo niêm yết), the complaint record and the
re-check record (procedure.md §5 step 4, §13.2-§13.3)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from casework.cases import paperwork
from casework.cases import queries as case_queries
from casework.cycles.settings import lists_year, run_settings, working_calendar
from casework.cycles.standards import campaign_title
from casework.decisions.policy import decided_class, decision_lists
from casework.documents import wording
from casework.documents.context.labels import DECISION_CLASSES
from casework.documents.context.pieces import counts_from_rows
from casework.documents.context.posting import complaint_record, posting_notice, recheck_record
from casework.documents.context.values import (
    AgencyHeader,
    ClassCount,
    Context,
    HouseholdRow,
    Issue,
    RecheckValues,
    Signer,
)
from casework.extensions import db
from casework.models import AdminUnit, Case, Complaint, Posting, ReviewRun, Role, RoleAssignment, Survey, User
from casework.postings.queries import head_name, public_class
from casework.vocabulary import run_period_phrase
from workflow.procedures import get_procedure
from workflow.standards import load_rule_set, load_rule_set_by_id

if TYPE_CHECKING:
    from casework.postings.service import ComplaintData, PostingPlan, RecheckData


COMPLAINT_CHANNELS = {
    "in_person": "Trực tiếp",
    "written": "Bằng văn bản",
    "phone": "Qua điện thoại",
    "via_village_head": "Qua trưởng thôn",
}
STEERING = ("BAN CHỈ ĐẠO RÀ SOÁT", "HỘ NGHÈO, HỘ CẬN NGHÈO")


def village_in_text(case: Case) -> str:
    """The village's registered name; the records say its kind once ("thôn Xín Cái", "tổ dân phố 3")."""
    return case.household.village.name


def _row(case: Case) -> HouseholdRow:
    household = case.household
    return HouseholdRow(head_name(case), household.village.name, public_class(case), len(household.members))


def _counts(cases: list[Case], rows: list[HouseholdRow], classes: tuple[str, ...]) -> list[ClassCount]:
    """Counted as the decision will count them: a poor household now near-poor has exited poverty and is
    near-poor, so the notice's "Hộ thoát nghèo" agrees with the decision and the upper level's opinion."""
    year = lists_year(cases[0].run) if cases else 0
    listed = [
        dataclasses.replace(row, classification=list_key)
        for case, row in zip(cases, rows, strict=True)
        for list_key in decision_lists(case, decided_class(case, year)[0]) or [row.classification]
    ]
    return counts_from_rows(listed, classes)


def _signer(commune: AdminUnit, block: str) -> Signer:
    """The commune's chairman (or vice-chairman when the settings sign KT. CHỦ TỊCH); blank when unknown."""
    role = Role.VICE_CHAIRMAN if block == "kt_chairman" else Role.COMMUNE_CHAIRMAN
    user = db.session.execute(
        select(User)
        .join(RoleAssignment)
        .where(RoleAssignment.role == role, RoleAssignment.unit_id == commune.id)
        .order_by(User.id)
        .limit(1)
    ).scalar_one_or_none()
    # The notice is the People's Committee's (TB-UBND): its block speaks for the committee (documents.md §1.5).
    committee = {"chairman": "tm_committee", "kt_chairman": "tm_committee_kt"}
    return Signer(paperwork.signer_name(user), block=committee.get(block, block))


def notice_context(plan: PostingPlan, today: dt.date) -> Context:
    """The notice as it will be issued: a job renders it before `open_posting` writes anything."""
    commune = db.session.get_one(AdminUnit, plan.run.commune_id)
    name, kind = paperwork.short_name(commune), paperwork.commune_kind(commune)
    settings = run_settings(plan.run)
    households = [_row(case) for case in plan.cases]
    extra = sorted({row.classification for row in households} - set(DECISION_CLASSES))
    bases = list(wording.legal_bases("posting_notice"))
    if get_procedure(plan.procedure).transition("surveyed", "pass_meeting"):
        bases.append(wording.text("posting_notice", "legal_basis_after_meeting"))
    issue = Issue(
        paperwork.agency(commune),
        symbol="TB-UBND",
        number=plan.notice_number,
        issued_on=today if plan.notice_number else None,
        draft=plan.notice_number is None,  # never invent a number: without one from the register it is a draft
        verification=paperwork.new_verification(),
    )
    return posting_notice(
        issue,
        period_label=run_period_phrase(plan.run, pad_month=False),
        commune=name,
        legal_bases=bases,
        counts=_counts(list(plan.cases), households, (*DECISION_CLASSES, *extra)),
        households=households,
        places=plan.places,
        posting_start=plan.starts_on,
        posting_end=plan.ends_on,
        working_days=plan.working_days,
        # The end was counted from the next day unless the first day is a working day that counts.
        first_day_counts=settings.count_first_day or not working_calendar().is_working_day(plan.starts_on),
        complaint_contact=wording.text("posting_notice", "complaint_contact", commune_kind=kind, commune=name),
        signer=_signer(commune, settings.signature_block),
        recipients=wording.recipients(
            "posting_notice",
            villages=plan.village.name
            if plan.village
            else wording.text("posting_notice", "all_villages", commune_kind=kind),
            commune_kind=kind,
        ),
        archive=wording.text("posting_notice", "archive"),
        commune_kind=kind,
        standard=campaign_title(plan.run),
    )


def steering_issue(commune: AdminUnit, issued_on: dt.date) -> Issue:
    return Issue(
        AgencyHeader.commune_unit(
            paperwork.short_name(commune), STEERING, kind=paperwork.commune_kind(commune).upper()
        ),
        issued_on=issued_on,
        verification=paperwork.new_verification(),
    )


def complaint_code(complaint: Complaint) -> str:
    """'KN-2026-003': the commune's third complaint received in 2026 (never the database id)."""
    year = complaint.received_on.year
    commune_id = db.session.get_one(ReviewRun, complaint.posting.run_id).commune_id
    rank = db.session.execute(
        select(func.count(Complaint.id))
        .join(Posting, Posting.id == Complaint.posting_id)
        .join(ReviewRun, ReviewRun.id == Posting.run_id)
        .where(
            ReviewRun.commune_id == commune_id,
            Complaint.received_on.between(dt.date(year, 1, 1), dt.date(year, 12, 31)),
            Complaint.id <= complaint.id,
        )
    ).scalar_one()
    return f"KN-{year}-{rank:03d}"


def complaint_context(case: Case, complaint: Complaint, data: ComplaintData, deadline: dt.date, actor: User) -> Context:
    return complaint_record(
        steering_issue(db.session.get_one(AdminUnit, case.run.commune_id), data.received_on),
        period_label=run_period_phrase(case.run, pad_month=False),
        complaint_id=complaint_code(complaint),
        received_on=data.received_on,
        received_time=data.received_time,
        channel=COMPLAINT_CHANNELS[data.channel],
        complainant=data.complainant,
        complainant_contact=data.contact,
        household=HouseholdRow(head_name(case), village_in_text(case), public_class(case)),
        complaint_type=data.kind,
        content=data.content,
        recheck_deadline=deadline,
        receiver=actor.full_name,
    )


def _indicator_labels(survey: Survey) -> dict[str, str]:
    """The indicators' names in the survey's standard; a local standard shares its period's national ones."""
    for find in (lambda: load_rule_set_by_id(survey.rule_set_id or ""), lambda: load_rule_set(survey.period)):
        try:
            return {i.id: i.label for i in find().indicators}
        except LookupError:
            continue
    return {}


def _values(case: Case, classification: str) -> RecheckValues:
    """B1, B2 and deprivations of the survey the posted result came from."""
    survey = case_queries.latest_survey(case)
    if survey is None:
        return RecheckValues(None, None, (), classification)
    labels = _indicator_labels(survey)
    # An indicator is printed by its name; an id the standard does not know is never printed.
    deprived = tuple(labels[code] for code in survey.deprived_indicators or () if code in labels)
    return RecheckValues(survey.score_b1, survey.score_b2, deprived, classification)


def recheck_context(case: Case, complaint: Complaint, data: RecheckData, new_class: str) -> Context:
    old = case.provisional_class or "undetermined"
    before = _values(case, old)
    # No new survey is taken here: a changed class leaves the new scores for the team to write in.
    after = before if new_class == old else RecheckValues(None, None, (), new_class)
    return recheck_record(
        steering_issue(db.session.get_one(AdminUnit, case.run.commune_id), data.finished_on),
        period_label=run_period_phrase(case.run, pad_month=False),
        complaint_id=complaint_code(complaint),
        household=HouseholdRow(head_name(case), village_in_text(case), new_class),
        team=data.team,
        dates=sorted({data.started_on, data.finished_on}),
        method=wording.text("recheck_record", "method"),
        before=before,
        after=after,
        conclusion=data.conclusion,
        conclusion_text=data.notes,
    )
