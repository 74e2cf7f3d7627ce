"""Administrative units (provinces, legacy districts, communes), successions and villages."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casework.extensions import db
from casework.models.base import value_enum


class UnitLevel(enum.Enum):
    PROVINCE = "province"
    DISTRICT = "district"  # legacy: abolished on 1/7/2025
    COMMUNE = "commune"


class AdminUnit(db.Model):
    """One version of an official unit. A code can name two versions (before and after 1/7/2025)."""

    __tablename__ = "admin_units"
    __table_args__ = (
        # One version of a code is in force at a time; closed versions are told apart by end date.
        Index(
            "uq_admin_units_current_code",
            "level",
            "code",
            unique=True,
            sqlite_where=text("effective_to IS NULL"),
            postgresql_where=text("effective_to IS NULL"),
        ),
        Index(
            "uq_admin_units_closed_code",
            "level",
            "code",
            "effective_to",
            unique=True,
            sqlite_where=text("effective_to IS NOT NULL"),
            postgresql_where=text("effective_to IS NOT NULL"),
        ),
        CheckConstraint("area_type IN ('rural', 'urban') OR area_type IS NULL", name="area_type"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    level: Mapped[UnitLevel] = mapped_column(value_enum(UnitLevel, 16))
    code: Mapped[str] = mapped_column(String(5))
    name: Mapped[str] = mapped_column(String(120))
    unit_type: Mapped[str] = mapped_column(String(32))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("admin_units.id"), index=True)
    area_type: Mapped[str | None] = mapped_column(String(8))
    legacy_province_code: Mapped[str | None] = mapped_column(String(2))
    effective_from: Mapped[dt.date | None] = mapped_column(Date)
    effective_to: Mapped[dt.date | None] = mapped_column(Date)
    # A province's procedure settings (procedure.md §14.7), a commune's own over them (its register and
    # letters); campaigns override them in turn.
    settings: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    parent: Mapped[AdminUnit | None] = relationship(remote_side="AdminUnit.id", back_populates="children")
    children: Mapped[list[AdminUnit]] = relationship(back_populates="parent")
    villages: Mapped[list[Village]] = relationship(back_populates="commune")

    @property
    def is_current(self) -> bool:
        return self.effective_to is None

    def __repr__(self) -> str:
        return f"<AdminUnit {self.id} {self.level.value} {self.code} {self.name}>"


class UnitSuccession(db.Model):
    """Old unit -> new unit; many-to-many because an old commune could be split."""

    __tablename__ = "unit_successions"

    id: Mapped[int] = mapped_column(primary_key=True)
    old_unit_id: Mapped[int] = mapped_column(ForeignKey("admin_units.id"), index=True)
    new_unit_id: Mapped[int] = mapped_column(ForeignKey("admin_units.id"), index=True)
    effective_date: Mapped[dt.date] = mapped_column(Date)

    old_unit: Mapped[AdminUnit] = relationship(foreign_keys=[old_unit_id])
    new_unit: Mapped[AdminUnit] = relationship(foreign_keys=[new_unit_id])

    __table_args__ = (db.UniqueConstraint("old_unit_id", "new_unit_id"),)


class Village(db.Model):
    """Thôn, bản, ấp, tổ dân phố...: local data of a commune, not in the national list."""

    __tablename__ = "villages"
    __table_args__ = (
        Index(
            "uq_villages_current_name",
            "commune_id",
            "name",
            unique=True,
            sqlite_where=text("effective_to IS NULL"),
            postgresql_where=text("effective_to IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    commune_id: Mapped[int] = mapped_column(ForeignKey("admin_units.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    effective_from: Mapped[dt.date | None] = mapped_column(Date)
    effective_to: Mapped[dt.date | None] = mapped_column(Date)

    commune: Mapped[AdminUnit] = relationship(back_populates="villages")

    def __repr__(self) -> str:
        return f"<Village {self.id} {self.name}>"
