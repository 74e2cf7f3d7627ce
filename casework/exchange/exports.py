"""The lists a user can take away as .xlsx: cases, a campaign's list, recognised lists (households:
household_export.py), and what every export shares (the footer, the ID-number reveal, the file name).

Each builder reads through the user's scope (out-of-scope households never reach a row), turns
rows into plain dicts and hands them to ``workbook.write_workbook``. ID numbers are masked
unless the caller asks for them in full and the user may reveal them for that household's
village. Nothing here commits; the view writes the audit entry and commits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from casework import clock, crypto, replica
from casework.cases import queries as case_queries
from casework.cases.paperwork import agency
from casework.exchange import columns as cols
from casework.exchange.workbook import Column, Sheet, write_workbook
from casework.extensions import db
from casework.models import (
    AdminUnit,
    Household,
    HouseholdStatus,
    Member,
    ReviewRun,
    User,
    Village,
)
from casework.permissions import Permission, may
from casework.scoping import Scope, household_scope
from casework.vocabulary import CLASS_LABELS, STATE_LABELS
from workflow.identity import mask_pid

# The classes a survey arrives at, in the official lists' words (exports stay Vietnamese).
CLASS_TEXT = {c: CLASS_LABELS[c] for c in ("poor", "near_poor", "not_poor", "average_living_standard", "undetermined")}
RECOGNISED_CLASSES = ("poor", "near_poor")
ORIGIN_TEXT = {"request": "Có giấy đề nghị", "existing": "Đang là hộ nghèo, cận nghèo"}
MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Export:
    """A finished file and what the audit log says about it."""

    filename: str
    content: bytes
    rows: int
    scope: dict[str, Any] = field(default_factory=dict)


class IdReveal:
    """Decides per household whether its ID numbers go out in full or masked."""

    def __init__(self, user: User, wanted: bool, permission: Permission = Permission.PERSONAL_ID_REVEAL) -> None:
        self.scope: Scope | None = household_scope(user, permission) if wanted and may(user, permission) else None
        self.revealed_members: set[int] = set()
        self._numbers: dict[int, str] = {}  # a head appears on both sheets: decrypt once

    def text(self, member: Member, household: Household) -> str:
        return self.number(member.id, member.personal_id_ciphertext, household.village)

    def number(self, key: int, ciphertext: bytes | None, village: Village) -> str:
        """The number in full or masked; `key` names it for the decryption cache and the count."""
        if not ciphertext:
            return ""
        number = self._numbers.get(key) or crypto.decrypt(ciphertext)
        self._numbers[key] = number
        if self.scope is not None and self.scope.covers_village(village):
            self.revealed_members.add(key)
            return number
        return mask_pid(number)


def _now_text() -> str:
    now = dt.datetime.now(clock.VIETNAM)
    return f"{now:%H:%M} ngày {now:%d/%m/%Y}"


def footer(user: User, purpose: str) -> list[str]:
    """Who took the file, when and why (data-protection.md §5.5)."""
    return [f"Người xuất: {user.full_name} ({user.username}), lúc {_now_text()}. Mục đích: {purpose}."]


def header_lines(communes: set[int]) -> list[str]:
    if len(communes) == 1:
        commune = db.session.get(AdminUnit, next(iter(communes)))
        if commune is not None:
            return list(agency(commune).name_lines)
    return []


def birth_value(member: Member | None) -> dt.date | int | None:
    if member is None:
        return None
    return member.birth_date.year if member.birth_date_precision == "year" else member.birth_date


def file_name(stem: str) -> str:
    return f"{stem}-{clock.today():%Y%m%d}.xlsx"


# Who the row is about, as every household list starts (the code lets an edited export import back).
HOUSEHOLD_IDENTITY_COLUMNS = [
    Column("stt", "STT", "int", width=6),
    Column("household_code", "Mã hộ", width=12),
    Column("head", "Họ và tên chủ hộ", width=28),
    Column("head_birth", "Ngày sinh chủ hộ", "date", width=12),
    Column("head_pid", "Số định danh chủ hộ", "id", width=16),
    Column("village", "Thôn", width=18),
]

CASE_COLUMNS = [
    Column("stt", "STT", "int", width=6),
    Column("case", "Hồ sơ", width=9),
    Column("head", "Họ và tên chủ hộ", width=28),
    Column("head_birth", "Ngày sinh chủ hộ", "date", width=12),
    Column("head_pid", "Số định danh chủ hộ", "id", width=16),
    Column("village", "Thôn", width=18),
    Column("members", "Số nhân khẩu", "int", width=9),
    Column("origin", "Nguồn", width=16),
    Column("state", "Trạng thái", width=24),
    Column("result", "Kết quả rà soát", width=18),
    Column("deadline", "Hạn xử lý", "date", width=12),
]


def _case_rows(cases: Iterable[Any], reveal: IdReveal, communes: set[int]) -> list[dict[str, Any]]:
    rows = []
    for number, case in enumerate(cases, start=1):
        household = case.household
        communes.add(household.village.commune_id)
        head = household.head
        rows.append(
            {
                "stt": number,
                "case": f"#{case.id}",
                "head": head.full_name if head else "",
                "head_birth": birth_value(head),
                "head_pid": reveal.text(head, household) if head else "",
                "village": household.village.name,
                "members": len(household.members),
                "origin": ORIGIN_TEXT.get(case.origin, ORIGIN_TEXT["existing"]),
                "state": str(STATE_LABELS.get(case.state, case.state)),
                "result": CLASS_TEXT.get(case.final_class or case.provisional_class or "", ""),
                "deadline": case.deadline,
            }
        )
    return rows


def export_queue(user: User, *, purpose: str, full_ids: bool) -> Export:
    """The work queue: the cases waiting on one of the user's roles."""
    reveal = IdReveal(user, full_ids)
    communes: set[int] = set()
    rows = _case_rows((item.case for item in case_queries.work_queue(user, limit=10_000)), reveal, communes)
    sheet = Sheet(
        title="DANH SÁCH HỒ SƠ CẦN XỬ LÝ",
        subtitles=[f"Đến ngày {clock.today():%d/%m/%Y}"],
        header_lines=header_lines(communes),
        columns=CASE_COLUMNS,
        rows=rows,
        footer_lines=footer(user, purpose),
        tab="Việc cần làm",
    )
    return Export(file_name("ho-so-can-xu-ly"), write_workbook([sheet]), len(rows), {"communes": sorted(communes)})


def export_run(user: User, run: ReviewRun, *, purpose: str, full_ids: bool) -> Export:
    """A campaign's (or monthly cycle's) review list: every case of the run the user may see."""
    reveal = IdReveal(user, full_ids)
    cases = (
        replica.session()
        .execute(case_queries.cases_in_scope(user, run=run).order_by(Household.head_sort_key))
        .scalars()
    )
    communes: set[int] = {run.commune_id}
    rows = _case_rows(cases, reveal, communes)
    period = f"tháng {run.period_month}/{run.period_year}" if run.period_month else f"năm {run.period_year}"
    sheet = Sheet(
        title="DANH SÁCH HỘ GIA ĐÌNH CẦN RÀ SOÁT",
        subtitles=[f"Đợt rà soát {period} – {run.commune.name}"],
        header_lines=header_lines({run.commune_id}),
        columns=CASE_COLUMNS,
        rows=rows,
        footer_lines=footer(user, purpose),
        tab="Danh sách rà soát",
    )
    return Export(
        file_name(f"danh-sach-ra-soat-{run.period_year}"),
        write_workbook([sheet]),
        len(rows),
        {"run_id": run.id, "communes": sorted(communes)},
    )


# ---------------------------------------------------------------- recognised lists

RECOGNISED_COLUMNS = [
    *HOUSEHOLD_IDENTITY_COLUMNS,
    Column("members", "Số nhân khẩu", "int", width=9),
    Column("class", "Phân loại", width=16),
    Column("movement", "Diễn biến", width=18),
]
MOVEMENT_TEXT = {
    "new_poor": "Nghèo phát sinh",
    "re_poor": "Tái nghèo",
    "existing_poor": "Nghèo cũ",
    "poor_to_near_poor": "Từ nghèo sang cận nghèo",
    "near_poor_to_poor": "Từ cận nghèo sang nghèo",
    "new_near_poor": "Cận nghèo phát sinh",
    "existing_near_poor": "Cận nghèo cũ",
    "exited_poor": "Thoát nghèo",
    "exited_near_poor": "Thoát cận nghèo",
}


def recognised_years(user: User) -> list[int]:
    scope = household_scope(user, Permission.HOUSEHOLD_VIEW)
    statement = (
        select(HouseholdStatus.year)
        .join(Household, Household.id == HouseholdStatus.household_id)
        .where(scope.household_filter())
        .distinct()
        .order_by(HouseholdStatus.year.desc())
    )
    return list(replica.session().execute(statement).scalars())


def recognised_statuses(scope: Scope, year: int, classes: Iterable[str]) -> list[tuple[HouseholdStatus, Household]]:
    statement = (
        select(HouseholdStatus, Household)
        .join(Household, Household.id == HouseholdStatus.household_id)
        .join(Village, Village.id == Household.village_id)
        .where(scope.household_filter(), HouseholdStatus.year == year, HouseholdStatus.household_class.in_(classes))
        .options(selectinload(Household.members).joinedload(Member.ethnicity))
        .order_by(HouseholdStatus.household_class.desc(), Village.name, Household.head_sort_key, Household.id)
    )
    return [(status, household) for status, household in replica.session().execute(statement).unique().all()]


def export_recognised(user: User, *, year: int, household_class: str, purpose: str, full_ids: bool) -> Export:
    """The poor or near-poor list of a year as recognised (HouseholdStatus), one sheet per class."""
    classes = RECOGNISED_CLASSES if household_class == "all" else (household_class,)
    scope = household_scope(user, Permission.HOUSEHOLD_VIEW)
    reveal = IdReveal(user, full_ids)
    communes: set[int] = set()
    by_class: dict[str, list[dict[str, Any]]] = {c: [] for c in classes}
    for status, household in recognised_statuses(scope, year, classes):
        communes.add(household.village.commune_id)
        head = household.head
        rows = by_class[status.household_class]
        rows.append(
            {
                "stt": len(rows) + 1,
                "household_code": cols.household_code(household.id),
                "head": head.full_name if head else "",
                "head_birth": birth_value(head),
                "head_pid": reveal.text(head, household) if head else "",
                "village": household.village.name,
                "members": len(household.members),
                "class": CLASS_TEXT.get(status.household_class, status.household_class),
                "movement": MOVEMENT_TEXT.get(status.movement or "", status.movement or ""),
            }
        )
    header = header_lines(communes)
    sheets = [
        Sheet(
            title=f"DANH SÁCH {CLASS_TEXT[c].upper()} NĂM {year}",
            subtitles=["Theo quyết định công nhận của Chủ tịch UBND cấp xã"],
            header_lines=header,
            columns=RECOGNISED_COLUMNS,
            rows=rows,
            footer_lines=footer(user, purpose),
            tab=CLASS_TEXT[c],
        )
        for c, rows in by_class.items()
    ]
    total = sum(len(rows) for rows in by_class.values())
    stem = {"poor": "ho-ngheo", "near_poor": "ho-can-ngheo"}.get(household_class, "ho-ngheo-can-ngheo")
    return Export(
        file_name(f"{stem}-{year}"),
        write_workbook(sheets),
        total,
        {"year": year, "class": household_class, "communes": sorted(communes)},
    )


Builder = Callable[..., Export]
