"""People who use the system, their roles in administrative units, and the audit trail."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from flask_login import UserMixin
from sqlalchemy import JSON, BigInteger, Boolean, CheckConstraint, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casework.extensions import db
from casework.models import chain
from casework.models.base import UTCDateTime, personal, utcnow, value_enum


class Role(enum.Enum):
    """System roles (procedure.md §3), each bound to a unit by a RoleAssignment."""

    ADMIN = "admin"
    PROVINCE_VIEWER = "province_viewer"
    UPPER_REVIEWER = "upper_reviewer"  # district official (legacy) or provincial official
    COMMUNE_CHAIRMAN = "commune_chairman"
    VICE_CHAIRMAN = "vice_chairman"
    COMMUNE_STAFF = "commune_staff"
    RECORDS_CLERK = "records_clerk"
    STEERING_MEMBER = "steering_member"
    REVIEWER = "reviewer"
    VILLAGE_HEAD = "village_head"
    FRONT_SUPERVISOR = "front_supervisor"


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True, info=personal("none"))
    username: Mapped[str] = mapped_column(String(64), unique=True, info=personal("basic"))
    full_name: Mapped[str] = mapped_column(String(120), info=personal("basic"))
    password_hash: Mapped[str] = mapped_column(String(255), info=personal("sensitive"))
    active: Mapped[bool] = mapped_column(Boolean, default=True, info=personal("none"))
    locale: Mapped[str | None] = mapped_column(String(8), info=personal("none"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, info=personal("none"))
    password_changed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, info=personal("none"))
    # Part of the signed-in session's id: raising it (sign-out, password change) ends every session.
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0", info=personal("none"))

    assignments: Mapped[list[RoleAssignment]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )

    def get_id(self) -> str:
        """Flask-Login keeps this in the session cookie; a cookie from before the last sign-out or
        password change names an older version and no longer signs anyone in (web.load_user)."""
        return f"{self.id}:{self.session_version}"

    def end_sessions(self) -> None:
        self.session_version = (self.session_version or 0) + 1

    @property
    def is_active(self) -> bool:  # Flask-Login refuses sign-in to inactive users
        return self.active

    @property
    def roles(self) -> set[Role]:
        return {a.role for a in self.assignments}

    def __repr__(self) -> str:
        return f"<User {self.id} {self.username}>"


class RoleAssignment(db.Model):
    """A role held in one unit; a village head's unit is a village, admins hold theirs nationally."""

    __tablename__ = "role_assignments"
    __table_args__ = (
        UniqueConstraint("user_id", "role", "unit_id", "village_id"),
        CheckConstraint(
            "(role = 'admin' AND unit_id IS NULL AND village_id IS NULL)"
            " OR (role = 'village_head' AND village_id IS NOT NULL AND unit_id IS NULL)"
            " OR (role NOT IN ('admin', 'village_head') AND unit_id IS NOT NULL)",
            name="unit_matches_role",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[Role] = mapped_column(value_enum(Role))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("admin_units.id"), index=True)
    village_id: Mapped[int | None] = mapped_column(ForeignKey("villages.id"), index=True)

    user: Mapped[User] = relationship(back_populates="assignments")
    unit = relationship("AdminUnit", lazy="joined")
    village = relationship("Village", lazy="joined")

    def __repr__(self) -> str:
        return f"<RoleAssignment {self.id} {self.role.value} unit={self.unit_id} village={self.village_id}>"


class AuditEntry(db.Model):
    """Append-only log of sign-ins, failed sign-ins and changes to personal data.

    The failed sign-ins recorded here are also what login throttling counts.
    """

    __tablename__ = "audit_entries"
    __table_args__ = (Index("ix_audit_entries_action_subject_at", "action", "subject", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    action: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str] = mapped_column(String(120), default="")
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    remote_addr: Mapped[str | None] = mapped_column(String(64))
    # The hash chain (casework/models/chain.py): stamped on insert, checked by `flask audit verify`.
    chain_seq: Mapped[int] = mapped_column(BigInteger, index=True, unique=True)
    row_hash: Mapped[str] = mapped_column(String(64))
    column_digests: Mapped[dict[str, str]] = mapped_column(JSON)


chain.watch(AuditEntry)
