"""The households export: the list page's households on one sheet, every member in the import layout on
another, so the file can be edited and imported back. Read through the user's scope; nothing commits.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select

from casework.exchange import columns as cols
from casework.exchange.exports import (
    HOUSEHOLD_IDENTITY_COLUMNS,
    Export,
    IdReveal,
    birth_value,
    file_name,
    footer,
    header_lines,
)
from casework.exchange.workbook import Column, Sheet, write_workbook
from casework.extensions import db
from casework.households.queries import households_statement
from casework.models import Ethnicity, Household, Member, Relationship, User, Village


def households_query(
    user: User, *, query: str = "", village_id: int | None = None, commune_id: int | None = None
) -> Select[tuple[Household]]:
    """The household list page's filter, in the same order (the head's given name)."""
    statement = households_statement(user, query=query, village_id=village_id, commune_id=commune_id)
    return statement.order_by(Household.head_sort_key, Household.id)


HOUSEHOLD_COLUMNS = [
    *HOUSEHOLD_IDENTITY_COLUMNS,
    Column("permanent_address", "Nơi thường trú", width=32),
    Column("members", "Số nhân khẩu", "int", width=9),
]


def member_row(number: int, household: Any, member: Any, village: Village, pid: str, legacy_id: str) -> dict[str, Any]:
    """One member in the import layout (columns.MEMBER_COLUMNS), so an export imports back."""
    return {
        "stt": number,
        "household_code": cols.household_code(household.id),
        "village": village.name,
        "permanent_address": household.permanent_address,
        "current_address": household.current_address,
        "full_name": member.full_name,
        "sex": cols.SEX_LABELS[member.sex],
        "birth_date": birth_value(member),
        "ethnicity": member.ethnicity_name or "",
        "relationship": cols.RELATIONSHIP_LABELS[member.relationship_to_head],
        "activity": cols.ACTIVITY_LABELS[member.activity_status],
        "id_document_type": cols.ID_DOCUMENT_LABELS[member.id_document_type],
        "personal_id": pid,
        "personal_id_confirmed": cols.YES if member.personal_id_confirmed else None,
        "legacy_id": legacy_id or None,
        "id_issue_date": member.id_issue_date,
        "id_issuer": member.id_issuer or None,
        "member_code": cols.member_code(member.id),
    }


_MEMBER_FIELDS = (
    Member.id,
    Member.household_id,
    Member.full_name,
    Member.sex,
    Member.birth_date,
    Member.birth_date_precision,
    Member.relationship_to_head,
    Member.activity_status,
    Member.id_document_type,
    Member.personal_id_ciphertext,
    Member.personal_id_confirmed,
    Member.legacy_id_number_ciphertext,
    Member.id_issue_date,
    Member.id_issuer,
    Ethnicity.name.label("ethnicity_name"),
)


def _household_tuples(
    user: User, query: str, village_id: int | None, commune_id: int | None
) -> tuple[list[Any], dict[int, list[Any]]]:
    """Plain rows, not ORM objects: a 10,000-household export would spend seconds building objects."""
    listed = households_query(user, query=query, village_id=village_id, commune_id=commune_id)
    households = db.session.execute(
        listed.with_only_columns(
            Household.id, Household.village_id, Household.permanent_address, Household.current_address
        )
    ).all()
    members: dict[int, list[Any]] = {}
    ids = listed.with_only_columns(Household.id).order_by(None)
    statement = (
        select(*_MEMBER_FIELDS)
        .outerjoin(Ethnicity, Ethnicity.code == Member.ethnicity_code)
        .where(Member.household_id.in_(ids))
        .order_by(Member.household_id, Member.position)
    )
    for row in db.session.execute(statement):
        members.setdefault(row.household_id, []).append(row)
    return households, members


def _rows(
    user: User, query: str, village_id: int | None, commune_id: int | None, reveal: IdReveal
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], set[int]]:
    """The rows of both sheets, and the communes they come from (for the agency's header)."""
    households, members_of = _household_tuples(user, query, village_id, commune_id)
    listed_villages = {household.village_id for household in households}
    villages = {v.id: v for v in db.session.execute(select(Village).where(Village.id.in_(listed_villages))).scalars()}
    household_rows: list[dict[str, Any]] = []
    member_rows: list[dict[str, Any]] = []
    communes: set[int] = set()
    for number, household in enumerate(households, start=1):
        village = villages[household.village_id]
        communes.add(village.commune_id)
        members = members_of.get(household.id, [])
        head = next((m for m in members if m.relationship_to_head is Relationship.HEAD), None)
        household_rows.append(
            {
                "stt": number,
                "household_code": cols.household_code(household.id),
                "head": head.full_name if head else "",
                "head_birth": birth_value(head),
                "head_pid": reveal.number(head.id, head.personal_id_ciphertext, village) if head else "",
                "village": village.name,
                "permanent_address": household.permanent_address,
                "members": len(members),
            }
        )
        for member in members:
            pid = reveal.number(member.id, member.personal_id_ciphertext, village)
            legacy = reveal.number(-member.id, member.legacy_id_number_ciphertext, village)
            member_rows.append(member_row(len(member_rows) + 1, household, member, village, pid, legacy))
    return household_rows, member_rows, communes


def export_households(
    user: User,
    *,
    purpose: str,
    full_ids: bool,
    query: str = "",
    village_id: int | None = None,
    commune_id: int | None = None,
) -> Export:
    """Two sheets: the households as the list page shows them, and every member in the import layout."""
    reveal = IdReveal(user, full_ids)
    household_rows, member_rows, communes = _rows(user, query, village_id, commune_id, reveal)
    header = header_lines(communes)
    subtitle = [f"Lọc theo: “{query}”"] if query else []
    sheets = [
        Sheet(
            title="DANH SÁCH HỘ GIA ĐÌNH",
            subtitles=subtitle,
            header_lines=header,
            columns=HOUSEHOLD_COLUMNS,
            rows=household_rows,
            footer_lines=footer(user, purpose),
            tab="Hộ gia đình",
        ),
        Sheet(
            title="DANH SÁCH THÀNH VIÊN HỘ GIA ĐÌNH",
            subtitles=["Sửa rồi nhập lại được: giữ nguyên cột Mã hộ, Mã thành viên để cập nhật hộ đã có."],
            header_lines=header,
            columns=cols.MEMBER_COLUMNS,
            rows=member_rows,
            footer_lines=footer(user, purpose),
            tab="Thành viên",
        ),
    ]
    return Export(
        filename=file_name("ho-gia-dinh"),
        content=write_workbook(sheets),
        rows=len(household_rows),
        scope={
            "query": query,
            "village_id": village_id,
            "commune_id": commune_id,
            "communes": sorted(communes),
            "members": len(member_rows),
            "full_ids": len({i for i in reveal.revealed_members if i > 0}),
        },
    )


# ---------------------------------------------------------------- cases
