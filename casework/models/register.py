"""The commune's register of outgoing documents (sổ đăng ký văn bản đi): every official number taken.

Numbers run per issuing unit and calendar year, from 01 on 1 January (ND 30/2020; documents.md §4).
A series is one document symbol ("TB-UBND") when the agency splits its register by type (the default),
or the one shared series of the unit; the database holds the uniqueness of both.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from casework.extensions import db
from casework.models.base import UTCDateTime, utcnow


class RegisterEntry(db.Model):
    __tablename__ = "register_entries"
    __table_args__ = (
        UniqueConstraint("unit_id", "year", "series", "number"),
        UniqueConstraint("unit_id", "year", "symbol", "number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The issuing agency: the commune, or the upper unit for its reply letter.
    unit_id: Mapped[int] = mapped_column(ForeignKey("admin_units.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    # The symbol when the register is split by type; "*" for the unit's one shared series.
    series: Mapped[str] = mapped_column(String(30))
    symbol: Mapped[str] = mapped_column(String(30))
    number: Mapped[int] = mapped_column(Integer)
    issued_on: Mapped[dt.date] = mapped_column(Date)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"), index=True)
    kind: Mapped[str] = mapped_column(String(48))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def text(self) -> str:
        return f"{self.number:02d}/{self.symbol}"

    def __repr__(self) -> str:
        return f"<RegisterEntry {self.id} {self.year} {self.text}>"
