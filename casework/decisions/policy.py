"""Which list of the decision a household goes on, and who signs it."""

from __future__ import annotations

from sqlalchemy import select

from casework.documents.context.labels import DECISION_CLASSES
from casework.extensions import db
from casework.models import Case, Household, HouseholdStatus, Role
from workflow.standards import HouseholdClass, movement

CHAIRMAN_BLOCKS = {Role.COMMUNE_CHAIRMAN: "chairman", Role.VICE_CHAIRMAN: "kt_chairman"}
CERTIFIED_CLASSES = ("poor", "near_poor")  # each gets a certificate, Mẫu 03 (procedure.md §5 step 6)


def previous_status(household: Household, year: int) -> HouseholdStatus | None:
    return db.session.execute(
        select(HouseholdStatus)
        .where(HouseholdStatus.household_id == household.id, HouseholdStatus.year < year)
        .order_by(HouseholdStatus.year.desc())
        .limit(1)
    ).scalar_one_or_none()


def decided_class(case: Case, year: int) -> tuple[str, str | None]:
    """The list the household goes on (poor, near_poor, exited_poor, exited_near_poor, not_poor) and its movement."""
    current = HouseholdClass(case.provisional_class or "not_poor")
    before = previous_status(case.household, year)
    known = {member.value for member in HouseholdClass}
    previous = HouseholdClass(before.household_class) if before and before.household_class in known else None
    moved = movement(previous, current).value if current is not HouseholdClass.UNDETERMINED else None
    if previous is HouseholdClass.POOR and current is not HouseholdClass.POOR:
        return "exited_poor", moved
    if previous is HouseholdClass.NEAR_POOR and current in (
        HouseholdClass.NOT_POOR,
        HouseholdClass.AVERAGE_LIVING_STANDARD,
    ):
        return "exited_near_poor", moved
    return current.value, moved


def decision_lists(case: Case, listed_as: str) -> list[str]:
    """The decision's lists the household is on: a poor household now near-poor has exited poverty and is
    near-poor, so it is on both lists (and gets a near-poor certificate)."""
    lists = [listed_as] if listed_as in DECISION_CLASSES else []
    if listed_as == "exited_poor" and case.provisional_class == "near_poor":
        lists.append("near_poor")
    return lists
