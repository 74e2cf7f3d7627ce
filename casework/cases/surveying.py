"""A completed survey moves its case: surveyed, or screened out by Phiếu A."""

from __future__ import annotations

from casework.cases import paperwork, transitions
from casework.documents import service as documents
from casework.extensions import db
from casework.models import Case, CaseEvent, Survey, User
from workflow.standards import Classification, PhieuAResult


def period_of(case: Case) -> int:
    """The year the status is for: the run's, unless its settings name another rule-set year."""
    configured = (case.run.settings or {}).get("rule_set_year")
    return int(configured) if configured else case.run.period_year


def record(case: Case, survey: Survey, result: Classification, actor: User) -> CaseEvent:
    survey.case_id = case.id
    if case.state == "surveyed" and case.resurvey_pending:
        return _resurvey(case, survey, result, actor)
    stopped = result.phieu_a_result is PhieuAResult.STOP_NOT_POOR
    facts = {
        "survey_complete": True,
        "rule_set_id": result.rule_set.id,
        "provisional_class": result.household_class.value,
        "phieu_a_result": result.phieu_a_result.value if result.phieu_a_result else "",
    }
    sheet = documents.issue(*paperwork.survey_record(case, result.to_dict(), actor), actor=actor, case_id=case.id)
    event = transitions.apply(
        case, "screen_out" if stopped else "complete_survey", actor=actor, documents=[sheet], **facts
    )
    case.provisional_class = result.household_class.value
    case.resurvey_pending = False
    event.facts = {**event.facts, "survey_id": survey.id}
    return event


def _resurvey(case: Case, survey: Survey, result: Classification, actor: User) -> CaseEvent:
    """After a failed meeting or an upper-level re-check the case stays surveyed; the new survey
    replaces the old one (which is kept) and the case may go to a meeting again."""
    role = transitions.acting_role(actor, case, "complete_survey")
    sheet = documents.issue(*paperwork.survey_record(case, result.to_dict(), actor), actor=actor, case_id=case.id)
    case.provisional_class = result.household_class.value
    case.resurvey_pending = False
    event = CaseEvent(
        case=case,
        actor_user_id=actor.id,
        actor_role=role.value,
        trigger="resurvey",
        from_state=case.state,
        to_state=case.state,
        facts={
            "survey_id": survey.id,
            "rule_set_id": result.rule_set.id,
            "provisional_class": case.provisional_class,
            "document_ids": [sheet.id],
        },
    )
    db.session.add(event)
    return event
