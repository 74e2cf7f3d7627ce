"""Plain input of a household save, produced by the form, the demo seeder or an import."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from casework.models import ActivityStatus, IdDocumentType, Relationship, Sex


@dataclass
class MemberData:
    full_name: str
    sex: Sex
    birth_date: dt.date
    relationship_to_head: Relationship
    activity_status: ActivityStatus
    birth_date_precision: str = "day"
    ethnicity_code: str | None = None
    id_document_type: IdDocumentType = IdDocumentType.CCCD
    personal_id: str | None = None  # None keeps the stored number
    personal_id_confirmed: bool = False
    legacy_id_number: str | None = None
    id_issue_date: dt.date | None = None
    id_issuer: str | None = None
    member_id: int | None = None  # the stored member this row edits; None adds one


@dataclass
class HouseholdData:
    village_id: int
    permanent_address: str
    current_address: str
    members: list[MemberData] = field(default_factory=list)
