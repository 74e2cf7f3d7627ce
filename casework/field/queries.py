"""What a surveyor or village head takes offline: their villages, and one village's households."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from casework import clock
from casework.access import service as access
from casework.api.households import HouseholdOut
from casework.cases import queries as case_queries
from casework.extensions import db
from casework.field.rules import exported
from casework.models import Household, User, Village
from casework.permissions import Permission
from casework.reference import scoring_region
from casework.scoping import household_scope, villages_in_scope
from workflow.standards import load_rule_set


def field_villages(user: User) -> list[Village]:
    """The villages whose households the user may survey."""
    return villages_in_scope(household_scope(user, Permission.SURVEY_FILL))


def visible_village(user: User, village_id: int) -> Village | None:
    """The village when it lies in the user's units; None otherwise (the view answers 404)."""
    village = db.session.get(Village, village_id)
    if village is None or not household_scope(user, Permission.HOUSEHOLD_VIEW).covers_village(village):
        return None
    return village


def village_label(village: Village) -> str:
    return f"{village.name}, {village.commune.name}"


def snapshot(user: User, village: Village) -> dict[str, Any]:
    """The village's households and members in the API's shape (HouseholdOut, with the version a later
    change must name) and the rule set; each household read goes into the access log, as on the web."""
    commune = village.commune
    rule_set = load_rule_set(clock.today().year)
    households = db.session.execute(
        select(Household)
        .where(Household.village_id == village.id)
        .options(selectinload(Household.members))
        .order_by(Household.head_sort_key, Household.id)
    ).scalars()
    return {
        "taken_at": clock.now().isoformat(timespec="seconds"),
        "village": {
            "id": village.id,
            "name": village_label(village),
            "area_type": commune.area_type or None,
            "scoring_region": scoring_region(commune.legacy_province_code),
        },
        "period_year": clock.today().year,
        "rule_set": {"id": rule_set.id, "digest": exported()[rule_set.id]["digest"]},
        "households": [_household(user, household) for household in households],
    }


def _household(user: User, household: Household) -> dict[str, Any]:
    access.household_viewed(user, household, channel="field_download")
    return {**HouseholdOut.of(household).model_dump(), "open_case": _open_case(user, household)}


def _open_case(user: User, household: Household) -> dict[str, Any] | None:
    """The case a survey or a meeting vote typed on the phone belongs to: the household's open case that
    waits for a survey or a meeting (the newest), with its run (a meeting is recorded for a run)."""
    cases = [case for case in case_queries.open_cases_of(user, household.id) if case.run_id is not None]
    waiting = [case for case in cases if case_queries.awaits_survey(case) or case.state == "surveyed"]
    case = (waiting or cases or [None])[-1]
    if case is None:
        return None
    return {"id": case.id, "run_id": case.run_id, "awaits_survey": case_queries.awaits_survey(case)}
