"""The member-row layout shared by the import template, the household export and the import.

One row per household member; rows with the same "Mã hộ" form one household. An exported
household carries the code ``HGD-<id>`` and each member ``TV-<id>``: re-importing those rows
updates that household (when it lies in the village the rows go to) instead of creating one.
Cell texts are Vietnamese whatever the interface language: the file is a document.
"""

from __future__ import annotations

import re

from casework.exchange.workbook import Column
from casework.models import ActivityStatus, IdDocumentType, Relationship, Sex
from workflow.names import search_key

HOUSEHOLD_PREFIX = "HGD-"
MEMBER_PREFIX = "TV-"
_CODE = re.compile(r"^(HGD|TV)-0*(\d{1,12})$", re.IGNORECASE)

SEX_LABELS = {Sex.MALE: "Nam", Sex.FEMALE: "Nữ"}
RELATIONSHIP_LABELS = {
    Relationship.HEAD: "Chủ hộ",
    Relationship.SPOUSE: "Vợ/chồng",
    Relationship.PARENT: "Bố/mẹ",
    Relationship.CHILD: "Con",
    Relationship.GRANDPARENT: "Ông/bà",
    Relationship.GRANDCHILD: "Cháu",
    Relationship.SIBLING: "Anh/chị/em",
    Relationship.CHILD_IN_LAW: "Con dâu/con rể",
    Relationship.OTHER: "Khác",
}
ACTIVITY_LABELS = {
    ActivityStatus.EMPLOYED: "Có việc làm",
    ActivityStatus.NOT_EMPLOYED: "Không có việc làm",
    ActivityStatus.IN_SCHOOL: "Đang đi học",
}
ID_DOCUMENT_LABELS = {
    IdDocumentType.CCCD: "CCCD",
    IdDocumentType.CAN_CUOC: "Thẻ căn cước",
    IdDocumentType.CMND: "CMND 9 số",
    IdDocumentType.NONE: "Chưa có giấy tờ",
}
YES = "Có"

MEMBER_COLUMNS = [
    Column("stt", "STT", "int", width=6),
    Column("household_code", "Mã hộ", width=12),
    Column("village", "Thôn", width=18),
    Column("permanent_address", "Nơi thường trú", width=30),
    Column("current_address", "Nơi ở hiện tại", width=30),
    Column("full_name", "Họ và tên", width=26),
    Column("sex", "Giới tính", width=9, choices=tuple(SEX_LABELS.values())),
    Column("birth_date", "Ngày sinh", "date", width=12),
    Column("ethnicity", "Dân tộc", width=12),
    Column("relationship", "Quan hệ với chủ hộ", width=16, choices=tuple(RELATIONSHIP_LABELS.values())),
    Column("activity", "Tình trạng việc làm, học tập", width=18, choices=tuple(ACTIVITY_LABELS.values())),
    Column("id_document_type", "Loại giấy tờ", width=14, choices=tuple(ID_DOCUMENT_LABELS.values())),
    Column("personal_id", "Số định danh cá nhân", "id", width=16),
    Column("personal_id_confirmed", "Đã kiểm tra lại số định danh", width=12, choices=(YES,)),
    Column("legacy_id", "Số CMND cũ", "id", width=12),
    Column("id_issue_date", "Ngày cấp", "date", width=12),
    Column("id_issuer", "Nơi cấp", width=20),
    Column("member_code", "Mã thành viên", width=12),
]
REQUIRED_KEYS = ("household_code", "full_name", "sex", "birth_date", "relationship", "activity")
LABEL_OF = {c.key: c.label for c in MEMBER_COLUMNS}


def header_key(text: str) -> str:
    """A heading compared without case, diacritics or spacing ("Ho va ten" finds "Họ và tên")."""
    return search_key(str(text or ""))


KEY_OF_HEADER = {header_key(c.label): c.key for c in MEMBER_COLUMNS}


def choice_lookup(labels: dict, *extra: tuple[str, object]) -> dict[str, object]:  # type: ignore[type-arg]
    """Label, enum value and extra spellings → enum member, compared like headings."""
    table: dict[str, object] = {}
    for member, label in labels.items():
        table[header_key(label)] = member
        table[header_key(member.value)] = member
    for spelling, member in extra:
        table[header_key(spelling)] = member
    return table


SEX_LOOKUP = choice_lookup(SEX_LABELS, ("1", Sex.MALE), ("2", Sex.FEMALE), ("1: Nam", Sex.MALE), ("2: Nữ", Sex.FEMALE))
RELATIONSHIP_LOOKUP = choice_lookup(
    RELATIONSHIP_LABELS,
    ("Vợ", Relationship.SPOUSE),
    ("Chồng", Relationship.SPOUSE),
    ("Bố", Relationship.PARENT),
    ("Mẹ", Relationship.PARENT),
    ("Con dâu", Relationship.CHILD_IN_LAW),
    ("Con rể", Relationship.CHILD_IN_LAW),
)
ACTIVITY_LOOKUP = choice_lookup(ACTIVITY_LABELS)
ID_DOCUMENT_LOOKUP = choice_lookup(
    ID_DOCUMENT_LABELS, ("Căn cước công dân", IdDocumentType.CCCD), ("CMND", IdDocumentType.CMND)
)


def household_code(household_id: int) -> str:
    return f"{HOUSEHOLD_PREFIX}{household_id}"


def member_code(member_id: int) -> str:
    return f"{MEMBER_PREFIX}{member_id}"


def parse_code(text: str, prefix: str) -> int | None:
    """The id in 'HGD-12' / 'TV-7' when the text is such a code with that prefix."""
    match = _CODE.match((text or "").strip())
    if not match or match.group(1).upper() + "-" != prefix:
        return None
    return int(match.group(2))
