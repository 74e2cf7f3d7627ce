"""A counter per commune that every change to what reports count moves on (households, members, statuses,
surveys, cases, runs), in the transaction of the change: cached report figures of a commune are valid
while its counter has not moved (casework/reports/kept.py)."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from casework.extensions import db


class FiguresGeneration(db.Model):
    __tablename__ = "figures_generations"

    commune_id: Mapped[int] = mapped_column(ForeignKey("admin_units.id"), primary_key=True)
    generation: Mapped[int] = mapped_column(Integer, default=0)

    def __repr__(self) -> str:
        return f"<FiguresGeneration commune={self.commune_id} {self.generation}>"


class KeptFigures(db.Model):
    """A commune's figures of one report key, shared by every web process (casework/reports/kept.py): valid
    while the commune's counter still stands at `generation` and the report code is the one that counted them."""

    __tablename__ = "figures_kept"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 of the report key
    commune_id: Mapped[int] = mapped_column(ForeignKey("admin_units.id", ondelete="CASCADE"), primary_key=True)
    code: Mapped[str] = mapped_column(String(16))  # the report code's fingerprint
    generation: Mapped[int] = mapped_column(Integer)
    payload: Mapped[str] = mapped_column(Text)  # JSON: counts only, never a person's data

    def __repr__(self) -> str:
        return f"<KeptFigures {self.key[:8]} commune={self.commune_id} {self.generation}>"
