"""Create and update households with their members. Never commits: the caller does, once."""

from __future__ import annotations

from sqlalchemy import select

from casework import audit, crypto
from casework.extensions import db
from casework.households.data import HouseholdData, MemberData
from casework.models import Household, Member, Relationship, User
from workflow.names import normalize, search_key, sort_key

DUPLICATE_IN_HOUSEHOLD = "Số định danh này bị nhập trùng trong cùng hộ."
# No more than that: the other household may lie outside this user's units.
DUPLICATE_ELSEWHERE = "Số định danh này đã thuộc về một người trong hộ khác."


def personal_id_conflicts(data: HouseholdData, household: Household | None) -> dict[int, str]:
    """Row index → message for numbers repeated in the form or held by someone else."""
    own_ids = {m.id for m in household.members} if household else set()
    conflicts: dict[int, str] = {}
    seen: set[str] = set()
    for index, member in enumerate(data.members):
        if not member.personal_id:
            continue
        if member.personal_id in seen:
            conflicts[index] = DUPLICATE_IN_HOUSEHOLD
            continue
        seen.add(member.personal_id)
        holder = db.session.execute(
            select(Member.id).where(Member.personal_id_lookup == crypto.lookup_index(member.personal_id))
        ).scalar_one_or_none()
        if holder is not None and not (holder in own_ids and holder == member.member_id):
            conflicts[index] = DUPLICATE_ELSEWHERE
    return conflicts


def apply_member(member: Member, data: MemberData, position: int) -> None:
    """Write one validated member row into a member: the one place that turns input into a member.

    The form's save and the Excel import's bulk insert both go through it, so a name is normalised,
    indexed for search and sorted, and an ID number encrypted, the same way whichever way it came in.
    """
    name = normalize(data.full_name)
    member.position = position
    member.full_name = name
    member.name_search_key = search_key(name)
    member.sort_key = sort_key(name, birth_date_iso=data.birth_date.isoformat())
    member.sex = data.sex
    member.birth_date = data.birth_date
    member.birth_date_precision = data.birth_date_precision
    member.ethnicity_code = data.ethnicity_code
    member.relationship_to_head = data.relationship_to_head
    member.activity_status = data.activity_status
    member.id_document_type = data.id_document_type
    member.id_issue_date = data.id_issue_date
    member.id_issuer = normalize(data.id_issuer) if data.id_issuer else None
    if data.personal_id:  # edit forms never show the number in clear, so empty keeps it
        member.personal_id_ciphertext = crypto.encrypt(data.personal_id)
        member.personal_id_lookup = crypto.lookup_index(data.personal_id)
        member.personal_id_confirmed = data.personal_id_confirmed
    if data.legacy_id_number:
        member.legacy_id_number_ciphertext = crypto.encrypt(data.legacy_id_number)


def save_household(household: Household | None, data: HouseholdData, actor: User | None) -> Household:
    """Write valid input into a new or existing household; rows name the members they edit."""
    creating = household is None
    if household is None:
        household = Household()
        db.session.add(household)
    household.village_id = data.village_id
    household.permanent_address = normalize(data.permanent_address)
    household.current_address = normalize(data.current_address)

    stored = {m.id: m for m in household.members}
    rows: list[tuple[Member | None, MemberData]] = []
    for row in data.members:
        member = stored.pop(row.member_id, None) if row.member_id else None
        if member is not None and member.relationship_to_head is Relationship.HEAD:
            member.relationship_to_head = row.relationship_to_head
        rows.append((member, row))
    for gone in stored.values():
        household.members.remove(gone)
    # Removals and demotions reach the database first: the one-head index must never see two heads.
    db.session.flush()
    saved: list[Member] = []
    for position, (member, row) in enumerate(rows, start=1):
        if member is None:
            member = Member()
            household.members.append(member)
        apply_member(member, row, position)
        saved.append(member)
    head = next(m for m in saved if m.relationship_to_head is Relationship.HEAD)
    household.head_sort_key = head.sort_key
    household.search_text = " | ".join(m.name_search_key for m in saved)
    db.session.flush()  # the new household's id goes into the audit entry
    audit.record(
        "household_create" if creating else "household_update",
        user_id=actor.id if actor else None,
        subject=f"household:{household.id}",
        members=len(saved),
    )
    return household
