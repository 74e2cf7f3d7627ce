"""The plain values the builders take: who issues and signs, the people, the rows of the lists.

Builders take these dataclasses, never ORM rows, so that the context they return holds only plain
values and can be stored as JSON beside the issued PDF.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from casework.documents.context.formatting import BLANK, birth_year, check_symbol, document_reference, short_date
from casework.documents.context.labels import SEX_CODES
from casework.documents.qr import qr_code

Context = dict[str, Any]
STEERING_NAME = ("BAN CHỈ ĐẠO RÀ SOÁT", "HỘ NGHÈO, HỘ CẬN NGHÈO")


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

    @classmethod
    def steering(cls, commune: str, *, kind: str = "XÃ") -> AgencyHeader:
        """The commune's review steering committee (BCĐ) under 'UBND XÃ …': its documents sign 'TM. BAN CHỈ ĐẠO'."""
        return cls.commune_unit(commune, STEERING_NAME, kind=kind)

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


# Who a signature block speaks for (documents.md §1.5), and the block each signing role takes: the
# chairman in his own competence (Mẫu 02, Mẫu 03), or the People's Committee as a collective body
# (its reports, notices and letters: "TM. ỦY BAN NHÂN DÂN"); a vice-chairman signs "KT. CHỦ TỊCH".
AUTHORITY_BLOCKS: dict[str, dict[str, str]] = {
    "chairman": {"commune_chairman": "chairman", "vice_chairman": "kt_chairman"},
    "committee": {"commune_chairman": "tm_committee", "vice_chairman": "tm_committee_kt"},
}


@dataclass(frozen=True)
class Signer:
    """Ô 7: authority and title lines by block (ND 30 §1.5), then the signer's full name."""

    name: str
    block: str = "chairman"
    title: str = ""  # TL./TUQ.: the unit head's title; `plain`: the only line (e.g. "TRƯỞNG THÔN")
    body: str = "ỦY BAN NHÂN DÂN"  # the collective body a TM. block speaks for

    @classmethod
    def for_role(cls, name: str, role: str, *, speaks_for: str = "chairman") -> Signer:
        """The block of the signer's role (`Role.value`): a vice-chairman signs "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"."""
        blocks = AUTHORITY_BLOCKS[speaks_for]
        return cls(name, block=blocks.get(role, blocks["commune_chairman"]))

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
    deprivations: str = ""  # the numbers of the deprived indicators: "4, 7, 9"


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
    # The standard as documents name it (rule-set data: "chuẩn nghèo đa chiều giai đoạn … theo Nghị định số …").
    standard_name: str = ""
    rule_set_title: str = ""  # the standard by name; the id is for the record only
    path: str = ""  # "Xếp loại theo: …", which measure classified the household
    income_note: str = ""  # the direct income shown beside B1, for information


@dataclass(frozen=True)
class RecheckValues:
    score_b1: int | None
    score_b2: int | None
    deprivations: tuple[str, ...]
    classification: str
