"""The public posting: its notice with the public list, complaint records, re-check records (§13.2-13.3)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, time
from typing import Any

from casework.documents.context.formatting import (
    clock,
    legal_basis_lines,
    recipient_lines,
    two_digit,
    village_text,
    vn_date,
)
from casework.documents.context.labels import CHANNELS, COMPLAINT_TYPES, RECHECK_CONCLUSIONS
from casework.documents.context.pieces import (
    PUBLIC_COLUMNS,
    PUBLIC_COLUMNS_WITH_BIRTH_YEAR,
    count_rows,
    document,
    public_rows,
    section,
)
from casework.documents.context.values import ClassCount, Context, HouseholdRow, Issue, RecheckValues, Signer
from casework.formatting import number
from casework.vocabulary import CLASS_LABELS


def posting_period(start: date, end: date, working_days: int, *, first_day_counts: bool) -> str:
    """The posting's period as the notice prints it, e.g. "từ ngày 05 tháng 10 năm 2026 đến hết ngày 07
    tháng 10 năm 2026 (03 ngày làm việc)": the days from the first to the last read as the count, or
    the count says the first day is not among them."""
    counted = f"{two_digit(working_days)} ngày làm việc"
    if not first_day_counts:
        counted += ", không kể ngày bắt đầu niêm yết"
    return f"từ {vn_date(start)} đến hết {vn_date(end)} ({counted})"


def posting_notice(
    issue: Issue,
    *,
    period_label: str,
    commune: str,
    legal_bases: Sequence[str],
    counts: Sequence[ClassCount],
    households: Sequence[HouseholdRow],
    places: Sequence[str],
    posting_start: date,
    posting_end: date,
    working_days: int,
    complaint_contact: str,
    signer: Signer,
    recipients: Sequence[str],
    archive: str,
    show_birth_year: bool = False,
    commune_kind: str = "xã",
    first_day_counts: bool,
    standard: str = "",
) -> Context:
    """Thông báo niêm yết công khai with the public list annexed, minimum fields only; `standard` is
    the title of the poverty standard the results were classified under.

    `first_day_counts`: whether the posting's first day is one of its working days, as the
    posting's end was computed; when it is not, the period says so, so that it reads as it counts.
    """
    columns = PUBLIC_COLUMNS_WITH_BIRTH_YEAR if show_birth_year else PUBLIC_COLUMNS
    annex = section(
        columns,
        public_rows(households, show_birth_year=show_birth_year),
        heading="Phụ lục",
        title=f"DANH SÁCH KẾT QUẢ RÀ SOÁT HỘ NGHÈO, HỘ CẬN NGHÈO {period_label.upper()}",
        reference=f"(Kèm theo Thông báo {issue.reference()} của Ủy ban nhân dân {commune_kind} {commune})",
        total_label=f"Tổng cộng: {number(len(households))} hộ",
    )
    return document(
        "posting_notice",
        issue,
        title="THÔNG BÁO",
        summary=f"Về việc niêm yết công khai kết quả rà soát hộ nghèo, hộ cận nghèo {period_label}",
        standard_line=f"Chuẩn nghèo áp dụng: {standard}" if standard else "",
        legal_bases=legal_basis_lines(legal_bases),
        agency_name=f"Ủy ban nhân dân {commune_kind} {commune}",
        period_label=period_label,
        counts=count_rows(counts),
        places=list(places),
        posting_start=posting_start.isoformat(),
        posting_end=posting_end.isoformat(),
        posting_period=posting_period(posting_start, posting_end, working_days, first_day_counts=first_day_counts),
        complaint_contact=complaint_contact,
        complaint_deadline=vn_date(posting_end),
        signature=signer.as_dict(),
        recipients=recipient_lines(recipients, archive),
        annexes=[annex],
    )


def complaint_record(
    issue: Issue,
    *,
    period_label: str,
    complaint_id: str,
    received_on: date,
    received_time: time,
    channel: str,
    complainant: str | None,
    complainant_contact: str,
    household: HouseholdRow,
    complaint_type: str,
    content: str,
    recheck_deadline: date,
    receiver: str,
) -> Context:
    """Biên bản tiếp nhận ý kiến phản ánh during posting; the complainant may stay anonymous."""
    return document(
        "complaint_record",
        issue,
        title="BIÊN BẢN",
        summary=f"Tiếp nhận ý kiến phản ánh về kết quả rà soát hộ nghèo, hộ cận nghèo {period_label}",
        complaint_id=complaint_id,
        received_on=received_on.isoformat(),
        received_line=f"{clock(received_time)}, {vn_date(received_on)}",
        channel=CHANNELS.get(channel, channel),
        complainant=complainant or "Không công khai danh tính (theo đề nghị của người phản ánh)",
        complainant_contact=complainant_contact if complainant else "",
        household={
            "head_name": household.head_name,
            "village": household.village,
            "village_text": village_text(household.village),
            "classification": CLASS_LABELS[household.classification],
        },
        complaint_type=COMPLAINT_TYPES[complaint_type],
        content=content,
        recheck_deadline=recheck_deadline.isoformat(),
        recheck_deadline_line=vn_date(recheck_deadline),
        signatures=[
            {"lines": ["NGƯỜI PHẢN ÁNH"], "hint": "(Ký, ghi rõ họ tên)", "name": complainant or ""},
            {"lines": ["NGƯỜI TIẾP NHẬN"], "hint": "(Ký, ghi rõ họ tên)", "name": receiver},
        ],
    )


def recheck_record(
    issue: Issue,
    *,
    period_label: str,
    complaint_id: str,
    household: HouseholdRow,
    team: Sequence[tuple[str, str]],
    dates: Sequence[date],
    method: str,
    before: RecheckValues,
    after: RecheckValues,
    conclusion: str,
    conclusion_text: str,
) -> Context:
    """Biên bản phúc tra: old and new B1 / B2 / deprivations / class; team and household sign."""

    def values(v: RecheckValues) -> dict[str, Any]:
        return {
            "score_b1": "" if v.score_b1 is None else str(v.score_b1),
            "score_b2": "" if v.score_b2 is None else str(v.score_b2),
            "deprivations": ", ".join(v.deprivations) or "Không",
            "classification": CLASS_LABELS[v.classification],
        }

    return document(
        "recheck_record",
        issue,
        title="BIÊN BẢN PHÚC TRA",
        summary=f"Kết quả rà soát hộ nghèo, hộ cận nghèo {period_label}",
        complaint_id=complaint_id,
        household={
            "head_name": household.head_name,
            "village": household.village,
            "village_text": village_text(household.village),
        },
        team=[{"name": name, "position": position} for name, position in team],
        dates=[vn_date(d) for d in dates],
        method=method,
        before=values(before),
        after=values(after),
        changed=before.classification != after.classification,
        conclusion=RECHECK_CONCLUSIONS[conclusion],
        conclusion_text=conclusion_text,
        signatures=[
            {"lines": ["ĐẠI DIỆN HỘ GIA ĐÌNH"], "hint": "(Ký, ghi rõ họ tên)", "name": household.head_name},
            {"lines": ["TỔ PHÚC TRA", "TỔ TRƯỞNG"], "hint": "(Ký, ghi rõ họ tên)", "name": team[0][0] if team else ""},
        ],
        team_signers=[{"lines": [], "hint": "", "name": name} for name, _ in team[1:]],
    )
