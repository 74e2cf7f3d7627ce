"""Opening the annual campaign: the review list of every household the commune manages as poor or
near-poor, plus every household that asked (QĐ 24 Điều 4 khoản 1), with the list as a document."""

from __future__ import annotations

from collections import defaultdict

from flask_babel import gettext as _
from sqlalchemy import func, select

from casework import audit, clock, permissions
from casework.approvals.policy import level_change_refusal
from casework.cases import events, paperwork
from casework.cycles.settings import province_settings
from casework.cycles.standards import campaign_title
from casework.documents import service as documents
from casework.documents.context.review import review_list
from casework.documents.context.values import HouseholdRow, Issue
from casework.errors import Refused
from casework.extensions import db
from casework.models import (
    AdminUnit,
    Case,
    CaseType,
    Household,
    HouseholdStatus,
    ReviewRun,
    RunKind,
    User,
    Village,
)
from workflow.procedures.settings import ProcedureSettings, SettingsError


def managed_households(commune: AdminUnit, year: int) -> list[tuple[Household, str]]:
    """Households whose latest recognised class before `year` is poor or near-poor."""
    latest = (
        select(HouseholdStatus.household_id, func.max(HouseholdStatus.year).label("year"))
        .where(HouseholdStatus.year < year)
        .group_by(HouseholdStatus.household_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Household, HouseholdStatus.household_class)
        .join(HouseholdStatus, HouseholdStatus.household_id == Household.id)
        .join(latest, (latest.c.household_id == HouseholdStatus.household_id) & (latest.c.year == HouseholdStatus.year))
        .join(Village, Village.id == Household.village_id)
        .where(Village.commune_id == commune.id, HouseholdStatus.household_class.in_(("poor", "near_poor")))
        .order_by(Household.head_sort_key)
    ).all()
    return [(household, household_class) for household, household_class in rows]


def open_campaign(commune: AdminUnit, year: int, settings: dict[str, object], actor: User) -> ReviewRun:
    if db.session.execute(
        select(ReviewRun.id).where(
            ReviewRun.commune_id == commune.id,
            ReviewRun.kind == RunKind.PERIODIC_CAMPAIGN,
            ReviewRun.period_year == year,
        )
    ).first():
        raise Refused(_("Xã đã có đợt rà soát định kỳ năm %(y)d.", y=year), "year")
    try:
        parsed = ProcedureSettings.from_mapping(settings, base=province_settings(commune))
    except SettingsError as error:
        raise Refused(str(error), "upper_review_level") from None
    start, end = parsed.periodic_window(year)
    run = ReviewRun(
        commune_id=commune.id,
        kind=RunKind.PERIODIC_CAMPAIGN,
        period_year=year,
        starts_on=start,
        ends_on=end,
        settings=settings,
    )
    db.session.add(run)
    db.session.flush()  # cases belong to the run
    households = managed_households(commune, parsed.lists_year(year))
    if households:
        rows = _list_existing(run, households, actor)
        _issue_review_list(commune, year, rows, actor, campaign_title(run))
    return run


def set_upper_level(run: ReviewRun, level: str, actor: User) -> None:
    """The campaign's upper review level, until its report is sent; "" goes back to the default (the
    province's setting, else by the campaign's start date)."""
    refusal = level_change_refusal(run)
    if refusal:
        raise Refused(refusal, "upper_review_level", status=409)
    settings = {key: value for key, value in (run.settings or {}).items() if key != "upper_review_level"}
    if level:
        settings["upper_review_level"] = level
    try:
        ProcedureSettings.from_mapping(settings, base=province_settings(run.commune))
    except SettingsError as error:
        raise Refused(str(error), "upper_review_level") from None
    run.settings = settings
    audit.record("campaign_upper_level", user_id=actor.id, subject=f"run:{run.id}", level=level or "default")


def _list_existing(
    run: ReviewRun, households: list[tuple[Household, str]], actor: User
) -> dict[str, list[HouseholdRow]]:
    """A case for every managed household, each with its `list_existing` event; the list's rows by village."""
    first = households[0][0]
    role = permissions.require_step(actor, first.village, CaseType.PERIODIC_REVIEW.value, "list_existing")
    rows: dict[str, list[HouseholdRow]] = defaultdict(list)
    for household, household_class in households:
        case = Case(
            case_type=CaseType.PERIODIC_REVIEW, run=run, household=household, origin="existing_list", state="listed"
        )
        db.session.add(case)
        events.record(
            case,
            actor=actor,
            role=role,
            trigger="list_existing",
            from_state=None,
            to_state="listed",
            facts={"managed_as": household_class},
            effective_on=clock.today(),
        )
        head = household.head
        rows[household.village.name].append(
            HouseholdRow(
                head_name=head.full_name if head else "",
                village=household.village.name,
                classification=household_class,
                member_count=len(household.members),
                origin=f"existing_{household_class}",
            )
        )
    return rows


def _issue_review_list(
    commune: AdminUnit, year: int, rows: dict[str, list[HouseholdRow]], actor: User, standard: str
) -> None:
    # The list is the steering committee's (TT 07/2021 Phụ lục I): its header and its signature agree.
    # Dated the day it is made; a list has no number of the register (documents.md §3).
    issue = Issue(
        agency=paperwork.steering_agency(commune), issued_on=clock.today(), verification=paperwork.new_verification()
    )
    signer, compiler = paperwork.steering_signatures(commune, actor.full_name)
    context = review_list(
        issue,
        year=year,
        commune=paperwork.short_name(commune),
        villages=dict(rows),
        signer=signer,
        compiler=compiler,
        commune_kind=paperwork.commune_kind(commune),
        standard=standard,
    )
    documents.issue("review_list", context, actor=actor, commune_id=commune.id)
