"""The recognised poor and near-poor households of a commune for a year, for the programmes that pay
benefits to them (health insurance, student loans, electricity support).

Minimum fields only (data-protection.md §3, §5): the household's code, the head's name and birth year,
the village, the number of members, the class and its movement. The head's ID number goes out masked;
in full only to a service account's token holding `recognised:read_identity` (granted by an
administrator), with a stated purpose, and where the account may reveal ID numbers (the permission
door). Every call is written to the audit log as a list export, like the web's .xlsx export.
"""

from __future__ import annotations

from typing import Literal

from flask import abort
from flask_babel import gettext as _
from pydantic import BaseModel, Field
from sqlalchemy import select

from casework import audit
from casework.api import tokens
from casework.api.core import bp, endpoint, token, user
from casework.api.errors import fail
from casework.api.paging import DEFAULT_LIMIT, MAX_LIMIT, page
from casework.api.spec import answers, spec
from casework.cycles.queries import reaches
from casework.exchange import columns as cols
from casework.exchange.exports import MOVEMENT_TEXT, RECOGNISED_CLASSES, IdReveal
from casework.models import Household, HouseholdStatus, Village
from casework.permissions import Permission, may
from casework.scoping import household_scope
from casework.vocabulary import class_label

TAG = "recognised"


class RecognisedHousehold(BaseModel):
    household_id: int
    household_code: str
    head_name: str | None
    head_birth_year: int | None
    head_personal_id: str | None = Field(description="Masked (0010******45) unless `identity` was granted")
    head_personal_id_full: bool = Field(description="Whether head_personal_id is the full number")
    village_id: int
    village_name: str
    members: int
    household_class: Literal["poor", "near_poor"]
    class_label: str
    movement: str | None
    movement_label: str | None


class RecognisedPage(BaseModel):
    commune_id: int
    year: int
    items: list[RecognisedHousehold]
    next_cursor: str | None


class RecognisedFilter(BaseModel):
    commune: int = Field(ge=1, le=2**31 - 1)
    year: int = Field(ge=2000, le=2100)
    household_class: Literal["poor", "near_poor", "all"] = Field("all", alias="class")
    identity: bool = Field(False, description="Full ID numbers: needs the scope recognised:read_identity")
    purpose: str | None = Field(None, max_length=200, description="Why the full ID numbers are needed")
    cursor: str | None = Field(None, max_length=500)
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)


def _identity(query: RecognisedFilter) -> bool:
    if not query.identity:
        return False
    if not tokens.allows_identity(token()):
        raise fail(403, _("Mã truy cập này không được xem số định danh đầy đủ."), "identity")
    if len((query.purpose or "").strip()) < 5:
        raise fail(422, _("Ghi rõ mục đích cần số định danh đầy đủ (ít nhất 5 ký tự)."), "purpose")
    return True


def _row(status: HouseholdStatus, reveal: IdReveal) -> RecognisedHousehold:
    household: Household = status.household
    head = household.head
    number = reveal.text(head, household) if head else ""
    return RecognisedHousehold(
        household_id=household.id,
        household_code=cols.household_code(household.id),
        head_name=head.full_name if head else None,
        head_birth_year=head.birth_date.year if head else None,
        head_personal_id=number or None,
        head_personal_id_full=bool(head) and head.id in reveal.revealed_members,
        village_id=household.village_id,
        village_name=household.village.name,
        members=len(household.members),
        household_class=status.household_class,  # type: ignore[arg-type]
        class_label=class_label(status.household_class),
        movement=status.movement,
        movement_label=MOVEMENT_TEXT.get(status.movement or "") if status.movement else None,
    )


@bp.get("/recognised")
@spec.validate(query=RecognisedFilter, resp=answers(RecognisedPage), tags=[TAG])
@endpoint("recognised")
def list_recognised(query: RecognisedFilter) -> RecognisedPage:
    """The poor and near-poor households of a commune recognised for a year (the decisions' lists)."""
    if not may(user(), Permission.HOUSEHOLD_VIEW):
        abort(403)
    scope = household_scope(user(), Permission.HOUSEHOLD_VIEW)
    if not reaches(scope, query.commune):
        abort(404)
    full = _identity(query)
    classes = RECOGNISED_CLASSES if query.household_class == "all" else (query.household_class,)
    statement = (
        select(HouseholdStatus)
        .join(Household, Household.id == HouseholdStatus.household_id)
        .join(Village, Village.id == Household.village_id)
        .where(scope.household_filter(), Village.commune_id == query.commune)
        .where(HouseholdStatus.year == query.year, HouseholdStatus.household_class.in_(classes))
    )
    rows, cursor = page(statement, (HouseholdStatus.id,), lambda s: (s.id,), cursor=query.cursor, limit=query.limit)
    reveal = IdReveal(user(), full)
    items = [_row(status, reveal) for status in rows]
    audit.record(
        "list_export",
        user_id=user().id,
        subject=f"export:recognised:{query.year}:{query.household_class}",
        purpose=(query.purpose or "").strip()[:200] or None,
        rows=len(items),
        revealed=len(reveal.revealed_members),
        scope={"year": query.year, "class": query.household_class, "communes": [query.commune]},
        api_token=token().id,
    )
    return RecognisedPage(commune_id=query.commune, year=query.year, items=items, next_cursor=cursor)
