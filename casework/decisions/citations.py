"""What the decision and its certificates cite, from what the app stores: the standard the households
were classified under, the upper level's opinion, the body the campaign reports to, and the years a
certificate records (procedure.md §5 steps 5-6, §12.4-§12.5).

The words themselves are data in templates/documents/wording.toml; this module only chooses them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from flask_babel import gettext as _
from sqlalchemy import func, select

from casework.cases import queries as case_queries
from casework.cycles.settings import lists_year, run_settings
from casework.documents import wording
from casework.documents.context.formatting import unbroken, vn_date
from casework.documents.context.values import Endorsement
from casework.errors import Refused
from casework.extensions import db
from casework.models import (
    AdminUnit,
    Case,
    Decision,
    Document,
    HouseholdStatus,
    ReviewRun,
    Survey,
    SurveyStatus,
    UnitLevel,
    UpperReview,
)
from workflow.standards import load_rule_set, load_rule_set_by_id

# Replies that give an opinion on the results the decision recognises; a re-check request is answered
# by a later reply before the households it names come to a decision.
OPINIONS = ("agreed", "agreed_with_changes")


def _national(rule_set_id: str) -> str | None:
    """The id the wording knows the standard by: the rule set's own, or the national one a local set is based on."""
    if rule_set_id in wording.load()["standards"]:
        return rule_set_id
    try:
        base = load_rule_set_by_id(rule_set_id).base_id
    except LookupError:
        return None
    return base if base in wording.load()["standards"] else None


def standard_id(run: ReviewRun, case_ids: Sequence[int]) -> str:
    """The standard the households of the decision were classified under (their surveys' rule set),
    else the one in force for the year the lists are for."""
    used = db.session.execute(
        select(Survey.rule_set_id, func.count(Survey.id))
        .where(Survey.case_id.in_(case_ids), Survey.status == SurveyStatus.COMPLETED, Survey.rule_set_id.is_not(None))
        .group_by(Survey.rule_set_id)
        .order_by(func.count(Survey.id).desc(), Survey.rule_set_id.desc())
    ).all()
    for rule_set_id, _count in used:
        national = _national(rule_set_id)
        if national:
            return national
    try:
        national = _national(load_rule_set(lists_year(run)).id)
    except LookupError:
        national = None
    if national is None:
        raise Refused(_("Chưa có chuẩn nghèo cho năm này."), "issued_on")
    return national


def _reply_reference(document: Document) -> str:
    """'Công văn số 88/UBND ngày 14 tháng 10 năm 2026' (a reply recorded from paper: 'văn bản …')."""
    kind = "Công văn" if document.kind == "upper_approval" else "văn bản"
    number = f" số {unbroken(document.document_number)}" if document.document_number else ""
    when = f" {vn_date(document.issued_on)}" if document.issued_on else ""
    return f"{kind}{number}{when}"


def upper_opinions(run: ReviewRun) -> list[str]:
    """'Xét ý kiến của … tại …' for each opinion the upper level gave on the campaign, oldest first."""
    lines = []
    reviews = db.session.execute(
        select(UpperReview)
        .where(UpperReview.run_id == run.id, UpperReview.outcome.in_(OPINIONS))
        .order_by(UpperReview.replied_on, UpperReview.id)
    ).scalars()
    for review in reviews:
        reply = db.session.get(Document, review.reply_document_id) if review.reply_document_id else None
        sender = (review.reply_sender or review.recipient).strip()
        if reply is None or not sender:
            continue
        lines.append(
            wording.text("recognition_decision", "upper_opinion", sender=sender, reference=_reply_reference(reply))
        )
    return lines


def decision_bases(
    run: ReviewRun, rule_set_id: str, issued_on: dt.date, *, commune_kind: str, commune: str
) -> list[str]:
    """Mẫu 02's bases: 'Căn cứ …' (law, standard, procedure), 'Xét ý kiến của …', 'Theo đề nghị của …'."""
    return [
        *wording.cited_bases("recognition_decision", rule_set_id, issued_on),
        *upper_opinions(run),
        wording.text("recognition_decision", "proposal", commune_kind=commune_kind, commune=commune),
    ]


def _province(unit: AdminUnit | None) -> AdminUnit | None:
    while unit is not None and unit.level is not UnitLevel.PROVINCE:
        unit = unit.parent
    return unit


def upper_recipient(run: ReviewRun) -> str:
    """The body the campaign reports to, as its report was addressed; without a report, the configured
    recipient, else the province's People's Committee (the regular review's reports go there)."""
    addressed = db.session.execute(
        select(UpperReview.recipient)
        .where(UpperReview.run_id == run.id, UpperReview.recipient != "")
        .order_by(UpperReview.id.desc())
        .limit(1)
    ).scalar_one_or_none()
    if addressed:
        return addressed
    configured = run_settings(run).upper_review_recipient.strip()
    if configured:
        return configured
    province = _province(run.commune)
    if province is None:
        return "Ủy ban nhân dân cấp tỉnh"
    return f"Ủy ban nhân dân {province.name[:1].lower()}{province.name[1:]}"


def _deprivations(case_id: int | None, rule_set_id: str | None = None) -> str:
    """The numbers (1-12) of the indicators the case's latest survey found deprived: '4, 7, 9'."""
    case = db.session.get(Case, case_id) if case_id else None
    survey = case_queries.latest_survey(case) if case else None
    if survey is None or not survey.deprived_indicators:
        return ""
    try:
        rule_set = load_rule_set_by_id(survey.rule_set_id or rule_set_id or "")
    except LookupError:
        return ""
    numbers = sorted(spec.number for spec in rule_set.indicators if spec.id in set(survey.deprived_indicators))
    return ", ".join(str(number) for number in numbers)


def _decision_reference(decision: Decision | None) -> str:
    if decision is None or not decision.number:
        return ""
    return f"số {decision.number}" + (f" ngày {decision.issued_on:%d/%m/%Y}" if decision.issued_on else "")


def endorsements(
    case: Case, rule_set_id: str, year: int, listed_as: str, reference: str
) -> tuple[str, list[Endorsement]]:
    """The certificate's period ('2022 - 2025') and one row a year of it: this decision's year filled,
    earlier years from the household's recognised statuses, the later ones left for their endorsement."""
    table = wording.standard(rule_set_id)
    statuses = {
        status.year: status
        for status in db.session.execute(
            select(HouseholdStatus).where(
                HouseholdStatus.household_id == case.household_id, HouseholdStatus.year.in_(table["years"])
            )
        ).scalars()
    }
    rows = []
    years = table["years"] if year in table["years"] else [*table["years"], year]
    for row_year in years:
        status = statuses.get(row_year)
        if row_year == year:
            rows.append(Endorsement(row_year, listed_as, reference, _deprivations(case.id, rule_set_id)))
        elif status is not None and status.household_class in ("poor", "near_poor"):
            decision = db.session.get(Decision, status.decision_id) if status.decision_id else None
            rows.append(
                Endorsement(
                    row_year, status.household_class, _decision_reference(decision), _deprivations(status.case_id)
                )
            )
        else:
            rows.append(Endorsement(row_year))
    return table["period"], rows
