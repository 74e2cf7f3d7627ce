"""A counter per commune that every change to what reports count moves on (households, members, statuses,
surveys, cases, runs), in the transaction of the change: cached report figures of a commune are valid
while its counter has not moved (casework/reports/kept.py)."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer
from sqlalchemy.orm import Mapped, mapped_column

from casework.extensions import db


class FiguresGeneration(db.Model):
    __tablename__ = "figures_generations"

    commune_id: Mapped[int] = mapped_column(ForeignKey("admin_units.id"), primary_key=True)
    generation: Mapped[int] = mapped_column(Integer, default=0)

    def __repr__(self) -> str:
        return f"<FiguresGeneration commune={self.commune_id} {self.generation}>"
