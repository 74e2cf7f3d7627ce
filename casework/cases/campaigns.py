"""Opening the annual campaign: the review list of every household the commune manages as poor or
near-poor, plus every household that asked (QĐ 24 Điều 4 khoản 1), with the list as a document."""

from __future__ import annotations

from collections import defaultdict

from flask_babel import gettext as _
from sqlalchemy import func, select

from casework.cases import paperwork, transitions
from casework.cases.settings import province_settings
from casework.documents import context as ctx
from casework.documents import service as documents
from casework.extensions import db
from casework.models import (
    AdminUnit,
    Case,
    CaseEvent,
    CaseType,
    Household,
    HouseholdStatus,
    ReviewRun,
    RunKind,
    User,
    Village,
)
from workflow.procedures.settings import ProcedureSettings, SettingsError


class CampaignRefused(Exception):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


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
        raise CampaignRefused("year", _("Xã đã có đợt rà soát định kỳ năm %(y)d.", y=year))
    try:
        parsed = ProcedureSettings.from_mapping(settings, base=province_settings(commune))
    except SettingsError as error:
        raise CampaignRefused("upper_review_level", str(error)) from None
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
    households = managed_households(commune, year)
    if not households:
        return run
    first = households[0][0]
    role = transitions.role_for_step(actor, first.village, CaseType.PERIODIC_REVIEW.value, "list_existing")
    rows: dict[str, list[ctx.HouseholdRow]] = defaultdict(list)
    for household, household_class in households:
        case = Case(
            case_type=CaseType.PERIODIC_REVIEW, run=run, household=household, origin="existing_list", state="listed"
        )
        db.session.add(case)
        db.session.add(
            CaseEvent(
                case=case,
                actor_user_id=actor.id,
                actor_role=role.value,
                trigger="list_existing",
                from_state=None,
                to_state="listed",
                facts={"managed_as": household_class},
            )
        )
        head = household.head
        rows[household.village.name].append(
            ctx.HouseholdRow(
                head_name=head.full_name if head else "",
                village=household.village.name,
                classification=household_class,
                member_count=len(household.members),
                origin=f"existing_{household_class}",
            )
        )
    issue = ctx.Issue(agency=paperwork.agency(commune), verification=paperwork.new_verification())
    context = ctx.review_list(
        issue,
        year=year,
        commune=paperwork.short_name(commune),
        villages=dict(rows),
        signer=ctx.Signer(actor.full_name, block="tm_steering"),
        commune_kind=paperwork.commune_kind(commune),
    )
    documents.issue("review_list", context, actor=actor, commune_id=commune.id)
    return run
