"""The parts every document kind shares: the common keys, member tables, lists and their appendices.

Which household fields a list may show is decided here: public lists (posting, upper level) carry
the minimum (data-protection.md §3), decision appendices add the member count and a note.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from casework.documents.context.formatting import (
    birth_text,
    birth_year,
    date_line,
    number_line,
    padded_number,
    roman,
    two_digit,
)
from casework.documents.context.labels import (
    ACTIVITY_STATUSES,
    DECISION_CLASSES,
    RELATIONSHIPS,
    SEX_CODES,
)
from casework.documents.context.values import ClassCount, Column, Context, HouseholdRow, Issue, MemberRow, Verification
from casework.formatting import number
from casework.vocabulary import CLASS_LABELS


def document(kind: str, issue: Issue | None, **content: Any) -> Context:
    """The keys every document has; `content` adds the kind's own."""
    agency = issue.agency if issue else None
    context: Context = {
        "kind": kind,
        "draft": bool(issue and issue.draft),
        "header": {"layout": "agency", **agency.as_dict()} if agency else {"layout": "citizen"},
        "number": None,
        "symbol": None,
        "number_line": None,
        "issued_on": None,
        "date_line": None,
        "summary_vv": None,
        "title": None,
        "summary": None,
        "legal_bases": [],
        "signature": None,
        "recipients": [],
        "verification": issue.verification.as_dict() if issue and issue.verification else None,
        "sections": [],
        "annexes": [],
        # Chunked list rendering (lists.py) turns these off for the parts it renders separately.
        "main_head": True,
        "main_tail": True,
        "page_numbers": "css",
    }
    if issue and issue.symbol:
        shown = issue.shown_number
        context["number"] = padded_number(shown) if shown is not None else None
        context["symbol"] = issue.symbol
        context["number_line"] = number_line(shown, issue.symbol)
    if issue:
        context["issued_on"] = issue.shown_date.isoformat() if issue.shown_date else None
        context["date_line"] = date_line(issue.agency.place, issue.shown_date)
    context.update(content)
    return context


def verification_values(verification: Verification | None) -> dict[str, Any] | None:
    return verification.as_dict() if verification else None


def member_rows(members: Sequence[MemberRow]) -> list[dict[str, Any]]:
    return [
        {
            "no": two_digit(index),
            "full_name": member.full_name,
            "sex_code": SEX_CODES[member.sex],
            "birth": birth_text(member.birth),
            "birth_year_male": str(birth_year(member.birth) or "") if member.sex == "male" else "",
            "birth_year_female": str(birth_year(member.birth) or "") if member.sex == "female" else "",
            "relationship": RELATIONSHIPS.get(member.relationship, ""),
            "activity_status": ACTIVITY_STATUSES.get(member.activity_status, ""),
            "ethnicity": member.ethnicity,
            "note": member.note,
        }
        for index, member in enumerate(members, start=1)
    ]


def section(
    columns: Sequence[Column],
    rows: Iterable[dict[str, Any]],
    *,
    title: str = "",
    subtitle: str = "",
    heading: str = "",
    reference: str = "",
    total_label: str = "",
    empty_text: str = "Không có hộ gia đình nào.",
) -> dict[str, Any]:
    """A list: inline in the body (a village of the review list) or an appendix (Phụ lục …)."""
    return {
        "heading": heading,
        "title": title,
        "subtitle": subtitle,
        "reference": reference,
        "columns": [column.as_dict() for column in columns],
        "rows": list(rows),
        "total_label": total_label,
        "empty_text": empty_text,
        "continued": False,  # set by lists.py on the second and later chunks of a list
        "continues": False,  # set by lists.py on every chunk but the last
    }


def numbered(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"no": str(index), **row} for index, row in enumerate(rows, start=1)]


def count_rows(counts: Sequence[ClassCount]) -> list[dict[str, Any]]:
    return [
        {
            "classification": count.classification,
            "label": CLASS_LABELS[count.classification],
            "households": count.households,
            "persons": count.persons,
            "households_text": number(count.households),
            "persons_text": number(count.persons),
        }
        for count in counts
    ]


def counts_from_rows(rows: Iterable[HouseholdRow], classes: Sequence[str] = DECISION_CLASSES) -> list[ClassCount]:
    """Households and persons per class, in the order given (empty classes kept as zeros)."""
    households = dict.fromkeys(classes, 0)
    persons = dict.fromkeys(classes, 0)
    for row in rows:
        if row.classification in households:
            households[row.classification] += 1
            persons[row.classification] += row.member_count or 0
    return [ClassCount(name, households[name], persons[name]) for name in classes]


# Public lists carry the minimum fields only (data-protection.md §3).
PUBLIC_COLUMNS = (
    Column("no", "TT", 8, "center"),
    Column("head_name", "Họ và tên chủ hộ", 42),
    Column("village", "Thôn", 25),
    Column("classification", "Phân loại", 25),
)
PUBLIC_COLUMNS_WITH_BIRTH_YEAR = (
    Column("no", "TT", 8, "center"),
    Column("head_name", "Họ và tên chủ hộ", 36),
    Column("head_birth_year", "Năm sinh chủ hộ", 12, "center"),
    Column("village", "Thôn", 22),
    Column("classification", "Phân loại", 22),
)


def public_rows(rows: Iterable[HouseholdRow], *, show_birth_year: bool = False) -> list[dict[str, Any]]:
    """Only row number, head's name, village, class, and (opt-in) the head's birth year."""
    public = []
    for row in rows:
        item = {
            "head_name": row.head_name,
            "village": row.village,
            "classification": CLASS_LABELS[row.classification],
        }
        if show_birth_year:
            item["head_birth_year"] = str(row.head_birth_year or "")
        public.append(item)
    return numbered(public)


DECISION_COLUMNS = (
    Column("no", "TT", 8, "center"),
    Column("head_name", "Họ và tên chủ hộ", 40),
    Column("village", "Thôn", 24),
    Column("member_count", "Số nhân khẩu", 12, "center"),
    Column("note", "Ghi chú", 16),
)


def decision_rows(rows: Iterable[HouseholdRow]) -> list[dict[str, Any]]:
    return numbered(
        {
            "head_name": row.head_name,
            "village": row.village,
            "member_count": str(row.member_count or ""),
            "note": row.note,
        }
        for row in rows
    )


def class_annexes(
    lists: dict[str, Sequence[HouseholdRow]], *, title_suffix: str, reference: str
) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """One appendix per non-empty class list, numbered I, II, …; returns them and their headings."""
    annexes: list[dict[str, Any]] = []
    headings: dict[str, str] = {}
    for classification in DECISION_CLASSES:
        rows = lists.get(classification, ())
        if not rows:
            continue
        heading = f"Phụ lục {roman(len(annexes) + 1)}"
        headings[classification] = heading
        annexes.append(
            section(
                DECISION_COLUMNS,
                decision_rows(rows),
                heading=heading,
                title=f"DANH SÁCH {CLASS_LABELS[classification].upper()} {title_suffix}",
                reference=reference,
                total_label=f"Tổng cộng: {number(len(rows))} hộ, "
                f"{number(sum(row.member_count or 0 for row in rows))} nhân khẩu",
            )
        )
    return annexes, headings
