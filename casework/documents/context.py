"""Template contexts of the official documents, built from plain values only.

Every builder takes dataclasses of this module (never ORM rows) and returns a JSON-serialisable
dict: the context is stored beside the issued PDF and must re-render the same document later.
Dates are kept twice, as ISO strings and as the Vietnamese text the document prints; money as
an integer and as text ("1.500.000 đồng").

Layout rules (Nghị định 30/2020) live in templates/documents/base.html; this module decides the
words: number and date lines with their padding rules, signature blocks, "Nơi nhận" punctuation,
appendix reference lines, and which household fields may appear on a public list.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, time
from typing import Any

from casework.documents.qr import qr_code

Context = dict[str, Any]

# The document kinds; each has templates/documents/<kind>/document.html.
KINDS = (
    "request_form",
    "exit_request_form",
    "request_receipt",
    "review_list",
    "survey_record",
    "meeting_minutes",
    "posting_notice",
    "complaint_record",
    "recheck_record",
    "upper_report",
    "upper_approval",
    "recognition_decision",
    "certificate",
    "refusal_letter",
)

CLASS_LABELS = {
    "poor": "Hộ nghèo",
    "near_poor": "Hộ cận nghèo",
    "exited_poor": "Hộ thoát nghèo",
    "exited_near_poor": "Hộ thoát cận nghèo",
    "new_poor": "Hộ nghèo mới phát sinh",
    "new_near_poor": "Hộ cận nghèo mới phát sinh",
    "not_poor": "Hộ không nghèo",
    "average_living_standard": "Hộ có mức sống trung bình",
    "undetermined": "Chưa xác định",
}
# The four lists of a recognition decision, in the order of Điều 1 (procedure.md §12.4).
DECISION_CLASSES = ("poor", "near_poor", "exited_poor", "exited_near_poor")
SEX_CODES = {"male": "1", "female": "2"}
RELATIONSHIPS = {
    "head": "Chủ hộ",
    "spouse": "Vợ/chồng",
    "wife": "Vợ",
    "husband": "Chồng",
    "father": "Bố",
    "mother": "Mẹ",
    "child": "Con",
    "grandparent": "Ông/bà",
    "grandchild": "Cháu",
    "sibling": "Anh/chị/em",
    "child_in_law": "Con dâu/con rể",
    "other": "Khác",
}
ACTIVITY_STATUSES = {"employed": "Có việc làm", "not_employed": "Không có việc làm", "in_school": "Đang đi học"}
CHANNELS = {
    "in_person": "Trực tiếp",
    "post": "Qua dịch vụ bưu chính",
    "online_portal": "Trực tuyến (Cổng dịch vụ công)",
    "via_village_head": "Qua trưởng thôn",
}
REQUEST_TITLES = {
    "poverty_review": "RÀ SOÁT HỘ NGHÈO, HỘ CẬN NGHÈO",
    "average_living_standard": "XÁC ĐỊNH HỘ CÓ MỨC SỐNG TRUNG BÌNH",
    "low_income_worker": "XÁC ĐỊNH NGƯỜI LAO ĐỘNG CÓ THU NHẬP THẤP",
}
REQUEST_FORMS = {
    "poverty_review": "Giấy đề nghị rà soát hộ nghèo, hộ cận nghèo (Mẫu số 01)",
    "average_living_standard": "Giấy đề nghị xác định hộ có mức sống trung bình (Mẫu số 01)",
    "exit_request": "Giấy đề nghị công nhận hộ thoát nghèo, hộ thoát cận nghèo (Mẫu số 04)",
    "low_income_worker": "Giấy đề nghị xác định người lao động có thu nhập thấp",
}
EXIT_REQUESTS = {"exit_poor": "hộ thoát nghèo", "exit_near_poor": "hộ thoát cận nghèo"}
COMPLAINT_TYPES = {
    "exclusion": "Đề nghị đưa hộ gia đình vào danh sách (bị bỏ sót)",
    "inclusion": "Đề nghị đưa hộ gia đình ra khỏi danh sách (không đúng đối tượng)",
    "data_error": "Sai sót thông tin của hộ gia đình",
}
RECHECK_CONCLUSIONS = {
    "upheld": "Ý kiến phản ánh đúng; điều chỉnh kết quả rà soát",
    "rejected": "Ý kiến phản ánh không có cơ sở; giữ nguyên kết quả rà soát",
    "class_changed": "Thay đổi phân loại hộ gia đình",
}
UPPER_OUTCOMES = ("agreed", "agreed_with_changes", "recheck_requested")

# Symbols that documents.md §4 accepts after padding: `^\d{2,}/[A-ZĐ0-9.\-]+$`.
_SYMBOL = re.compile(r"^[A-ZĐ0-9.\-]+$")
# Blanks printed where a draft (or an unsigned form) leaves a value to be written in.
BLANK = "……"


# ---- formatting helpers ------------------------------------------------------------------------


def vn_date(d: date) -> str:
    """'ngày 05 tháng 01 năm 2026': day padded below 10, only months 1 and 2 padded (ND 30 §1.4)."""
    month = f"{d.month:02d}" if d.month <= 2 else str(d.month)
    return f"ngày {d.day:02d} tháng {month} năm {d.year}"


def date_line(place: str, d: date | None) -> str:
    """The place-and-date line (ô 4); blank when the date is not known yet (drafts, forms)."""
    if d is None:
        return f"{place}, ngày {BLANK} tháng {BLANK} năm 20{BLANK}"
    return f"{place}, {vn_date(d)}"


def short_date(d: date | None) -> str:
    """'05/01/2026' for dates inside text and tables (the padding rule concerns the date line)."""
    return d.strftime("%d/%m/%Y") if d else f"{BLANK}/{BLANK}/{BLANK}"


def check_symbol(symbol: str) -> str:
    if not _SYMBOL.match(symbol):
        raise ValueError(f"not a document symbol: {symbol!r}")
    return symbol


def padded_number(number: int) -> str:
    """Numbers below 10 get a leading zero ('05'), so a '5' cannot be turned into '15'."""
    if number < 1:
        raise ValueError("document numbers start at 01")
    return f"{number:02d}"


def number_line(number: int | None, symbol: str) -> str:
    """'Số: 05/QĐ-UBND', or 'Số: ……/QĐ-UBND' while the register has not given a number."""
    check_symbol(symbol)
    return f"Số: {padded_number(number) if number is not None else BLANK}/{symbol}"


def document_reference(number: int | None, symbol: str, d: date | None) -> str:
    """'số 05/QĐ-UBND ngày 05 tháng 01 năm 2026' as an appendix cites its document (blanks when unknown)."""
    shown = padded_number(number) if number is not None else BLANK
    when = vn_date(d) if d else f"ngày {BLANK} tháng {BLANK} năm 20{BLANK}"
    return f"số {shown}/{symbol} {when}"


def format_int(value: int) -> str:
    """Vietnamese digit grouping: 1.500.000."""
    return f"{value:,}".replace(",", ".")


def format_vnd(amount: int) -> str:
    return f"{format_int(amount)} đồng"


def money(amount: int) -> dict[str, Any]:
    return {"amount": amount, "text": format_vnd(amount)}


def format_percent(part: int, whole: int) -> str:
    """'52,4%' with a decimal comma; '0%' for an empty whole."""
    if whole <= 0:
        return "0%"
    return f"{100 * part / whole:.1f}".replace(".", ",") + "%"


def clock(t: time) -> str:
    return f"{t.hour:02d} giờ {t.minute:02d} phút"


def recipient_lines(entries: Sequence[str], archive: str) -> list[str]:
    """'Nơi nhận' entries: '- …;' each, the last '- Lưu: VT, <unit>.' (ND 30 ô 9b)."""
    lines = [f"- {entry.rstrip(' ;.')};" for entry in entries]
    return [*lines, f"- Lưu: {archive.rstrip(' ;.')}."]


def legal_basis_lines(bases: Sequence[str]) -> list[str]:
    """One basis a line, each ending ';' and the last '.' (ND 30 ô 6)."""
    stripped = [basis.rstrip(" ;.") for basis in bases]
    return [f"{text}{'.' if index == len(stripped) - 1 else ';'}" for index, text in enumerate(stripped)]


def two_digit(row_no: int) -> str:
    return f"{row_no:02d}"


def birth_text(value: date | int | None) -> str:
    """A birth date, or a year alone where only the year is known (elderly members)."""
    if value is None:
        return ""
    if isinstance(value, date):
        return short_date(value)
    return str(value)


def birth_year(value: date | int | None) -> int | None:
    if value is None:
        return None
    return value.year if isinstance(value, date) else value


# ---- plain values the builders take ------------------------------------------------------------


@dataclass(frozen=True)
class AgencyHeader:
    """Ô 2: the supervising body (regular) above the issuing body (bold), one list item a line."""

    name_lines: tuple[str, ...]
    place: str
    supervising: tuple[str, ...] = ()

    @classmethod
    def commune(cls, commune: str, *, kind: str = "XÃ") -> AgencyHeader:
        """'ỦY BAN NHÂN DÂN' / 'XÃ LŨNG CÚ': one bold name on two lines; no supervising body."""
        return cls(("ỦY BAN NHÂN DÂN", f"{kind} {commune}".upper()), place=commune)

    @classmethod
    def commune_unit(cls, commune: str, unit_lines: Sequence[str], *, kind: str = "XÃ") -> AgencyHeader:
        """A unit of the commune (its BCĐ, a village) under 'UBND XÃ …'."""
        return cls(
            tuple(line.upper() for line in unit_lines), place=commune, supervising=(f"UBND {kind} {commune}".upper(),)
        )

    def as_dict(self) -> dict[str, Any]:
        return {"supervising": list(self.supervising), "name_lines": list(self.name_lines), "place": self.place}


@dataclass(frozen=True)
class Verification:
    """The short reference and URL printed with a QR code in every page footer (no personal data)."""

    code: str
    url: str

    def as_dict(self) -> dict[str, Any]:
        qr = qr_code(self.url)
        return {"code": self.code, "url": self.url, "qr": {"size": qr.size, "path": qr.path}}


@dataclass(frozen=True)
class Issue:
    """Who issues the document and under which number; drafts leave number and date blank."""

    agency: AgencyHeader
    symbol: str | None = None  # None: a document without an official number (minutes, survey record)
    number: int | None = None
    issued_on: date | None = None
    draft: bool = False
    verification: Verification | None = None
    # ND 30: in electronic appendices the number and date stay unfilled (the agency signature carries them).
    electronic: bool = False

    def __post_init__(self) -> None:
        if self.symbol is not None:
            check_symbol(self.symbol)
        if not self.draft and self.symbol is not None and (self.number is None or self.issued_on is None):
            raise ValueError("a final document needs the number and date from the register; make it a draft")

    @property
    def shown_number(self) -> int | None:
        return None if self.draft else self.number

    @property
    def shown_date(self) -> date | None:
        return None if self.draft else self.issued_on

    def reference(self) -> str:
        """The appendix line's citation of this document; number and date blank when draft or electronic."""
        if self.symbol is None:
            return ""
        hidden = self.draft or self.electronic
        return document_reference(None if hidden else self.number, self.symbol, None if hidden else self.issued_on)


@dataclass(frozen=True)
class Signer:
    """Ô 7: authority and title lines by block (ND 30 §1.5), then the signer's full name."""

    name: str
    block: str = "chairman"
    title: str = ""  # TL./TUQ.: the unit head's title; `plain`: the only line (e.g. "TRƯỞNG THÔN")
    body: str = "ỦY BAN NHÂN DÂN"  # the collective body a TM. block speaks for

    def lines(self) -> list[str]:
        blocks: dict[str, list[str]] = {
            "chairman": ["CHỦ TỊCH"],
            "kt_chairman": ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
            "tm_committee": [f"TM. {self.body}", "CHỦ TỊCH"],
            "tm_committee_kt": [f"TM. {self.body}", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
            "q_chairman": ["Q. CHỦ TỊCH"],
            "tl_chairman": ["TL. CHỦ TỊCH", self.title.upper()],
            "tuq_chairman": ["TUQ. CHỦ TỊCH", self.title.upper()],
            "tm_steering": ["TM. BAN CHỈ ĐẠO", "TRƯỞNG BAN"],
            "plain": [self.title.upper()],
        }
        if self.block not in blocks:
            raise ValueError(f"unknown signature block {self.block!r}")
        lines = blocks[self.block]
        if not all(lines):
            raise ValueError(f"signature block {self.block!r} needs the signer's title")
        return lines

    def as_dict(self, hint: str = "") -> dict[str, Any]:
        return {"lines": self.lines(), "name": self.name, "hint": hint}


@dataclass(frozen=True)
class Person:
    """The applicant or household head as the forms print them."""

    full_name: str
    sex: str  # male / female
    birth_date: date | int | None = None
    ethnicity: str = ""
    id_number: str = ""
    id_issue_date: date | None = None
    id_issuer: str = ""
    permanent_address: str = ""
    current_address: str = ""
    phone: str = ""

    def as_dict(self) -> dict[str, Any]:
        born = self.birth_date if isinstance(self.birth_date, date) else None
        return {
            "full_name": self.full_name,
            "sex": self.sex,
            "sex_code": SEX_CODES[self.sex],
            "honorific": "Ông" if self.sex == "male" else "Bà",
            "birth_date": born.isoformat() if born else None,
            "birth_day": f"{born.day:02d}" if born else BLANK,
            "birth_month": (f"{born.month:02d}" if born.month <= 2 else str(born.month)) if born else BLANK,
            "birth_year": str(birth_year(self.birth_date) or BLANK),
            "ethnicity": self.ethnicity,
            "id_number": self.id_number,
            "id_issue_date": short_date(self.id_issue_date) if self.id_issue_date else "",
            "id_issuer": self.id_issuer,
            "permanent_address": self.permanent_address,
            "current_address": self.current_address or self.permanent_address,
            "phone": self.phone,
        }


@dataclass(frozen=True)
class MemberRow:
    full_name: str
    sex: str
    birth: date | int | None
    relationship: str  # key of RELATIONSHIPS
    activity_status: str = ""  # key of ACTIVITY_STATUSES
    ethnicity: str = ""
    note: str = ""


@dataclass(frozen=True)
class HouseholdRow:
    """One household on a list; which fields a given list may show is decided by its builder."""

    head_name: str
    village: str
    classification: str
    member_count: int | None = None
    head_birth_year: int | None = None
    origin: str = ""  # existing_poor / existing_near_poor / request (review list)
    score_b1: int | None = None
    score_b2: int | None = None
    note: str = ""


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    width: float  # percent of the table width (the table layout is fixed)
    align: str = "left"

    def as_dict(self) -> dict[str, Any]:
        return {"key": self.key, "label": self.label, "width": self.width, "align": self.align}


@dataclass(frozen=True)
class ClassCount:
    classification: str
    households: int
    persons: int


@dataclass(frozen=True)
class AttendeeGroup:
    label: str
    count: int
    names: tuple[str, ...] = ()


@dataclass(frozen=True)
class MeetingVote:
    head_name: str
    proposed_class: str
    agree_count: int
    attendee_count: int
    disagree_count: int | None = None
    abstain_count: int | None = None
    opinion: str = ""

    @property
    def passed(self) -> bool:
        # Consent rule (procedure.md §14.6): at least half of the people attending agree.
        return self.agree_count * 2 >= self.attendee_count


@dataclass(frozen=True)
class IndicatorRow:
    number: int
    dimension: str
    label: str
    deprived: bool
    reason: str = ""
    unverified: bool = False


@dataclass(frozen=True)
class AnswerRow:
    item: str
    answer: str
    points: int | None = None
    unverified: bool = False


@dataclass(frozen=True)
class IncomeRow:
    source: str
    amount: int


@dataclass(frozen=True)
class Endorsement:
    year: int
    classification: str = ""  # poor / near_poor / "" (year not yet reviewed)
    decision: str = ""  # "số 05/QĐ-UBND ngày 05/01/2026"


# ---- shared pieces -----------------------------------------------------------------------------


def _document(kind: str, issue: Issue | None, **content: Any) -> Context:
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


def _verification(verification: Verification | None) -> dict[str, Any] | None:
    return verification.as_dict() if verification else None


def _members(members: Sequence[MemberRow]) -> list[dict[str, Any]]:
    return [
        {
            "no": two_digit(index),
            "full_name": member.full_name,
            "sex_code": SEX_CODES[member.sex],
            "birth": birth_text(member.birth),
            "birth_year_male": str(birth_year(member.birth) or "") if member.sex == "male" else "",
            "birth_year_female": str(birth_year(member.birth) or "") if member.sex == "female" else "",
            "relationship": RELATIONSHIPS.get(member.relationship, member.relationship),
            "activity_status": ACTIVITY_STATUSES.get(member.activity_status, member.activity_status),
            "ethnicity": member.ethnicity,
            "note": member.note,
        }
        for index, member in enumerate(members, start=1)
    ]


def _section(
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


def _numbered(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"no": str(index), **row} for index, row in enumerate(rows, start=1)]


def roman(number: int) -> str:
    numerals = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    text = ""
    for value, letters in numerals:
        while number >= value:
            text += letters
            number -= value
    return text


def _counts(counts: Sequence[ClassCount]) -> list[dict[str, Any]]:
    return [
        {
            "classification": count.classification,
            "label": CLASS_LABELS[count.classification],
            "households": count.households,
            "persons": count.persons,
            "households_text": format_int(count.households),
            "persons_text": format_int(count.persons),
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
    return _numbered(public)


DECISION_COLUMNS = (
    Column("no", "TT", 8, "center"),
    Column("head_name", "Họ và tên chủ hộ", 40),
    Column("village", "Thôn", 24),
    Column("member_count", "Số nhân khẩu", 12, "center"),
    Column("note", "Ghi chú", 16),
)


def _decision_rows(rows: Iterable[HouseholdRow]) -> list[dict[str, Any]]:
    return _numbered(
        {
            "head_name": row.head_name,
            "village": row.village,
            "member_count": str(row.member_count or ""),
            "note": row.note,
        }
        for row in rows
    )


def _class_annexes(
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
            _section(
                DECISION_COLUMNS,
                _decision_rows(rows),
                heading=heading,
                title=f"DANH SÁCH {CLASS_LABELS[classification].upper()} {title_suffix}",
                reference=reference,
                total_label=f"Tổng cộng: {format_int(len(rows))} hộ, "
                f"{format_int(sum(row.member_count or 0 for row in rows))} nhân khẩu",
            )
        )
    return annexes, headings


# ---- 1-2. requests (Mẫu 01, Mẫu 04) ----------------------------------------------------------------


def request_form(
    *,
    request_kind: str,
    commune: str,
    applicant: Person,
    members: Sequence[MemberRow],
    reason: str,
    signed_place: str,
    signed_on: date | None = None,
    commune_kind: str = "xã",
    draft: bool = False,
    verification: Verification | None = None,
) -> Context:
    """Mẫu 01 (QĐ 24/2021) pre-filled for the applicant's wet signature (procedure.md §12.2)."""
    if request_kind not in REQUEST_TITLES:
        raise ValueError(f"unknown request kind {request_kind!r}")
    return {
        **_document("request_form", None),
        "draft": draft,
        "verification": _verification(verification),
        "form_label": "Mẫu số 01",
        "request_kind": request_kind,
        "title": "GIẤY ĐỀ NGHỊ",
        "summary": REQUEST_TITLES[request_kind],
        "addressee": f"Chủ tịch Ủy ban nhân dân {commune_kind} {commune}",
        "applicant": applicant.as_dict(),
        "members": _members(members),
        "reason": reason,
        "signed_date_line": date_line(signed_place, signed_on),
        "signature": {"lines": ["NGƯỜI ĐỀ NGHỊ"], "name": applicant.full_name, "hint": "(Ký, ghi rõ họ tên)"},
    }


def exit_request_form(
    *,
    commune: str,
    applicant: Person,
    members: Sequence[MemberRow],
    requested_exit: str,
    reason: str,
    signed_place: str,
    signed_on: date | None = None,
    commune_kind: str = "xã",
    draft: bool = False,
    verification: Verification | None = None,
) -> Context:
    """Mẫu 04: request to be recognised as exiting poverty or near-poverty (§12.3)."""
    if requested_exit not in EXIT_REQUESTS:
        raise ValueError(f"unknown exit request {requested_exit!r}")
    return {
        **_document("exit_request_form", None),
        "draft": draft,
        "verification": _verification(verification),
        "form_label": "Mẫu số 04",
        "title": "GIẤY ĐỀ NGHỊ",
        "summary": "CÔNG NHẬN HỘ THOÁT NGHÈO, HỘ THOÁT CẬN NGHÈO",
        "addressee": f"Chủ tịch Ủy ban nhân dân {commune_kind} {commune}",
        "applicant": applicant.as_dict(),
        "members": _members(members),
        "requested_exit": requested_exit,
        "requested_exit_label": EXIT_REQUESTS[requested_exit],
        "commune_name": f"{commune_kind} {commune}",
        "reason": reason,
        "signed_date_line": date_line(signed_place, signed_on),
        "signature": {"lines": ["NGƯỜI ĐỀ NGHỊ"], "name": applicant.full_name, "hint": "(Ký, ghi rõ họ tên)"},
    }


# ---- 3. intake receipt ----------------------------------------------------------------------------

PROCESSING_NOTICE_VERSION = "2026-01"
PROCESSING_NOTICE = (
    "Dữ liệu được thu thập: thông tin nhân thân, cư trú, thành viên hộ gia đình, điều kiện sống, "
    "thu nhập và các chỉ số thiếu hụt của hộ.",
    "Mục đích: rà soát, phân loại và công nhận hộ nghèo, hộ cận nghèo, hộ có mức sống trung bình "
    "theo Nghị định số 07/2021/NĐ-CP, Nghị định số 351/2025/NĐ-CP và Quyết định số 24/2021/QĐ-TTg; "
    "cơ quan nhà nước xử lý theo nhiệm vụ luật định nên không cần sự đồng ý của người được thu thập dữ liệu.",
    "Người được xem: Ban Chỉ đạo rà soát và Ủy ban nhân dân xã, cơ quan cấp trên có thẩm quyền. "
    "Danh sách niêm yết công khai chỉ ghi họ tên chủ hộ, thôn và kết quả phân loại; không công khai "
    "số định danh, dân tộc, thu nhập, sức khỏe.",
    "Quyền của ông/bà: được biết, được xem, được yêu cầu chỉnh sửa dữ liệu của mình, được khiếu nại; "
    "liên hệ Bộ phận tiếp nhận và trả kết quả của Ủy ban nhân dân xã.",
)


def request_receipt(
    issue: Issue,
    *,
    applicant: Person,
    request_kind: str,
    channel: str,
    received_at: date,
    received_time: time,
    promised_on: date,
    processing_days: str,
    receiver: str,
    case_code: str,
    documents: Sequence[str] = (),
    register_book: str = "",
) -> Context:
    """One-stop receipt with the promised return date and the personal-data notice (§13.5)."""
    form = REQUEST_FORMS[request_kind]
    return _document(
        "request_receipt",
        issue,
        title="GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        case_code=case_code,
        applicant=applicant.as_dict(),
        request_label=form.split(" (")[0],
        channel=CHANNELS[channel],
        documents=list(documents) or [f"{form}: 01 bản chính"],
        processing_days=processing_days,
        received_at=received_at.isoformat(),
        received_line=f"{clock(received_time)}, {vn_date(received_at)}",
        promised_on=promised_on.isoformat(),
        promised_line=vn_date(promised_on),
        register_book=register_book,
        notice=list(PROCESSING_NOTICE),
        notice_version=PROCESSING_NOTICE_VERSION,
        receiver=receiver,
        signatures=[
            {"lines": ["NGƯỜI NỘP HỒ SƠ"], "hint": "(Ký và ghi rõ họ tên)", "name": applicant.full_name},
            {"lines": ["NGƯỜI TIẾP NHẬN HỒ SƠ"], "hint": "(Ký và ghi rõ họ tên)", "name": receiver},
        ],
    )


# ---- 4. review list (Phụ lục I, TT 07/2021) ----------------------------------------------------------

ORIGINS = {
    "existing_poor": "Hộ nghèo đang quản lý",
    "existing_near_poor": "Hộ cận nghèo đang quản lý",
    "request": "Hộ có giấy đề nghị",
}
REVIEW_COLUMNS = (
    Column("no", "TT", 7, "center"),
    Column("head_name", "Họ và tên chủ hộ", 33),
    Column("village", "Thôn", 18),
    Column("member_count", "Số thành viên", 10, "center"),
    Column("origin", "Diện rà soát", 20),
    Column("note", "Ghi chú", 12),
)


def review_list(
    issue: Issue,
    *,
    year: int,
    commune: str,
    villages: dict[str, Sequence[HouseholdRow]],
    signer: Signer,
    compiler: Signer | None = None,
    commune_kind: str = "xã",
) -> Context:
    """Danh sách hộ gia đình cần rà soát: one village, or the commune with one section a village."""
    scope = "village" if len(villages) == 1 else "commune"
    sections = []
    number = 0
    for village, rows in villages.items():
        numbered = []
        for row in rows:
            number += 1
            numbered.append(
                {
                    "no": str(number),
                    "head_name": row.head_name,
                    "village": row.village,
                    "member_count": str(row.member_count or ""),
                    "origin": ORIGINS.get(row.origin, row.origin),
                    "note": row.note,
                }
            )
        sections.append(
            _section(
                REVIEW_COLUMNS,
                numbered,
                title=f"Thôn {village}" if scope == "commune" else "",
                total_label=f"Cộng thôn {village}: {format_int(len(rows))} hộ",
            )
        )
    place = (
        f"thôn {next(iter(villages))}, {commune_kind} {commune}" if scope == "village" else f"{commune_kind} {commune}"
    )
    total = sum(len(rows) for rows in villages.values())
    return _document(
        "review_list",
        issue,
        form_label="Phụ lục I",
        form_reference="(Kèm theo Thông tư số 07/2021/TT-BLĐTBXH ngày 18 tháng 7 năm 2021 của Bộ trưởng "
        "Bộ Lao động - Thương binh và Xã hội)",
        title="DANH SÁCH HỘ GIA ĐÌNH CẦN RÀ SOÁT",
        summary=f"Năm {year} - {place[0].upper()}{place[1:]}",
        scope=scope,
        year=year,
        sections=sections,
        grand_total=f"Tổng cộng toàn {commune_kind}: {format_int(total)} hộ" if scope == "commune" else "",
        total_households=total,
        signature=signer.as_dict(),
        compiler=compiler.as_dict("(Ký, ghi rõ họ tên)") if compiler else None,
    )


# ---- 5. survey record (Phiếu A / B / C result) ---------------------------------------------------------

PHIEU_A_RESULTS = {
    "continue_to_b": "Đủ điều kiện rà soát bằng Phiếu B",
    "stop_not_poor": "Dừng rà soát: không thuộc diện hộ nghèo, hộ cận nghèo",
}


@dataclass(frozen=True)
class SurveyResult:
    classification: str
    reasons: tuple[str, ...]
    rule_set_id: str
    rule_set_version: str
    phieu_a_result: str | None = None
    phieu_a_criteria: tuple[str, ...] = ()
    answers: tuple[AnswerRow, ...] = ()
    score_b1: int | None = None
    b1_threshold: int | None = None
    indicators: tuple[IndicatorRow, ...] = ()
    income: tuple[IncomeRow, ...] = ()
    income_per_capita_month: int | None = None
    unverified_items: tuple[str, ...] = ()


def survey_record(
    issue: Issue,
    *,
    year: int,
    head: Person,
    village: str,
    member_count: int,
    area_label: str,
    region: str,
    surveyed_on: date,
    reviewer: str,
    result: SurveyResult,
) -> Context:
    """The survey sheet of one household: Phiếu A result, Phiếu B / C answers, indicators, class."""
    deprived = sum(1 for row in result.indicators if row.deprived)
    unverified = list(result.unverified_items) + [
        f"Chỉ số {row.number}. {row.label}" for row in result.indicators if row.unverified
    ]
    return _document(
        "survey_record",
        issue,
        title="PHIẾU KẾT QUẢ RÀ SOÁT HỘ GIA ĐÌNH",
        summary=f"Năm {year}",
        head=head.as_dict(),
        village=village,
        member_count=member_count,
        area_label=area_label,
        region=region,
        surveyed_on=surveyed_on.isoformat(),
        surveyed_line=vn_date(surveyed_on),
        reviewer=reviewer,
        phieu_a={
            "result": PHIEU_A_RESULTS[result.phieu_a_result],
            "criteria": list(result.phieu_a_criteria),
        }
        if result.phieu_a_result
        else None,
        answers=[
            {
                "no": str(index),
                "item": row.item,
                "answer": row.answer,
                "points": "" if row.points is None else str(row.points),
                "unverified": row.unverified,
            }
            for index, row in enumerate(result.answers, start=1)
        ],
        score_b1=result.score_b1,
        b1_threshold=result.b1_threshold,
        indicators=[
            {
                "number": row.number,
                "dimension": row.dimension,
                "label": row.label,
                "deprived": row.deprived,
                "deprived_text": "Có" if row.deprived else "Không",
                "reason": row.reason,
                "unverified": row.unverified,
            }
            for row in result.indicators
        ],
        deprivation_count=deprived,
        score_b2=deprived * 10 if result.indicators else None,
        income=[{"source": row.source, **money(row.amount)} for row in result.income],
        income_total=money(sum(row.amount for row in result.income)) if result.income else None,
        income_per_capita=money(result.income_per_capita_month) if result.income_per_capita_month is not None else None,
        classification=result.classification,
        classification_label=CLASS_LABELS[result.classification],
        reasons=list(result.reasons),
        rule_set_id=result.rule_set_id,
        rule_set_version=result.rule_set_version,
        unverified=unverified,
        signatures=[
            {"lines": ["CHỦ HỘ"], "hint": "(Ký, ghi rõ họ tên)", "name": head.full_name},
            {"lines": ["RÀ SOÁT VIÊN"], "hint": "(Ký, ghi rõ họ tên)", "name": reviewer},
        ],
    )


# ---- 6. village meeting minutes (§13.1) ----------------------------------------------------------------


def _vote_row(index: int, vote: MeetingVote) -> dict[str, Any]:
    return {
        "no": str(index),
        "head_name": vote.head_name,
        "proposed": CLASS_LABELS[vote.proposed_class],
        "agree": f"{vote.agree_count}/{vote.attendee_count}",
        "agree_count": vote.agree_count,
        "attendees": vote.attendee_count,
        "percent": format_percent(vote.agree_count, vote.attendee_count),
        "disagree": "" if vote.disagree_count is None else str(vote.disagree_count),
        "abstain": "" if vote.abstain_count is None else str(vote.abstain_count),
        "result": "Thông qua" if vote.passed else "Không thông qua",
        "passed": vote.passed,
        "opinion": vote.opinion,
    }


def _vote_outcome(rows: list[dict[str, Any]], whole: dict[str, Any] | None) -> tuple[list[str], list[str]]:
    """Households agreed and households sent back to re-survey: one by one, or all by the list vote."""
    names = [row["head_name"] for row in rows]
    if whole is not None:
        return (names, []) if whole["passed"] else ([], names)
    return [row["head_name"] for row in rows if row["passed"]], [row["head_name"] for row in rows if not row["passed"]]


def meeting_minutes(
    issue: Issue,
    *,
    year: int,
    period_label: str,
    commune: str,
    village: str,
    held_on: date,
    started_at: time,
    ended_at: time,
    venue: str,
    chair: str,
    secretary: str,
    attendee_count: int,
    attendees: Sequence[AttendeeGroup],
    supervisors: Sequence[str],
    vote_mode: str,
    votes: Sequence[MeetingVote],
    household_signers: Sequence[str],
    whole_list_vote: MeetingVote | None = None,
    commune_kind: str = "xã",
) -> Context:
    """Biên bản họp dân: attendance by category, one vote per household (or the whole list)."""
    if vote_mode not in ("per_household", "whole_list"):
        raise ValueError(f"unknown vote mode {vote_mode!r}")
    if vote_mode == "whole_list" and whole_list_vote is None:
        raise ValueError("a whole-list vote needs its counts")
    rows = [_vote_row(index, vote) for index, vote in enumerate(votes, start=1)]
    whole = _vote_row(0, whole_list_vote) if whole_list_vote is not None else None
    passed, failed = _vote_outcome(rows, whole)
    return _document(
        "meeting_minutes",
        issue,
        date_line=None,  # the minutes state time and place in the opening sentence instead
        title="BIÊN BẢN HỌP DÂN",
        summary=f"Thống nhất kết quả rà soát hộ nghèo, hộ cận nghèo {period_label}",
        year=year,
        opening=f"Hôm nay, vào hồi {clock(started_at)}, {vn_date(held_on)}, tại {venue}, thôn {village}, "
        f"{commune_kind} {commune} tổ chức họp dân thống nhất kết quả rà soát hộ nghèo, hộ cận nghèo {period_label}.",
        held_on=held_on.isoformat(),
        village=village,
        chair=chair,
        secretary=secretary,
        attendee_count=attendee_count,
        attendees=[{"label": g.label, "count": g.count, "names": list(g.names)} for g in attendees],
        supervisors=list(supervisors),
        vote_mode=vote_mode,
        votes=rows,
        whole_list_vote=whole,
        passed=passed,
        failed=failed,
        closing=f"Cuộc họp kết thúc vào hồi {clock(ended_at)} cùng ngày. Biên bản được lập thành 02 bản có giá "
        "trị như nhau: 01 bản lưu tại thôn, 01 bản gửi Ban Chỉ đạo rà soát xã; biên bản đã được đọc lại cho "
        "những người dự họp cùng nghe và nhất trí thông qua.",
        copies=2,
        signatures=[
            {"lines": ["THƯ KÝ"], "hint": "(Ký, ghi rõ họ tên)", "name": secretary},
            {"lines": ["CHỦ TRÌ", "TRƯỞNG THÔN"], "hint": "(Ký, ghi rõ họ tên)", "name": chair},
        ],
        household_signers=list(household_signers),
        supervisor_signature={
            "lines": ["ĐẠI DIỆN ỦY BAN MTTQ VIỆT NAM XÃ"],
            "hint": "(Giám sát)",
            "name": supervisors[0],
        }
        if supervisors
        else None,
    )


# ---- 7. posting notice (§13.2) -----------------------------------------------------------------------


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
) -> Context:
    """Thông báo niêm yết công khai with the public list annexed, minimum fields only."""
    columns = PUBLIC_COLUMNS_WITH_BIRTH_YEAR if show_birth_year else PUBLIC_COLUMNS
    annex = _section(
        columns,
        public_rows(households, show_birth_year=show_birth_year),
        heading="Phụ lục",
        title=f"DANH SÁCH KẾT QUẢ RÀ SOÁT HỘ NGHÈO, HỘ CẬN NGHÈO {period_label.upper()}",
        reference=f"(Kèm theo Thông báo {issue.reference()} của Ủy ban nhân dân {commune_kind} {commune})",
        total_label=f"Tổng cộng: {format_int(len(households))} hộ",
    )
    return _document(
        "posting_notice",
        issue,
        title="THÔNG BÁO",
        summary=f"Về việc niêm yết công khai kết quả rà soát hộ nghèo, hộ cận nghèo {period_label}",
        legal_bases=legal_basis_lines(legal_bases),
        agency_name=f"Ủy ban nhân dân {commune_kind} {commune}",
        period_label=period_label,
        counts=_counts(counts),
        places=list(places),
        posting_start=posting_start.isoformat(),
        posting_end=posting_end.isoformat(),
        posting_period=f"từ {vn_date(posting_start)} đến hết {vn_date(posting_end)} "
        f"({two_digit(working_days)} ngày làm việc)",
        complaint_contact=complaint_contact,
        complaint_deadline=vn_date(posting_end),
        signature=signer.as_dict(),
        recipients=recipient_lines(recipients, archive),
        annexes=[annex],
    )


# ---- 8-9. complaint and re-check records (§13.3) -------------------------------------------------------


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
    return _document(
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


@dataclass(frozen=True)
class RecheckValues:
    score_b1: int | None
    score_b2: int | None
    deprivations: tuple[str, ...]
    classification: str


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

    return _document(
        "recheck_record",
        issue,
        title="BIÊN BẢN PHÚC TRA",
        summary=f"Kết quả rà soát hộ nghèo, hộ cận nghèo {period_label}",
        complaint_id=complaint_id,
        household={"head_name": household.head_name, "village": household.village},
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


# ---- 10. report asking the upper level for its opinion ----------------------------------------------


def upper_report(
    issue: Issue,
    *,
    year: int,
    commune: str,
    upper_level: str,
    addressee: str,
    resident_households: int,
    resident_persons: int,
    counts: Sequence[ClassCount],
    lists: dict[str, Sequence[HouseholdRow]],
    progress: Sequence[str],
    signer: Signer,
    recipients: Sequence[str],
    archive: str,
    commune_kind: str = "xã",
) -> Context:
    """Báo cáo kết quả rà soát và xin ý kiến cấp trên (procedure.md §5 step 5), with the lists."""
    if upper_level not in ("district", "province"):
        raise ValueError("the report goes to the district or the province")
    level_name = "huyện" if upper_level == "district" else "tỉnh"
    rows = _counts(counts)
    for row in rows:
        row["households_rate"] = format_percent(row["households"], resident_households)
    annexes, headings = _class_annexes(
        lists,
        title_suffix=f"NĂM {year + 1}",
        reference=f"(Kèm theo Báo cáo {issue.reference()} của Ủy ban nhân dân {commune_kind} {commune})",
    )
    for row in rows:
        row["annex"] = headings.get(row["classification"], "")
    return _document(
        "upper_report",
        issue,
        title="BÁO CÁO",
        summary=f"Kết quả rà soát hộ nghèo, hộ cận nghèo năm {year} trên địa bàn {commune_kind} {commune}",
        addressee=addressee,
        upper_level=upper_level,
        level_name=level_name,
        agency_name=f"Ủy ban nhân dân {commune_kind} {commune}",
        year=year,
        progress=list(progress),
        resident_households=format_int(resident_households),
        resident_persons=format_int(resident_persons),
        counts=rows,
        signature=signer.as_dict(),
        recipients=recipient_lines(["Như trên", *recipients], archive),
        annexes=annexes,
    )


# ---- 11. the upper level's reply ------------------------------------------------------------------


def upper_approval(
    issue: Issue,
    *,
    year: int,
    upper_level: str,
    upper_unit: str,
    commune: str,
    report_reference: str,
    outcome: str,
    counts: Sequence[ClassCount],
    changes: Sequence[str],
    recheck_households: Sequence[HouseholdRow],
    signer: Signer,
    recipients: Sequence[str],
    archive: str,
    commune_kind: str = "xã",
) -> Context:
    """The district's (legacy) or province's công văn giving its opinion on the commune's results.

    The decision stays the commune chairman's: this letter only agrees, agrees with changes, or asks
    for a re-check of named households (procedure.md §5 step 5).
    """
    if outcome not in UPPER_OUTCOMES:
        raise ValueError(f"unknown outcome {outcome!r}")
    if upper_level not in ("district", "province"):
        raise ValueError("the upper level is the district or the province")
    level_name = "huyện" if upper_level == "district" else "tỉnh"
    return _document(
        "upper_approval",
        issue,
        summary_vv=f"V/v cho ý kiến đối với kết quả rà soát hộ nghèo, hộ cận nghèo năm {year} "
        f"của {commune_kind} {commune}",
        addressee=f"Ủy ban nhân dân {commune_kind} {commune}",
        level_name=level_name,
        upper_name=f"Ủy ban nhân dân {level_name} {upper_unit}",
        commune_name=f"{commune_kind} {commune}",
        commune_chairman=f"Chủ tịch Ủy ban nhân dân {commune_kind} {commune}",
        year=year,
        report_reference=report_reference,
        outcome=outcome,
        counts=_counts(counts),
        changes=list(changes),
        recheck_households=public_rows(recheck_households),
        signature=signer.as_dict(),
        recipients=recipient_lines(["Như trên", *recipients], archive),
    )


# ---- 12. recognition decision (Mẫu 02) -------------------------------------------------------------


def recognition_decision(
    issue: Issue,
    *,
    period_label: str,
    commune: str,
    legal_bases: Sequence[str],
    lists: dict[str, Sequence[HouseholdRow]],
    effective: str,
    implementers: str,
    signer: Signer,
    recipients: Sequence[str],
    archive: str,
    commune_kind: str = "xã",
) -> Context:
    """Mẫu 02: Điều 1 counts with annexed lists, Điều 2 effect, Điều 3 implementation (§12.4)."""
    place = f"{commune_kind} {commune}"
    annexes, headings = _class_annexes(
        lists,
        title_suffix=period_label.upper(),
        reference=f"(Kèm theo Quyết định {issue.reference()} của Chủ tịch Ủy ban nhân dân {place})",
    )
    counts = counts_from_rows(row for rows in lists.values() for row in rows)
    articles = []
    for count in _counts(counts):
        annex = headings.get(count["classification"])
        articles.append(
            {
                **count,
                "text": f"{count['label']}: {count['households_text']} hộ, {count['persons_text']} nhân khẩu"
                + (f" (có danh sách tại {annex} kèm theo)" if annex else ""),
            }
        )
    return _document(
        "recognition_decision",
        issue,
        title="QUYẾT ĐỊNH",
        summary="Về việc công nhận danh sách hộ nghèo, hộ cận nghèo và danh sách hộ thoát nghèo, "
        f"hộ thoát cận nghèo trên địa bàn {place} {period_label}",
        authority=f"CHỦ TỊCH ỦY BAN NHÂN DÂN {place.upper()}",
        legal_bases=legal_basis_lines(legal_bases),
        place=place,
        period_label=period_label,
        articles=articles,
        effective=effective,
        implementers=implementers,
        signature=signer.as_dict(),
        recipients=recipient_lines(recipients, archive),
        annexes=annexes,
    )


# ---- 13. certificate (Mẫu 03) ------------------------------------------------------------------------


def certificate(
    issue: Issue,
    *,
    commune: str,
    legal_bases: Sequence[str],
    head: Person,
    members: Sequence[MemberRow],
    endorsements: Sequence[Endorsement],
    signer: Signer,
    commune_kind: str = "xã",
    table_rows: int = 8,
) -> Context:
    """Mẫu 03: part I members (Nam / Nữ birth-year columns), part II yearly endorsements (§12.5)."""
    rows = _members(members)
    blanks = [
        {
            "no": str(index),
            "full_name": "",
            "ethnicity": "",
            "relationship": "",
            "birth_year_male": "",
            "birth_year_female": "",
            "note": "",
        }
        for index in range(len(rows) + 1, table_rows + 1)
    ]
    for row in rows:
        row["no"] = str(int(row["no"]))
    return _document(
        "certificate",
        issue,
        header={"layout": "agency", **AgencyHeader((f"UBND {commune_kind} {commune}".upper(),), commune).as_dict()},
        title="GIẤY CHỨNG NHẬN HỘ NGHÈO, HỘ CẬN NGHÈO",
        # Mẫu 03 runs its last basis into the certifying sentence, so every listed basis ends ";".
        legal_bases=[f"{basis.rstrip(' ;.')};" for basis in legal_bases],
        certify_line="Căn cứ kết quả rà soát hộ nghèo, hộ cận nghèo hằng năm trên địa bàn, "
        f"Chủ tịch Ủy ban nhân dân {commune_kind} {commune} chứng nhận:",
        head=head.as_dict(),
        members=rows + blanks,
        endorsements=[
            {
                "year": item.year,
                "poor": "X" if item.classification == "poor" else "",
                "near_poor": "X" if item.classification == "near_poor" else "",
                "decision": item.decision,
            }
            for item in endorsements
        ],
        signature=signer.as_dict(),
    )


# ---- 14. written refusal (§13.4) -------------------------------------------------------------------


def refusal_letter(
    issue: Issue,
    *,
    request_kind: str,
    commune: str,
    applicant: Person,
    received_on: date,
    receipt_number: str,
    steps: Sequence[str],
    findings: Sequence[str],
    reasons: Sequence[str],
    conclusion: str,
    rule_set_id: str,
    rule_set_version: str,
    complaint_right: str,
    signer: Signer,
    recipients: Sequence[str],
    archive: str,
    commune_kind: str = "xã",
) -> Context:
    """Công văn trả lời không đủ điều kiện; reasons are mandatory."""
    if not [reason for reason in reasons if reason.strip()]:
        raise ValueError("a refusal states its reasons")
    subjects = {
        "poverty_review": "rà soát hộ nghèo, hộ cận nghèo",
        "average_living_standard": "xác định hộ có mức sống trung bình",
        "exit_request": "công nhận hộ thoát nghèo, hộ thoát cận nghèo",
        "low_income_worker": "xác định người lao động có thu nhập thấp",
    }
    person = applicant.as_dict()
    return _document(
        "refusal_letter",
        issue,
        summary_vv=f"V/v trả lời đề nghị {subjects[request_kind]}",
        addressee=f"{person['honorific']} {applicant.full_name}, {person['current_address']}",
        agency_name=f"Ủy ban nhân dân {commune_kind} {commune}",
        applicant=person,
        request_form=REQUEST_FORMS[request_kind],
        received_line=vn_date(received_on),
        receipt_number=receipt_number,
        steps=list(steps),
        findings=list(findings),
        reasons=list(reasons),
        conclusion=conclusion,
        rule_set_id=rule_set_id,
        rule_set_version=rule_set_version,
        complaint_right=complaint_right,
        signature=signer.as_dict(),
        recipients=recipient_lines(["Như trên", *recipients], archive),
    )


# ---- demo values (tests, bench, the demo commune) -------------------------------------------------

SAMPLE_COMMUNE = "Lũng Cú"
SAMPLE_PROVINCE = "Tuyên Quang"
SAMPLE_VILLAGES = ("Lô Lô Chải", "Thèn Pả", "Lũng Cú", "Séo Lủng", "Lủng Thàng", "Đậu Chúa", "Sính Thầu")
SAMPLE_VERIFICATION = Verification("7Q4K-2M9D", "https://hongheo.example/v/7Q4K-2M9D")
_FAMILY = ("Giàng", "Sùng", "Vàng", "Lò", "Mua", "Ly", "Thào", "Sình", "Hầu", "Lầu", "Phàn", "Chảo")
_MIDDLE_MALE = ("Mí", "Seo", "Văn", "A")
_MIDDLE_FEMALE = ("Thị",)
_GIVEN = ("Lử", "Páo", "Tủa", "Chứ", "Sính", "Giả", "Dính", "Súa", "Mai", "Dí", "Pà", "Chá", "Hờ", "Xúa", "Dũng", "Nhè")
_CLASS_MIX = ("poor", "poor", "near_poor", "near_poor", "near_poor", "exited_poor", "exited_near_poor")

SAMPLE_LEGAL_BASES_2026 = (
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025",
    "Căn cứ Nghị định số 07/2021/NĐ-CP ngày 27 tháng 01 năm 2021 của Chính phủ quy định chuẩn nghèo đa chiều "
    "giai đoạn 2021 - 2025",
    "Căn cứ Quyết định số 24/2021/QĐ-TTg ngày 16 tháng 7 năm 2021 của Thủ tướng Chính phủ quy định quy trình "
    "rà soát hộ nghèo, hộ cận nghèo hằng năm và quy trình xác định hộ làm nông nghiệp, lâm nghiệp, ngư nghiệp "
    "và diêm nghiệp có mức sống trung bình giai đoạn 2022 - 2025",
)


def sample_households(count: int, *, seed: int = 2025, villages: Sequence[str] = SAMPLE_VILLAGES) -> list[HouseholdRow]:
    """Deterministic made-up households (no real people), sorted by village as lists are."""
    rng = random.Random(seed)  # noqa: S311  (made-up names, not security)
    rows = []
    for _ in range(count):
        female = rng.random() < 0.3
        middle = rng.choice(_MIDDLE_FEMALE if female else _MIDDLE_MALE)
        rows.append(
            HouseholdRow(
                head_name=f"{rng.choice(_FAMILY)} {middle} {rng.choice(_GIVEN)}",
                village=rng.choice(villages),
                classification=rng.choice(_CLASS_MIX),
                member_count=rng.randint(1, 9),
                head_birth_year=rng.randint(1945, 2000),
                origin=rng.choice(tuple(ORIGINS)),
            )
        )
    return sorted(rows, key=lambda row: villages.index(row.village))


def _sample_issue(symbol: str | None, number: int | None, issued_on: date | None, *, draft: bool) -> Issue:
    return Issue(
        AgencyHeader.commune(SAMPLE_COMMUNE),
        symbol=symbol,
        number=number,
        issued_on=issued_on,
        draft=draft,
        verification=SAMPLE_VERIFICATION,
    )


def _steering_issue(*, draft: bool, issued_on: date | None) -> Issue:
    return Issue(
        AgencyHeader.commune_unit(SAMPLE_COMMUNE, ("BAN CHỈ ĐẠO RÀ SOÁT", "HỘ NGHÈO, HỘ CẬN NGHÈO")),
        issued_on=issued_on,
        draft=draft,
        verification=SAMPLE_VERIFICATION,
    )


SAMPLE_APPLICANT = Person(
    full_name="Giàng Mí Lử",
    sex="male",
    birth_date=date(1984, 3, 7),
    ethnicity="Mông",
    id_number="002084001234",
    id_issue_date=date(2021, 8, 16),
    id_issuer="Cục Cảnh sát quản lý hành chính về trật tự xã hội",
    permanent_address="Thôn Lô Lô Chải, xã Lũng Cú, tỉnh Tuyên Quang",
    current_address="Thôn Lô Lô Chải, xã Lũng Cú, tỉnh Tuyên Quang",
    phone="0912 345 678",
)
SAMPLE_MEMBERS = (
    MemberRow("Giàng Mí Lử", "male", date(1984, 3, 7), "head", "employed", "Mông"),
    MemberRow("Sùng Thị Mai", "female", date(1987, 11, 20), "wife", "employed", "Mông"),
    MemberRow("Giàng Mí Páo", "male", date(2009, 1, 5), "child", "in_school", "Mông"),
    MemberRow("Giàng Thị Dí", "female", date(2014, 9, 30), "child", "in_school", "Mông"),
    MemberRow("Vàng Thị Súa", "female", 1948, "mother", "not_employed", "Mông", "Chỉ rõ năm sinh"),
)
_CHAIRMAN = Signer("Nguyễn Văn Hùng")
_VICE_CHAIRMAN = Signer("Hoàng Thị Lan", block="kt_chairman")


def _sample_request_form(draft: bool) -> Context:
    return request_form(
        request_kind="poverty_review",
        commune=SAMPLE_COMMUNE,
        applicant=SAMPLE_APPLICANT,
        members=SAMPLE_MEMBERS,
        reason="Gia đình bị lũ quét cuốn trôi nhà ở và 3.000 m² nương ngô tháng 8 năm 2025; chồng bị tai nạn "
        "lao động, không còn khả năng làm việc nặng.",
        signed_place=SAMPLE_COMMUNE,
        signed_on=None if draft else date(2025, 9, 20),
        draft=draft,
        verification=SAMPLE_VERIFICATION,
    )


def _sample_exit_request_form(draft: bool) -> Context:
    return exit_request_form(
        commune=SAMPLE_COMMUNE,
        applicant=SAMPLE_APPLICANT,
        members=SAMPLE_MEMBERS,
        requested_exit="exit_poor",
        reason="Gia đình đã có thu nhập ổn định từ trồng chè và nuôi bò; con trai đã đi làm công nhân có hợp đồng.",
        signed_place=SAMPLE_COMMUNE,
        signed_on=None if draft else date(2026, 2, 9),
        draft=draft,
        verification=SAMPLE_VERIFICATION,
    )


def _sample_request_receipt(draft: bool) -> Context:
    issue = Issue(
        AgencyHeader.commune_unit(SAMPLE_COMMUNE, ("BỘ PHẬN TIẾP NHẬN", "VÀ TRẢ KẾT QUẢ")),
        symbol="TNHS",
        number=None if draft else 125,
        issued_on=None if draft else date(2025, 9, 22),
        draft=draft,
        verification=SAMPLE_VERIFICATION,
    )
    return request_receipt(
        issue,
        applicant=SAMPLE_APPLICANT,
        request_kind="poverty_review",
        channel="in_person",
        received_at=date(2025, 9, 22),
        received_time=time(9, 30),
        promised_on=date(2025, 10, 7),
        processing_days="15 ngày kể từ ngày bắt đầu kỳ rà soát (ngày 15 hằng tháng)",
        receiver="Đỗ Thị Thu Hà",
        case_code="000.00.24.H10-250922-0125",
        register_book="Quyển số 02, số thứ tự 125",
    )


def _sample_review_list(draft: bool) -> Context:
    rows = sample_households(36, seed=11)
    villages = {village: [row for row in rows if row.village == village] for village in SAMPLE_VILLAGES[:3]}
    return review_list(
        _steering_issue(draft=draft, issued_on=None if draft else date(2025, 9, 15)),
        year=2025,
        commune=SAMPLE_COMMUNE,
        villages=villages,
        signer=Signer("Nguyễn Văn Hùng", block="tm_steering"),
        compiler=Signer("Đỗ Thị Thu Hà", block="plain", title="Người lập danh sách"),
    )


SAMPLE_INDICATORS = (
    IndicatorRow(1, "Việc làm", "Việc làm", True, "Chủ hộ làm thuê theo mùa vụ, không có hợp đồng lao động"),
    IndicatorRow(2, "Việc làm", "Người phụ thuộc trong hộ gia đình", False),
    IndicatorRow(3, "Y tế", "Dinh dưỡng", False),
    IndicatorRow(
        4, "Y tế", "Bảo hiểm y tế", True, "Bà Vàng Thị Súa chưa có thẻ bảo hiểm y tế còn hạn", unverified=True
    ),
    IndicatorRow(5, "Giáo dục", "Trình độ giáo dục của người lớn", False),
    IndicatorRow(6, "Giáo dục", "Tình trạng đi học của trẻ em", False),
    IndicatorRow(7, "Nhà ở", "Chất lượng nhà ở", True, "Tường đất, cột gỗ tạp, mái tranh: 3/3 kết cấu không bền chắc"),
    IndicatorRow(8, "Nhà ở", "Diện tích nhà ở bình quân đầu người", True, "30 m² cho 5 người: 6 m²/người (< 8 m²)"),
    IndicatorRow(9, "Nước sinh hoạt và vệ sinh", "Nguồn nước sinh hoạt", False),
    IndicatorRow(10, "Nước sinh hoạt và vệ sinh", "Nhà tiêu hợp vệ sinh", True, "Không có nhà tiêu"),
    IndicatorRow(11, "Thông tin", "Sử dụng dịch vụ viễn thông", False),
    IndicatorRow(12, "Thông tin", "Phương tiện phục vụ tiếp cận thông tin", False),
)


def _sample_survey_record(draft: bool) -> Context:
    result = SurveyResult(
        classification="poor",
        reasons=(
            "Điểm B1 = 118 ≤ 140 (ngưỡng khu vực nông thôn): thu nhập ước tính không vượt chuẩn nghèo",
            "Thiếu hụt 5/12 chỉ số (B2 = 50 ≥ 30): thuộc hộ nghèo",
        ),
        rule_set_id="vn_2022_2025",
        rule_set_version="2025.3",
        phieu_a_result="continue_to_b",
        phieu_a_criteria=("Không có tiêu chí nào thuộc nhóm 1", "1/6 tiêu chí nhóm 2 (có xe máy)"),
        answers=(
            AnswerRow("Số nhân khẩu của hộ", "5 người", 30),
            AnswerRow("Số người phụ thuộc", "3 người", 0),
            AnswerRow("Trình độ giáo dục cao nhất của thành viên", "Tốt nghiệp trung học cơ sở", 10),
            AnswerRow("Loại nhà ở", "Nhà tạm, tường đất", 0),
            AnswerRow("Diện tích nhà ở bình quân", "6 m²/người", 5),
            AnswerRow("Điện năng tiêu thụ bình quân/tháng", "Dưới 25 kWh", 5, unverified=True),
            AnswerRow("Tài sản lâu bền", "01 xe máy", 18),
            AnswerRow("Đất sản xuất", "3.000 m² nương ngô (bị lũ cuốn trôi)", 20),
            AnswerRow("Gia súc", "02 con bò", 30),
        ),
        score_b1=118,
        b1_threshold=140,
        indicators=SAMPLE_INDICATORS,
        unverified_items=("Điện năng tiêu thụ: hộ tự khai, chưa đối chiếu hóa đơn",),
    )
    return survey_record(
        _steering_issue(draft=draft, issued_on=None if draft else date(2025, 10, 3)),
        year=2025,
        head=SAMPLE_APPLICANT,
        village="Lô Lô Chải",
        member_count=5,
        area_label="Nông thôn",
        region="NT2 - Trung du và miền núi phía Bắc",
        surveyed_on=date(2025, 10, 2),
        reviewer="Lò Văn Tủa",
        result=result,
    )


def _sample_meeting_minutes(draft: bool) -> Context:
    issue = Issue(
        AgencyHeader.commune_unit(SAMPLE_COMMUNE, ("THÔN LÔ LÔ CHẢI",)), draft=draft, verification=SAMPLE_VERIFICATION
    )
    votes = (
        MeetingVote("Giàng Mí Lử", "new_poor", 38, 42, 3, 1, "Nhà bị lũ cuốn trôi, đề nghị ưu tiên hỗ trợ nhà ở."),
        MeetingVote("Sùng Thị Chá", "new_near_poor", 30, 42, 8, 4),
        MeetingVote("Vàng Seo Páo", "exited_poor", 40, 42, 2, 0, "Hộ đã có thu nhập ổn định từ trồng chè."),
        MeetingVote("Ly Mí Dính", "exited_near_poor", 17, 42, 20, 5, "Nhiều ý kiến cho rằng hộ vẫn còn khó khăn."),
    )
    return meeting_minutes(
        issue,
        year=2025,
        period_label="năm 2025",
        commune=SAMPLE_COMMUNE,
        village="Lô Lô Chải",
        held_on=date(2025, 10, 15),
        started_at=time(8, 0),
        ended_at=time(10, 30),
        venue="Nhà văn hóa thôn Lô Lô Chải",
        chair="Thào Mí Sính",
        secretary="Lầu Thị Hờ",
        attendee_count=42,
        attendees=(
            AttendeeGroup("Thành viên Ban Chỉ đạo rà soát xã", 2, ("Hoàng Thị Lan", "Phàn Văn Chảo")),
            AttendeeGroup("Công chức phụ trách công tác giảm nghèo xã", 1, ("Đỗ Thị Thu Hà",)),
            AttendeeGroup("Bí thư chi bộ thôn", 1, ("Sình Mí Giả",)),
            AttendeeGroup("Đại diện các đoàn thể thôn", 4),
            AttendeeGroup("Rà soát viên", 2, ("Lò Văn Tủa", "Mua Thị Xúa")),
            AttendeeGroup("Đại diện các hộ gia đình được rà soát", 12),
            AttendeeGroup("Đại diện các hộ gia đình khác trong thôn", 20),
        ),
        supervisors=("Hầu Mí Nhè",),
        vote_mode="per_household",
        votes=votes,
        household_signers=("Giàng Mí Lử", "Sùng Thị Chá", "Vàng Seo Páo", "Ly Mí Dính"),
    )


def _sample_posting_notice(draft: bool) -> Context:
    households = sample_households(40, seed=7)
    return posting_notice(
        _sample_issue("TB-UBND", 88, date(2025, 10, 20), draft=draft),
        period_label="năm 2025",
        commune=SAMPLE_COMMUNE,
        legal_bases=(
            SAMPLE_LEGAL_BASES_2026[2],
            "Căn cứ Kế hoạch số 41/KH-UBND ngày 05 tháng 9 năm 2025 của Ủy ban nhân dân xã Lũng Cú về rà soát hộ "
            "nghèo, hộ cận nghèo năm 2025",
            "Căn cứ biên bản họp dân thống nhất kết quả rà soát của các thôn",
        ),
        counts=counts_from_rows(households),
        households=households,
        places=(
            "Nhà văn hóa các thôn trên địa bàn xã",
            "Trụ sở Ủy ban nhân dân xã Lũng Cú",
            "Thông báo trên hệ thống loa truyền thanh xã",
        ),
        posting_start=date(2025, 10, 21),
        posting_end=date(2025, 10, 23),
        working_days=3,
        complaint_contact="Ban Chỉ đạo rà soát xã (Bộ phận tiếp nhận và trả kết quả, Ủy ban nhân dân xã Lũng Cú; "
        "điện thoại 0219 3861 234)",
        signer=_VICE_CHAIRMAN,
        recipients=("Các thôn trên địa bàn xã", "Ủy ban MTTQ Việt Nam xã", "Ban Chỉ đạo rà soát xã"),
        archive="VT, VHXH",
    )


def _sample_complaint_record(draft: bool) -> Context:
    return complaint_record(
        _steering_issue(draft=draft, issued_on=None if draft else date(2025, 10, 22)),
        period_label="năm 2025",
        complaint_id="KN-2025-007",
        received_on=date(2025, 10, 22),
        received_time=time(14, 15),
        channel="in_person",
        complainant=None,
        complainant_contact="",
        household=HouseholdRow("Ly Mí Dính", "Lô Lô Chải", "exited_near_poor"),
        complaint_type="data_error",
        content="Hộ có 02 con nhỏ chưa được ghi vào danh sách thành viên khi rà soát; diện tích nhà ở bình quân "
        "vì vậy bị tính sai.",
        recheck_deadline=date(2025, 10, 27),
        receiver="Đỗ Thị Thu Hà",
    )


def _sample_recheck_record(draft: bool) -> Context:
    return recheck_record(
        _steering_issue(draft=draft, issued_on=None if draft else date(2025, 10, 24)),
        period_label="năm 2025",
        complaint_id="KN-2025-007",
        household=HouseholdRow("Ly Mí Dính", "Lô Lô Chải", "exited_near_poor"),
        team=(
            ("Hoàng Thị Lan", "Phó Chủ tịch UBND xã"),
            ("Đỗ Thị Thu Hà", "Công chức Văn hóa - Xã hội"),
            ("Thào Mí Sính", "Trưởng thôn Lô Lô Chải"),
        ),
        dates=(date(2025, 10, 24),),
        method="Phúc tra trực tiếp tại hộ gia đình bằng Phiếu B (Thông tư số 07/2021/TT-BLĐTBXH)",
        before=RecheckValues(152, 20, ("Bảo hiểm y tế", "Nhà tiêu hợp vệ sinh"), "not_poor"),
        after=RecheckValues(131, 20, ("Bảo hiểm y tế", "Nhà tiêu hợp vệ sinh"), "near_poor"),
        conclusion="class_changed",
        conclusion_text="Bổ sung 02 thành viên còn thiếu; hộ vẫn thuộc diện hộ cận nghèo, không đủ điều kiện "
        "công nhận thoát cận nghèo.",
    )


def _decision_lists(seed: int, count: int) -> dict[str, list[HouseholdRow]]:
    rows = sample_households(count, seed=seed)
    return {name: [row for row in rows if row.classification == name] for name in DECISION_CLASSES}


def _sample_upper_report(draft: bool) -> Context:
    lists = _decision_lists(3, 60)
    return upper_report(
        _sample_issue("BC-UBND", 112, date(2025, 11, 10), draft=draft),
        year=2025,
        commune=SAMPLE_COMMUNE,
        upper_level="province",
        addressee=f"Ủy ban nhân dân tỉnh {SAMPLE_PROVINCE}",
        resident_households=1864,
        resident_persons=9102,
        counts=counts_from_rows(row for rows in lists.values() for row in rows),
        lists=lists,
        progress=(
            "Ủy ban nhân dân xã ban hành Kế hoạch số 41/KH-UBND ngày 05 tháng 9 năm 2025 và kiện toàn Ban Chỉ đạo "
            "rà soát; tập huấn cho 14 rà soát viên của 7 thôn.",
            "Các thôn tổ chức rà soát từ ngày 01 tháng 10 đến ngày 10 tháng 10 năm 2025, họp dân thống nhất kết quả "
            "từ ngày 13 tháng 10 đến ngày 17 tháng 10 năm 2025; niêm yết công khai 03 ngày làm việc, tiếp nhận "
            "01 ý kiến phản ánh, đã phúc tra và niêm yết lại kết quả.",
        ),
        signer=_CHAIRMAN,
        recipients=("Sở Nông nghiệp và Môi trường tỉnh", "Chủ tịch, các Phó Chủ tịch UBND xã"),
        archive="VT, VHXH",
    )


def _sample_upper_approval(draft: bool, upper_level: str = "province") -> Context:
    unit = SAMPLE_PROVINCE if upper_level == "province" else "Đồng Văn"
    level = "TỈNH" if upper_level == "province" else "HUYỆN"
    lists = _decision_lists(3, 60)
    issue = Issue(
        AgencyHeader(("ỦY BAN NHÂN DÂN", f"{level} {unit.upper()}"), place=unit),
        symbol="UBND-KT",
        number=None if draft else 2315,
        issued_on=None if draft else date(2025, 11, 28),
        draft=draft,
        verification=SAMPLE_VERIFICATION,
    )
    return upper_approval(
        issue,
        year=2025,
        upper_level=upper_level,
        upper_unit=unit,
        commune=SAMPLE_COMMUNE,
        report_reference="Báo cáo số 112/BC-UBND ngày 10/11/2025",
        outcome="agreed_with_changes",
        counts=counts_from_rows(row for rows in lists.values() for row in rows),
        changes=(
            "Đề nghị xã rà soát lại thông tin thành viên của 02 hộ có ý kiến phản ánh trước khi ban hành quyết định.",
        ),
        recheck_households=lists["exited_near_poor"][:2],
        signer=Signer("Trần Quốc Khánh", block="tm_committee_kt"),
        recipients=("Sở Nông nghiệp và Môi trường", "Lưu trữ hồ sơ giảm nghèo"),
        archive="VT, KT",
    )


def _sample_recognition_decision(draft: bool) -> Context:
    return recognition_decision(
        _sample_issue("QĐ-UBND", 5, date(2025, 12, 12), draft=draft),
        period_label="năm 2026",
        commune=SAMPLE_COMMUNE,
        legal_bases=(*SAMPLE_LEGAL_BASES_2026, "Xét đề nghị của Ban Chỉ đạo rà soát hộ nghèo, hộ cận nghèo xã Lũng Cú"),
        lists=_decision_lists(3, 60),
        effective="Quyết định này có hiệu lực kể từ ngày 01 tháng 01 năm 2026.",
        implementers="Văn phòng HĐND và UBND xã, Ban Chỉ đạo rà soát hộ nghèo, hộ cận nghèo xã, Trưởng các thôn "
        "và các hộ gia đình có tên tại Điều 1",
        signer=_CHAIRMAN,
        recipients=("Như Điều 3", "Sở Nông nghiệp và Môi trường tỉnh", "Ủy ban MTTQ Việt Nam xã"),
        archive="VT, VHXH",
    )


def _sample_certificate(draft: bool) -> Context:
    issue = Issue(
        AgencyHeader.commune(SAMPLE_COMMUNE),
        symbol="GCN-HN.HCN",
        number=None if draft else 7,
        issued_on=None if draft else date(2026, 1, 5),
        draft=draft,
        verification=SAMPLE_VERIFICATION,
    )
    return certificate(
        issue,
        commune=SAMPLE_COMMUNE,
        legal_bases=SAMPLE_LEGAL_BASES_2026[:2],
        head=SAMPLE_APPLICANT,
        members=SAMPLE_MEMBERS,
        endorsements=(
            Endorsement(2026, "poor", "số 05/QĐ-UBND ngày 12/12/2025"),
            Endorsement(2027),
            Endorsement(2028),
            Endorsement(2029),
            Endorsement(2030),
        ),
        signer=_CHAIRMAN,
    )


def _sample_refusal_letter(draft: bool) -> Context:
    applicant = replace_person(SAMPLE_APPLICANT, full_name="Sùng Thị Mai", sex="female")
    return refusal_letter(
        _sample_issue("UBND-VHXH", 214, date(2025, 10, 30), draft=draft),
        request_kind="poverty_review",
        commune=SAMPLE_COMMUNE,
        applicant=applicant,
        received_on=date(2025, 9, 22),
        receipt_number="000.00.24.H10-250922-0126",
        steps=(
            "Ban Chỉ đạo rà soát xã tổ chức rà soát hộ gia đình bà bằng Phiếu A ngày 02/10/2025 và Phiếu B ngày "
            "03/10/2025 trong kỳ rà soát định kỳ năm 2025.",
            "Kết quả được đưa ra họp dân tại thôn Lô Lô Chải ngày 15/10/2025 và niêm yết công khai từ ngày "
            "21/10/2025 đến hết ngày 23/10/2025.",
        ),
        findings=(
            "Điểm B1 của hộ là 162 điểm, cao hơn ngưỡng 140 điểm áp dụng cho khu vực nông thôn.",
            "Hộ thiếu hụt 01/12 chỉ số (nhà tiêu hợp vệ sinh).",
        ),
        reasons=(
            "Thu nhập ước tính của hộ (qua điểm B1) cao hơn chuẩn nghèo khu vực nông thôn 1.500.000 đồng/người/"
            "tháng, nên hộ không thuộc diện hộ nghèo, hộ cận nghèo theo Điều 3 Nghị định số 07/2021/NĐ-CP.",
        ),
        conclusion="Hộ gia đình bà không đủ điều kiện công nhận là hộ nghèo, hộ cận nghèo năm 2026.",
        rule_set_id="vn_2022_2025",
        rule_set_version="2025.3",
        complaint_right="Nếu không đồng ý với nội dung trả lời này, bà có quyền khiếu nại đến Chủ tịch Ủy ban nhân "
        "dân xã Lũng Cú theo quy định của Luật Khiếu nại.",
        signer=_VICE_CHAIRMAN,
        recipients=("Trưởng thôn Lô Lô Chải",),
        archive="VT, VHXH",
    )


def replace_person(person: Person, **changes: Any) -> Person:
    return replace(person, **changes)


_SAMPLES = {
    "request_form": _sample_request_form,
    "exit_request_form": _sample_exit_request_form,
    "request_receipt": _sample_request_receipt,
    "review_list": _sample_review_list,
    "survey_record": _sample_survey_record,
    "meeting_minutes": _sample_meeting_minutes,
    "posting_notice": _sample_posting_notice,
    "complaint_record": _sample_complaint_record,
    "recheck_record": _sample_recheck_record,
    "upper_report": _sample_upper_report,
    "upper_approval": _sample_upper_approval,
    "recognition_decision": _sample_recognition_decision,
    "certificate": _sample_certificate,
    "refusal_letter": _sample_refusal_letter,
}


def sample_context(kind: str, *, draft: bool = False) -> Context:
    """Realistic demo values for `kind` (Xã Lũng Cú, Tỉnh Tuyên Quang; made-up people)."""
    return _SAMPLES[kind](draft)
