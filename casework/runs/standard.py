"""Re-classifying a campaign under another poverty standard, before its report goes to the upper level.

The preview recomputes every completed survey of the campaign's cases from its stored answers under
the chosen rule set and lists the households whose class would change; applying it stores the new
results, the cases' provisional classes and the campaign's choice in one transaction, with an audit
entry for the campaign and one for each household that changed. Never commits: the view does.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms import SelectChoice

from casework import audit, crypto, permissions
from casework.cycles import standards
from casework.errors import Refused
from casework.extensions import db
from casework.models import Case, ReviewRun, Survey, SurveyStatus, UpperReview, User
from casework.runs import queries
from casework.runs.forms import StandardForm
from casework.surveys.labels import standard_unverified
from workflow.standards import (
    Classification,
    HouseholdClass,
    InvalidAnswer,
    RuleSet,
    classify,
    household_from_dict,
    load_rule_set_by_id,
)


@dataclass(frozen=True)
class Reclassified:
    """One household's survey under the other standard; `result` is None when its answers do not fit it."""

    case: Case
    survey: Survey
    before: str | None
    result: Classification | None

    @property
    def after(self) -> str:
        return self.result.household_class.value if self.result else HouseholdClass.UNDETERMINED.value

    @property
    def changed(self) -> bool:
        return self.before != self.after


def change_refusal(run: ReviewRun) -> str | None:
    """Why the campaign's standard can no longer change: its report went up, or a decision recognised it."""
    if db.session.execute(select(UpperReview.id).where(UpperReview.run_id == run.id).limit(1)).first():
        return _(
            "Đã gửi báo cáo kết quả rà soát lên cấp trên: chuẩn nghèo của đợt rà soát không đổi được nữa, vì"
            " kết quả đã báo cáo phải giữ đúng chuẩn đã dùng để xếp loại."
        )
    decided = select(Case.id).where(Case.run_id == run.id, Case.final_class.is_not(None)).limit(1)
    if db.session.execute(decided).first():
        return _(
            "Đã có hộ được công nhận theo kết quả của đợt rà soát: chuẩn nghèo của đợt rà soát không đổi được nữa."
        )
    return None


def chosen_rule_set(rule_set_id: str) -> RuleSet:
    """A national standard a campaign may apply, by the id the form sent; anything else is refused."""
    if rule_set_id not in {rule_set.id for rule_set in standards.choices()}:
        raise Refused(_("Hãy chọn một chuẩn nghèo trong danh sách."), "rule_set")
    return load_rule_set_by_id(rule_set_id)


def _surveys(run: ReviewRun) -> list[tuple[Case, Survey]]:
    """Each case's latest completed survey."""
    rows = db.session.execute(
        select(Case, Survey)
        .join(Survey, Survey.case_id == Case.id)
        .where(Case.run_id == run.id, Survey.status == SurveyStatus.COMPLETED)
        .order_by(Case.id, Survey.id.desc())
    ).all()
    latest: dict[int, tuple[Case, Survey]] = {}
    for case, survey in rows:
        latest.setdefault(case.id, (case, survey))
    return list(latest.values())


def preview(run: ReviewRun, rule_set: RuleSet) -> list[Reclassified]:
    """Every surveyed household of the campaign under `rule_set`, in case order."""
    rows = []
    for case, survey in _surveys(run):
        stored = crypto.decrypt_json(survey.result_ciphertext) if survey.result_ciphertext else None
        if not stored or "input" not in stored:
            continue
        previous = stored.get("previous_class")
        try:
            result = classify(
                household_from_dict(stored["input"]),
                rule_set,
                None if previous is None else HouseholdClass(previous),
            )
        except InvalidAnswer:
            result = None
        rows.append(Reclassified(case, survey, survey.household_class, result))
    return rows


def apply(run: ReviewRun, rule_set: RuleSet, actor: User) -> list[Reclassified]:
    """Store the campaign's choice and every survey's result under it; refused once locked."""
    refusal = change_refusal(run)
    if refusal:
        raise Refused(refusal, "rule_set", status=409)
    previous = (run.settings or {}).get("rule_set")
    rows = preview(run, rule_set)
    for row in rows:
        _store(row, rule_set)
        if row.changed:
            audit.record(
                "survey_reclassified",
                user_id=actor.id,
                subject=f"survey:{row.survey.id}",
                household=row.case.household_id,
                case=row.case.id,
                before=row.before,
                after=row.after,
                rule_set=rule_set.id,
            )
    run.settings = {**(run.settings or {}), "rule_set": rule_set.id}
    audit.record(
        "campaign_standard",
        user_id=actor.id,
        subject=f"run:{run.id}",
        before=previous or "default",
        after=rule_set.id,
        changed=sum(1 for row in rows if row.changed),
    )
    db.session.flush()
    return rows


def _store(row: Reclassified, rule_set: RuleSet) -> None:
    survey, result = row.survey, row.result
    if result is None:  # the answers do not fit this standard: the household must be surveyed again
        survey.rule_set_id, survey.rule_set_version = rule_set.id, rule_set.version
        survey.household_class = HouseholdClass.UNDETERMINED.value
    else:
        survey.result_ciphertext = crypto.encrypt_json(result.to_dict())
        survey.rule_set_id = result.rule_set.id
        survey.rule_set_version = result.rule_set.version
        survey.household_class = result.household_class.value
        survey.score_b1 = result.score_b1
        survey.score_b2 = result.score_b2
        survey.deprived_indicators = list(result.deprived_indicators)
        survey.unverified = bool(result.unverified)
    if row.case.provisional_class is not None and row.case.final_class is None:
        row.case.provisional_class = row.after


def standard_panel(run: ReviewRun, form: StandardForm | None = None) -> dict[str, object]:
    """The campaign page's standard: its name, and the form that re-classifies while it may."""
    may_set = not run.period_month and permissions.may_set_level(current_user, run)
    refusal = change_refusal(run) if may_set else None
    if form is None and may_set and not refusal:
        form = standard_form(run, formdata=None)
    local = standards.campaign_local(run)
    return {
        "standard_title": standards.campaign_title(run),
        "standard_unverified": _unverified(run),
        "local_unverified": standard_unverified(local) if local is not None else [],
        "standard_chosen": standards.is_chosen(run),
        "standard_form": form if may_set and not refusal else None,
        "standard_refusal": refusal,
        "local_standard": local,
    }


def _unverified(run: ReviewRun) -> list[str]:
    try:
        return standard_unverified(standards.campaign_rule_set(run))
    except LookupError:
        return []


def standard_choices() -> list[tuple[str, str]]:
    """The national standards a campaign may apply, as (value, title) choices, newest first."""
    return [(r.id, r.title) for r in standards.choices()]


def standard_form(run: ReviewRun, **kwargs: object) -> StandardForm:
    form = StandardForm(**kwargs)  # type: ignore[arg-type]
    form.rule_set.choices = [SelectChoice(value, title) for value, title in standard_choices()]
    if kwargs.get("formdata", True) is None:
        form.rule_set.data = (run.settings or {}).get("rule_set") or _default_id(run)
    return form


def _default_id(run: ReviewRun) -> str:
    try:
        return standards.default_rule_set(run).id
    except LookupError:
        return ""


@dataclass(frozen=True)
class ListedHousehold:
    """One surveyed household of the campaign, with its class under each standard."""

    case: Case
    national: str | None
    local: str | None


def surveyed(run: ReviewRun) -> list[ListedHousehold]:
    """The campaign's households with a completed survey the user may see, in case order."""
    visible = {case.id for case in queries.run_cases(current_user, run)}
    return [
        ListedHousehold(case, survey.household_class, survey.local_household_class)
        for case, survey in _surveys(run)
        if case.id in visible
    ]


def list_groups(rows: list[ListedHousehold], *, local: bool) -> dict[str, list[ListedHousehold]]:
    """The households by their class under the chosen standard: poor, near-poor, then the others."""
    order = ("poor", "near_poor", "average_living_standard", "not_poor", "undetermined")
    groups: dict[str, list[ListedHousehold]] = {}
    for row in rows:
        groups.setdefault((row.local if local else row.national) or "undetermined", []).append(row)
    return {name: groups[name] for name in sorted(groups, key=lambda n: order.index(n) if n in order else 99)}
