"""The append-only audit trail of case transitions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, BigInteger, Date, ForeignKey, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casework.extensions import db
from casework.models import chain
from casework.models.base import UTCDateTime, utcnow


class AppendOnlyError(RuntimeError):
    pass


class CaseEvent(db.Model):
    __tablename__ = "case_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    actor_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    actor_role: Mapped[str | None] = mapped_column(String(32))
    trigger: Mapped[str] = mapped_column(String(48))
    from_state: Mapped[str | None] = mapped_column(String(32))
    to_state: Mapped[str] = mapped_column(String(32))
    facts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    occurred_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The day the step happened (commune time), which may be earlier than `occurred_at` for a step
    # entered after the fact ("nhập bù"); then `late_reason` says why it was entered late.
    effective_on: Mapped[dt.date | None] = mapped_column(Date)
    late_reason: Mapped[str | None] = mapped_column(Text)
    # The hash chain (casework/models/chain.py): stamped on insert, checked by `flask audit verify`.
    chain_seq: Mapped[int] = mapped_column(BigInteger, index=True, unique=True)
    row_hash: Mapped[str] = mapped_column(String(64))
    column_digests: Mapped[dict[str, str]] = mapped_column(JSON)

    case = relationship("Case", back_populates="events")

    def __repr__(self) -> str:
        return f"<CaseEvent {self.id} case={self.case_id} {self.from_state}->{self.to_state}>"


def refuse_change(mapper: Any, connection: Any, target: Any) -> None:
    raise AppendOnlyError(f"{type(target).__name__} rows are never changed once written")


event.listen(CaseEvent, "before_update", refuse_change)
event.listen(CaseEvent, "before_delete", refuse_change)
chain.watch(CaseEvent)
