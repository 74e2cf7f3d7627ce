"""Households and their members, with every field of Mẫu số 01 (procedure.md §12.2).

The personal ID number is stored encrypted, with a keyed blind index beside it for exact
look-ups and duplicate checks (data-protection.md §5.2); see casework/households/crypto.py.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import DDL, Boolean, Date, ForeignKey, Index, Integer, LargeBinary, String, Text, event, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casework.extensions import db
from casework.models.base import UTCDateTime, personal, utcnow, value_enum


class Sex(enum.Enum):
    MALE = "male"
    FEMALE = "female"


class Relationship(enum.Enum):
    HEAD = "head"
    SPOUSE = "spouse"
    PARENT = "parent"
    CHILD = "child"
    GRANDPARENT = "grandparent"
    GRANDCHILD = "grandchild"
    SIBLING = "sibling"
    CHILD_IN_LAW = "child_in_law"
    OTHER = "other"


class ActivityStatus(enum.Enum):
    EMPLOYED = "employed"
    NOT_EMPLOYED = "not_employed"
    IN_SCHOOL = "in_school"


class IdDocumentType(enum.Enum):
    CCCD = "cccd"
    CAN_CUOC = "can_cuoc"
    CMND = "cmnd"
    NONE = "none"


class Ethnicity(db.Model):
    """The 54 ethnic groups with their official codes (data, loaded from casework/data)."""

    __tablename__ = "ethnicities"

    code: Mapped[str] = mapped_column(String(2), primary_key=True)
    name: Mapped[str] = mapped_column(String(60))


class Household(db.Model):
    __tablename__ = "households"

    id: Mapped[int] = mapped_column(primary_key=True, info=personal("none"))
    village_id: Mapped[int] = mapped_column(
        ForeignKey("villages.id"), index=True, info=personal("basic", public_listable=True)
    )
    permanent_address: Mapped[str] = mapped_column(String(300), info=personal("basic"))
    current_address: Mapped[str] = mapped_column(String(300), info=personal("basic"))
    # Derived from the members on every save, so lists can search and sort in the database.
    head_sort_key: Mapped[str] = mapped_column(String(400), default="", info=personal("basic"))
    search_text: Mapped[str] = mapped_column(Text, default="", info=personal("basic"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, info=personal("none"))
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow, info=personal("none"))
    version_id: Mapped[int] = mapped_column(Integer, nullable=False, info=personal("none"))
    # Two people editing one household: the second save fails instead of overwriting the first.
    __mapper_args__ = {"version_id_col": version_id}  # noqa: RUF012 -- read once by SQLAlchemy
    # Search (`search_text LIKE '%key%'`) through a trigram index on PostgreSQL (a plain one on SQLite).
    __table_args__ = (
        Index(
            "ix_households_search_trgm",
            "search_text",
            postgresql_using="gin",
            postgresql_ops={"search_text": "gin_trgm_ops"},
        ),
        # The list's order; on PostgreSQL it carries the village and the search key, so a broad search across
        # a province reads it in order and stops at the page's last match without visiting the table.
        Index(
            "ix_households_list_order",
            "head_sort_key",
            "id",
            postgresql_include=["village_id", "search_text"],
        ),
    )

    village = relationship("Village", lazy="joined")
    members: Mapped[list[Member]] = relationship(
        back_populates="household",
        cascade="all, delete-orphan",
        order_by="Member.position",
        lazy="selectin",
    )

    @property
    def head(self) -> Member | None:
        return next((m for m in self.members if m.relationship_to_head is Relationship.HEAD), None)

    def __repr__(self) -> str:
        return f"<Household {self.id} village={self.village_id}>"


class Member(db.Model):
    __tablename__ = "household_members"
    __table_args__ = (
        # Exactly one head per household is checked by the form; at most one by the database.
        Index(
            "uq_household_members_one_head",
            "household_id",
            unique=True,
            sqlite_where=text("relationship_to_head = 'head'"),
            postgresql_where=text("relationship_to_head = 'head'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True, info=personal("none"))
    household_id: Mapped[int] = mapped_column(
        ForeignKey("households.id", ondelete="CASCADE"), index=True, info=personal("none")
    )
    position: Mapped[int] = mapped_column(Integer, default=0, info=personal("none"))
    full_name: Mapped[str] = mapped_column(String(120), info=personal("basic", public_listable=True))
    name_search_key: Mapped[str] = mapped_column(String(120), index=True, info=personal("basic"))
    sort_key: Mapped[str] = mapped_column(String(400), info=personal("basic"))
    sex: Mapped[Sex] = mapped_column(value_enum(Sex, 8), info=personal("basic"))
    birth_date: Mapped[dt.date] = mapped_column(Date, info=personal("basic"))
    birth_date_precision: Mapped[str] = mapped_column(String(4), default="day", info=personal("basic"))
    ethnicity_code: Mapped[str | None] = mapped_column(ForeignKey("ethnicities.code"), info=personal("sensitive"))
    personal_id_ciphertext: Mapped[bytes | None] = mapped_column(LargeBinary, info=personal("sensitive"))
    personal_id_lookup: Mapped[str | None] = mapped_column(String(64), unique=True, info=personal("sensitive"))
    # The user re-checked a number whose digits disagree with sex or birth year and kept it.
    personal_id_confirmed: Mapped[bool] = mapped_column(Boolean, default=False, info=personal("none"))
    id_document_type: Mapped[IdDocumentType] = mapped_column(
        value_enum(IdDocumentType, 10), default=IdDocumentType.CCCD, info=personal("basic")
    )
    legacy_id_number_ciphertext: Mapped[bytes | None] = mapped_column(LargeBinary, info=personal("sensitive"))
    id_issue_date: Mapped[dt.date | None] = mapped_column(Date, info=personal("basic"))
    id_issuer: Mapped[str | None] = mapped_column(String(120), info=personal("basic"))
    relationship_to_head: Mapped[Relationship] = mapped_column(value_enum(Relationship, 16), info=personal("basic"))
    activity_status: Mapped[ActivityStatus] = mapped_column(value_enum(ActivityStatus, 16), info=personal("basic"))

    household: Mapped[Household] = relationship(back_populates="members")
    ethnicity = relationship("Ethnicity", lazy="joined")

    def __repr__(self) -> str:
        return f"<Member {self.id} household={self.household_id}>"


# The trigram operator class comes with pg_trgm: a schema built with `create_all` (not the migrations) needs
# the extension before the households table's index.
event.listen(
    Household.__table__,
    "before_create",
    DDL("CREATE EXTENSION IF NOT EXISTS pg_trgm").execute_if(dialect="postgresql"),
)
