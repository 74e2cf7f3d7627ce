"""Surveys: turn the form's answers into the engine's input, classify, and keep every survey.

Never commits: the view does, once. The answers and the full result are encrypted at rest.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from casework import audit, clock, crypto
from casework.cycles import standards
from casework.extensions import db
from casework.models import Household, Survey, SurveyStatus, User
from casework.models.base import utcnow
from casework.reference import scoring_region
from casework.surveys.forms import MemberAnswers, SurveyForm
from workflow.dates import age_on
from workflow.standards import (
    AreaType,
    B1Input,
    Basis,
    Classification,
    Dwelling,
    HouseholdClass,
    HouseholdInput,
    InvalidAnswer,
    Member,
    PhieuA,
    PhieuB,
    PhieuC,
    RuleSet,
    classify,
    load_rule_set,
    load_rule_set_by_id,
)
from workflow.standards.scoring import phieu_c_income

# Who must answer the schooling and employment questions (standard.md §3, indicators 1 and 5).
EMPLOYMENT_FROM_AGE = 15
EDUCATION_AGES = range(15, 31)


@dataclass
class Outcome:
    """A classification, or the answers still missing (field name -> Vietnamese message)."""

    result: Classification | None = None
    missing: dict[str, str] = field(default_factory=dict)
    local: Classification | None = None  # under the province's local standard, beside the national result
    empty: bool = False  # nothing of Phiếu A, B or C answered yet: no field is wrong, the form is just new


def rule_set_for(period_year: int) -> RuleSet:
    """The standard in force for the period the status is for, never today's date."""
    return load_rule_set(period_year)


def area_of(household: Household) -> AreaType | None:
    area = household.village.commune.area_type
    return AreaType(area) if area else None


def _yes(value: str | None) -> bool:
    return value == "yes"


def _member_input(member_form: MemberAnswers, household: Household) -> Member:
    stored = next(m for m in household.members if str(m.id) == member_form.member_id.data)
    return Member(
        member_id=str(stored.id),
        birth_date=stored.birth_date,
        sex=stored.sex.value,
        birth_year_only=stored.birth_date_precision == "year",
        health_insured=_yes(member_form.health_insured.data),
        stunted=_yes(member_form.stunted.data),
        underweight=_yes(member_form.underweight.data),
        attending_school=_yes(member_form.attending_school.data),
        school_level=member_form.school_level.data or None,
        education_level=member_form.education_level.data or "none",
        certificates=frozenset(member_form.certificates.data or ()),
        employment=member_form.employment.data or "outside_labour_force",
        labour_contract=_yes(member_form.labour_contract.data),
        disabled=_yes(member_form.disabled.data),
        serious_illness=_yes(member_form.serious_illness.data),
        social_allowance=_yes(member_form.social_allowance.data),
    )


def _phieu_b(form: SurveyForm) -> PhieuB | None:
    area = form.floor_area_m2
    if not (
        form.wall.data and form.pillar.data and form.roof.data and area and form.water_source.data and form.latrine.data
    ):
        return None
    b1 = _b1(form)
    return PhieuB(
        dwelling=Dwelling(wall=form.wall.data, pillar=form.pillar.data, roof=form.roof.data, floor_area_m2=area),
        water_source=form.water_source.data,
        latrine=form.latrine.data,
        telecom_used=frozenset(form.telecom_used.data or ()),
        devices=frozenset(form.devices.data or ()),
        hears_loudspeaker=_yes(form.hears_loudspeaker.data),
        waste_handling=form.waste_handling.data or None,
        b1=b1,
    )


def _b1(form: SurveyForm) -> B1Input | None:
    """The itemised answers when every item is answered, the paper total, or both."""
    items = form.b1_answers()
    complete_items = bool(items) and len(items) == len(form.b1_items.entries)
    if not complete_items and form.b1_total.data is None:
        return None
    return B1Input(items=tuple(items) if complete_items else (), form_total=form.b1_total.data)


def _phieu_c(form: SurveyForm) -> PhieuC | None:
    """The 12-month incomes by source; None until an amount is written (a written 0 counts)."""
    fields = form.income_fields()
    if not any((f.data or "").strip() for f in fields):
        return None
    amounts = {f.name.removeprefix("income_"): f.amount for f in fields}
    return PhieuC(**amounts)


CHILD_ONLY_UNDER = 16


def age_conflicts(form: SurveyForm, household: Household) -> dict[str, str]:
    """Answers that contradict a member's age at the survey date (e.g. a stunted adult)."""
    reference = form.parsed_reference_date or clock.today()
    conflicts: dict[str, str] = {}
    for entry in form.members:
        member_form: MemberAnswers = entry.form
        stored = next((m for m in household.members if str(m.id) == member_form.member_id.data), None)
        if stored is None:
            conflicts[member_form.member_id.name] = _("Thành viên này không thuộc hộ.")
            continue
        age = age_on(stored.birth_date, reference)
        if age < 0:
            conflicts[member_form.member_id.name] = _(
                "Ngày rà soát trước ngày sinh của %(name)s.", name=stored.full_name
            )
        for question in (member_form.stunted, member_form.underweight):
            if question.data == "yes" and age >= CHILD_ONLY_UNDER:
                conflicts[question.name] = _(
                    "Chỉ hỏi với trẻ dưới 16 tuổi; %(name)s đã %(age)d tuổi.", name=stored.full_name, age=age
                )
        if member_form.employment.data and age < EMPLOYMENT_FROM_AGE:
            conflicts[member_form.employment.name] = _("Chỉ hỏi việc làm với người từ 15 tuổi.")
    return conflicts


def income_only(rule_set: RuleSet) -> bool:
    """The rule set has no B1 path: the survey asks the 12-month income to classify."""
    return rule_set.offers(Basis.INCOME) and not rule_set.offers(Basis.SCORE_B1)


def missing_answers(
    form: SurveyForm, household: Household, rule_set: RuleSet, *, need_phieu_b: bool = False
) -> dict[str, str]:
    """What a completed survey must answer; drafts may leave these empty.

    Under 2022-2025 a farm household's Phiếu C income above the line settles the review without
    Phiếu B; `need_phieu_b` asks Phiếu B all the same (the income did not settle it).
    """
    required = _("Cần trả lời trước khi hoàn thành phiếu.")
    missing: dict[str, str] = {}
    if rule_set.offers(Basis.INCOME) and _phieu_c(form) is None and (income_only(rule_set) or _b1(form) is None):
        missing["income_crops"] = _(
            "Cần ghi thu nhập 12 tháng qua theo từng nguồn (Phiếu C, ghi 0 nếu không có) để xếp loại theo thu nhập."
        )
    farm_with_c = _phieu_c(form) is not None and form.farm_household.data == "yes"
    settled_by_c = farm_with_c and not rule_set.offers(Basis.INCOME)
    if not need_phieu_b and income_settles(form, household, rule_set):
        return missing  # the income decides: no deprivation asked by Phiếu B changes the class
    if not need_phieu_b and _above_line(form, household, rule_set):
        required = _(
            "Thu nhập vượt chuẩn nghèo quốc gia nhưng chưa vượt chuẩn nghèo của tỉnh: cần trả lời để xếp loại."
        )
    if need_phieu_b or not settled_by_c:
        for name in ("wall", "pillar", "roof", "floor_area", "water_source", "latrine"):
            if not form[name].data:
                missing[name] = required
        indicator_ids = {spec.id for spec in rule_set.indicators}
        if "information_access" in indicator_ids and not form.hears_loudspeaker.data:
            missing["hears_loudspeaker"] = required
        if "waste_treatment" in indicator_ids and not form.waste_handling.data:
            missing["waste_handling"] = required
        if _b1(form) is None and rule_set.offers(Basis.SCORE_B1) and not rule_set.offers(Basis.INCOME):
            missing["b1_total"] = _("Cần trả lời đủ các mục B1 hoặc ghi tổng điểm B1 trên phiếu giấy.")
    reference = form.parsed_reference_date or clock.today()
    for entry in form.members:
        member_form: MemberAnswers = entry.form
        stored = next((m for m in household.members if str(m.id) == member_form.member_id.data), None)
        if stored is None:
            continue
        age = age_on(stored.birth_date, reference)
        if age >= EMPLOYMENT_FROM_AGE and not member_form.employment.data:
            missing[f"{member_form.employment.name}"] = required
        if age in EDUCATION_AGES and not member_form.education_level.data:
            missing[f"{member_form.education_level.name}"] = required
    return missing


def income_settles(form: SurveyForm, household: Household, rule_set: RuleSet) -> bool:
    """Where direct income classifies, an income above the poverty line decides the class by itself
    (not poor, or average living standard): Phiếu B's deprivations would change nothing. Every survey
    is classified under the province's local standard too: its (higher) line must be passed as well."""
    if not _above_line(form, household, rule_set):
        return False
    year = form.period_year.data or clock.today().year
    local = standards.local_beside(household.village.commune, year, rule_set)
    return local is None or _above_line(form, household, local)


def _above_line(form: SurveyForm, household: Household, rule_set: RuleSet) -> bool:
    phieu_c = _phieu_c(form)
    paths = rule_set.classifying_paths
    if phieu_c is None or rule_set.income_rule is None or Basis.INCOME not in paths:
        return False
    if Basis.SCORE_B1 in paths and paths.index(Basis.SCORE_B1) < paths.index(Basis.INCOME) and _b1(form):
        return False  # B1 comes first where it is answered
    area = area_of(household) or (AreaType(form.area_type.data) if form.area_type.data else None)
    members = len(form.members.entries)
    if area is None or not members:
        return False
    income = phieu_c_income(phieu_c, bool(rule_set.phieu_c_net_income.value))
    return income > rule_set.income_rule.gate(area) * 12 * members


def still_needed(form: SurveyForm, household: Household, rule_set: RuleSet, result: Classification) -> dict[str, str]:
    """The answers an undetermined result waits for (field name -> Vietnamese message)."""
    if result.household_class is not HouseholdClass.UNDETERMINED:
        return {}
    needed = missing_answers(form, household, rule_set, need_phieu_b=True)
    if result.basis is Basis.PHIEU_C and _b1(form) is None and rule_set.offers(Basis.SCORE_B1):
        # Income at or below the line: the B1 score of Phiếu B decides.
        needed["b1_total"] = _("Thu nhập không vượt chuẩn: cần trả lời đủ các mục B1 hoặc ghi tổng điểm B1 (Phiếu B).")
    return needed


def evaluate(form: SurveyForm, household: Household, rule_set: RuleSet, *, require_complete: bool) -> Outcome:
    """Classify the answers given so far; with `require_complete`, report what is still missing."""
    area = area_of(household) or (AreaType(form.area_type.data) if form.area_type.data else None)
    if area is None:
        return Outcome(missing={"area_type": _("Xã này chưa xác định khu vực; hãy chọn nông thôn hoặc thành thị.")})
    conflicts = age_conflicts(form, household)
    if conflicts:
        return Outcome(missing=conflicts)
    if require_complete:
        missing = missing_answers(form, household, rule_set)
        if missing:
            return Outcome(missing=missing)
    phieu_a = PhieuA(frozenset(form.phieu_a.data or ())) if rule_set.phieu_a else None
    stops_at_a = bool(phieu_a and phieu_a.ticked)
    phieu_b = _phieu_b(form)
    phieu_c = _phieu_c(form)
    if phieu_b is None and phieu_c is None and not stops_at_a:
        return Outcome(missing={"wall": _("Chưa đủ câu trả lời để xếp loại hộ.")}, empty=True)
    household_input = HouseholdInput(
        reference_date=form.parsed_reference_date or clock.today(),
        area_type=area,
        members=tuple(_member_input(entry.form, household) for entry in form.members),
        scoring_region=scoring_region(household.village.commune.legacy_province_code),
        farm_household=form.farm_household.data == "yes",
        phieu_a=phieu_a,
        phieu_b=phieu_b,
        phieu_c=phieu_c,
    )
    try:
        result = classify(household_input, rule_set)
    except InvalidAnswer as error:
        return Outcome(
            missing={error.question: _("Câu trả lời không hợp lệ với chuẩn đang áp dụng: %(p)s", p=error.problem)}
        )
    return Outcome(result=result, local=_local_result(household_input, household, form, rule_set))


def _local_result(
    household_input: HouseholdInput, household: Household, form: SurveyForm, national: RuleSet
) -> Classification | None:
    """The same answers under the province's local standard, when it has one (standard.md §11.9)."""
    local = standards.local_beside(household.village.commune, form.period_year.data or clock.today().year, national)
    if local is None:
        return None
    try:
        return classify(household_input, local)
    except InvalidAnswer:
        return None


def _answers(form: SurveyForm) -> dict[str, Any]:
    """The raw form answers, kept so a draft can be reopened and any result recomputed."""
    skipped = ("csrf_token", "version", "submission_token")
    return {name: field.data for name, field in form._fields.items() if name not in skipped}


def save(
    survey: Survey | None,
    form: SurveyForm,
    household: Household,
    actor: User,
    outcome: Outcome | None,
    case_id: int | None = None,
) -> Survey:
    """A draft when `outcome` is None; completed (and frozen) with its classification otherwise.

    A new survey belongs to `case_id` from its first draft; it keeps the form's submission token,
    which is unique, so the same form sent twice at once fails to make a second survey.
    """
    if survey is None:
        survey = Survey(
            household_id=household.id,
            surveyor_id=actor.id,
            case_id=case_id,
            submission_token=form.submission_token.data or None,
        )
        db.session.add(survey)
    survey.period = dt.date(form.period_year.data, 1, 1)
    survey.reference_date = form.parsed_reference_date or clock.today()
    survey.answers_ciphertext = crypto.encrypt_json(_answers(form))
    survey.status = SurveyStatus.DRAFT
    if outcome is not None and outcome.result is not None:
        result = outcome.result
        survey.status = SurveyStatus.COMPLETED
        survey.completed_at = utcnow()
        survey.result_ciphertext = crypto.encrypt_json(result.to_dict())
        survey.rule_set_id = result.rule_set.id
        survey.rule_set_version = result.rule_set.version
        survey.household_class = result.household_class.value
        survey.score_b1 = result.score_b1
        survey.score_b2 = result.score_b2
        survey.deprived_indicators = list(result.deprived_indicators)
        survey.unverified = bool(result.unverified)
        _store_local(survey, outcome.local)
    db.session.flush()  # the id goes into the audit entry
    audit.record(
        "survey_complete" if survey.status is SurveyStatus.COMPLETED else "survey_draft",
        user_id=actor.id,
        subject=f"survey:{survey.id}",
        household=household.id,
    )
    return survey


def _store_local(survey: Survey, local: Classification | None) -> None:
    survey.local_rule_set_id = local.rule_set.id if local else None
    survey.local_rule_set_version = local.rule_set.version if local else None
    survey.local_household_class = local.household_class.value if local else None
    survey.local_result_ciphertext = crypto.encrypt_json(local.to_dict()) if local else None


def by_token(token: str | None) -> Survey | None:
    """The survey a new-survey form already made, when that form is sent again."""
    if not token:
        return None
    return db.session.execute(select(Survey).where(Survey.submission_token == token)).scalar_one_or_none()


def open_draft(case_id: int) -> Survey | None:
    """The case's survey still in draft, to be continued rather than started again."""
    return (
        db.session.execute(
            select(Survey)
            .where(Survey.case_id == case_id, Survey.status == SurveyStatus.DRAFT)
            .order_by(Survey.id.desc())
        )
        .scalars()
        .first()
    )


def surveys_of(household: Household) -> list[Survey]:
    return list(
        db.session.execute(
            select(Survey)
            .where(Survey.household_id == household.id)
            .order_by(Survey.created_at.desc(), Survey.id.desc())
        ).scalars()
    )


def stored_answers(survey: Survey) -> dict[str, Any]:
    return dict(crypto.decrypt_json(survey.answers_ciphertext))


def stored_result(survey: Survey) -> dict[str, Any] | None:
    """The stored result; one stored before results kept the standard's name gets it from the rule set."""
    if not survey.result_ciphertext:
        return None
    result = crypto.decrypt_json(survey.result_ciphertext)
    rule_set = result.get("rule_set")
    if isinstance(rule_set, dict) and "name" not in rule_set:
        try:
            rule_set["name"] = load_rule_set_by_id(str(rule_set.get("id"))).document_name
        except LookupError:  # a province's local standard whose file this server does not hold
            rule_set["name"] = ""
    return result


def stored_local_result(survey: Survey) -> dict[str, Any] | None:
    """The result under the province's local standard, with that standard's title for the page."""
    if not survey.local_result_ciphertext:
        return None
    result = dict(crypto.decrypt_json(survey.local_result_ciphertext))
    result["standard_title"] = standards.title_of(survey.local_rule_set_id)
    return result
