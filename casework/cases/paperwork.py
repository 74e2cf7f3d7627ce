"""From the records of a case to the plain values of its documents (templates never see ORM rows)."""

from __future__ import annotations

import datetime as dt
import secrets
from zoneinfo import ZoneInfo

from flask import current_app

from casework import clock
from casework.crypto import decrypt
from casework.cycles.settings import run_settings
from casework.documents import wording
from casework.documents.context import requests as request_documents
from casework.documents.context import review as review_documents
from casework.documents.context.values import (
    AgencyHeader,
    IncomeRow,
    IndicatorRow,
    Issue,
    MemberRow,
    Person,
    Signer,
    SurveyResult,
    Verification,
)
from casework.jobs import public_url
from casework.models import AdminUnit, Case, CaseRequest, Household, Member, User
from casework.reference import scoring_region
from casework.surveys import panel as survey_panel
from workflow.identity import mask_pid
from workflow.procedures.settings import DEADLINE_UNITS
from workflow.standards import load_rule_set_by_id
from workflow.standards.reasons import member_phrase

UNIT_KINDS = {"rural_commune": "xã", "ward": "phường", "special_zone": "đặc khu", "township": "thị trấn"}


def commune_kind(commune: AdminUnit) -> str:
    return UNIT_KINDS.get(commune.unit_type, "xã")


def short_name(commune: AdminUnit) -> str:
    """'Xã Lũng Cú' -> 'Lũng Cú'."""
    kind = commune_kind(commune)
    return commune.name[len(kind) + 1 :] if commune.name.lower().startswith(kind + " ") else commune.name


def agency(commune: AdminUnit) -> AgencyHeader:
    return AgencyHeader.commune(short_name(commune), kind=commune_kind(commune).upper())


def steering_agency(commune: AdminUnit) -> AgencyHeader:
    """The commune's review steering committee under 'UBND XÃ …': the issuer of the documents it signs."""
    return AgencyHeader.steering(short_name(commune), kind=commune_kind(commune).upper())


def steering_signatures(compiler: str) -> tuple[Signer, Signer]:
    """A steering-committee list: 'TM. BAN CHỈ ĐẠO / TRƯỞNG BAN' (signed by hand: the app does not know
    who heads the committee) beside the officer who compiled it."""
    return Signer("", block="tm_steering"), Signer(compiler, block="plain", title="Người lập biểu")


def new_verification() -> Verification:
    """A short random reference for the public verification page; it carries no personal data."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    code = "".join(secrets.choice(alphabet) for _ in range(8))
    reference = f"{code[:4]}-{code[4:]}"
    return Verification(reference, public_url("verify.document", reference=reference))


def _pid(member: Member) -> str:
    return decrypt(member.personal_id_ciphertext) if member.personal_id_ciphertext else ""


def person(member: Member, household: Household, *, full_id: bool = True) -> Person:
    """The applicant as the form prints it; the full number only on documents the household keeps."""
    pid = _pid(member)
    return Person(
        full_name=member.full_name,
        sex=member.sex.value,
        birth_date=member.birth_date.year if member.birth_date_precision == "year" else member.birth_date,
        ethnicity=member.ethnicity.name if member.ethnicity else "",
        id_number=pid if full_id else mask_pid(pid) if pid else "",
        id_issue_date=member.id_issue_date,
        id_issuer=member.id_issuer or "",
        permanent_address=household.permanent_address,
        current_address=household.current_address,
    )


def member_rows(household: Household) -> list[MemberRow]:
    return [
        MemberRow(
            full_name=m.full_name,
            sex=m.sex.value,
            birth=m.birth_date.year if m.birth_date_precision == "year" else m.birth_date,
            relationship=m.relationship_to_head.value,
            activity_status=m.activity_status.value,
            ethnicity=m.ethnicity.name if m.ethnicity else "",
        )
        for m in household.members
    ]


def signer_name(user: User | None) -> str:
    return user.full_name if user else ""


def today_place(commune: AdminUnit) -> str:
    return short_name(commune)


__all__ = ["agency", "commune_kind", "dt", "member_rows", "new_verification", "person", "short_name"]


def request_form(request: CaseRequest, household: Household) -> tuple[str, dict]:
    """Mẫu 01 or Mẫu 04 as filed, printed for the household to sign and keep."""
    commune = household.village.commune
    common = {
        "commune": short_name(commune),
        "applicant": person(request.applicant, household),
        "members": member_rows(household),
        "reason": request.reason,
        "signed_place": request.signed_place or short_name(commune),
        "signed_on": request.signed_on,
        "commune_kind": commune_kind(commune),
        "verification": new_verification(),
    }
    if request.form == "mau_04":
        return "exit_request_form", request_documents.exit_request_form(
            requested_exit=request.requested_exit or "exit_poor", **common
        )
    return "request_form", request_documents.request_form(request_kind=request.request_kind, **common)


def receipt_time(received_on: dt.date) -> dt.time | None:
    """The time of receipt where the commune is (the configured zone), when the request is logged the day
    it came in; a request entered on a later day prints its date only rather than an invented hour."""
    if clock.today() != received_on:
        return None
    zone = ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE") or "Asia/Ho_Chi_Minh")
    return clock.now().astimezone(zone).time().replace(second=0, microsecond=0)


def processing_period(request: CaseRequest) -> str:
    """The period the procedure sets: a monthly (regular) review's deadline from the province's settings;
    none for the annual campaign, whose dates are the commune's plan."""
    run = request.case.run
    if run is None or not run.period_month:
        return ""
    settings = run_settings(run)
    unit = DEADLINE_UNITS[settings.regular_deadline_unit]
    return wording.text("request_receipt", "regular_period", days=settings.regular_deadline_days, unit=unit)


def request_receipt(
    request: CaseRequest, household: Household, receiver: User, today: dt.date, number: tuple[int, str] | None = None
) -> tuple[str, dict]:
    """The intake receipt; `number` is (number, symbol) from the commune's register, dated the day received."""
    commune = household.village.commune
    numbered = {"number": number[0], "symbol": number[1], "issued_on": request.received_on} if number else {}
    issue = Issue(agency=agency(commune), verification=new_verification(), **numbered)
    promised = request.promised_on or today
    return "request_receipt", request_documents.request_receipt(
        issue,
        applicant=person(request.applicant, household, full_id=False),
        request_kind="exit_request" if request.form == "mau_04" else request.request_kind,
        channel=request.channel,
        received_at=request.received_on,
        received_time=receipt_time(request.received_on),
        promised_on=promised,
        processing_days=processing_period(request),
        receiver=receiver.full_name,
        case_code=request.receipt_number,
        commune_kind=commune_kind(commune),
    )


def standard_name(rule_set: dict | str | None) -> str:
    """The standard as documents name it, by its instrument (rule-set data); "" when it is not known.

    `rule_set` is a stored result's "rule_set" entry or a rule-set id; results stored before the name
    was kept are looked up by id."""
    if isinstance(rule_set, dict):
        if rule_set.get("name"):
            return str(rule_set["name"])
        rule_set = rule_set.get("id")
    if not rule_set:
        return ""
    try:
        return load_rule_set_by_id(rule_set).document_name
    except LookupError:  # a province's local standard whose file this server does not hold
        return ""


def phieu_a_labels(result: dict) -> tuple[str, ...]:
    """The Phiếu A criteria the household met, in the words of the form (never their codes)."""
    matched = result.get("phieu_a_matched") or ()
    if not matched:
        return ()
    try:
        criteria = load_rule_set_by_id(str(result["rule_set"]["id"])).phieu_a
    except LookupError:
        criteria = None
    labels = criteria.labels if criteria else {}
    return tuple(labels[code] for code in matched if code in labels)


def named_reason(reason: str, member_ids: list, household: Household) -> str:
    """An indicator's reason with the members it found by name, not by their record numbers."""
    if not member_ids:
        return reason
    names = {str(m.id): m.full_name for m in household.members}
    ids = [str(i) for i in member_ids]
    named = [names[i] for i in ids if i in names]
    if not named:  # members since removed from the roll: say nothing rather than print record numbers
        return reason.replace(f" ({member_phrase(ids)})", "")
    return reason.replace(member_phrase(ids), ", ".join(named))


def survey_record(case: Case, result: dict, reviewer: User) -> tuple[str, dict]:
    """The survey sheet of the case's household, from the stored result (plain values only)."""
    household = case.household
    commune = household.village.commune
    indicators = tuple(
        IndicatorRow(
            number=i["number"],
            dimension=i.get("dimension_label") or i["dimension"],
            label=i["label"],
            deprived=i["deprived"],
            reason=named_reason(i["reason"], i.get("members") or [], household),
            unverified=not i["verified"],
        )
        for i in result["indicators"]
    )
    words = survey_panel.for_document(result)
    survey_result = SurveyResult(
        classification=result["class"],
        reasons=tuple(result["reasons"]),
        rule_set_id=result["rule_set"]["id"],
        rule_set_version=result["rule_set"]["version"],
        phieu_a_result=result.get("phieu_a_result"),
        phieu_a_criteria=phieu_a_labels(result),
        score_b1=result.get("score_b1"),
        indicators=indicators,
        income=tuple(IncomeRow(source, amount) for source, amount in words["income"]),
        income_per_capita_month=result.get("income_per_capita"),
        unverified_items=tuple(result.get("unverified") or ()),
        standard_name=standard_name(result["rule_set"]),
        rule_set_title=words["rule_set_title"],
        path=words["path"],
        income_note=words["income_note"],
    )
    surveyed_on = dt.date.fromisoformat(result["reference_date"])
    issue = Issue(agency=agency(commune), issued_on=surveyed_on, verification=new_verification())
    head = household.head
    context = review_documents.survey_record(
        issue,
        year=dt.date.fromisoformat(result["reference_date"]).year,
        head=person(head, household, full_id=False),
        village=household.village.name,
        member_count=len(household.members),
        area_label="Nông thôn" if commune.area_type == "rural" else "Thành thị",
        region=scoring_region(commune.legacy_province_code) or "",
        surveyed_on=dt.date.fromisoformat(result["reference_date"]),
        reviewer=reviewer.full_name,
        result=survey_result,
    )
    return "survey_record", context
