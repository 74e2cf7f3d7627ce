"""Official numbers from the register (sổ đăng ký văn bản đi), documents.md §4.

Numbers run per issuing unit and calendar year from 01 on 1 January. A number is either entered by
the clerk (refused next to the field when already in the register that year) or, by default, the
register's next number, shown on the form before the step is taken. A document without a number is
a draft: it never moves a case (`require`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from casework.cycles.settings import commune_settings
from casework.documents.context.formatting import padded_number
from casework.errors import Refused
from casework.extensions import db
from casework.models import AdminUnit, Document, RegisterEntry, User
from workflow.dates import format_date

SHARED_SERIES = "*"  # the unit's one series when its register is not split by type


def number_text(number: int, symbol: str) -> str:
    """'08/TB-UBND' as documents print it (ND 30: a leading zero below 10)."""
    return f"{padded_number(number)}/{symbol}"


@dataclass(frozen=True)
class Series:
    """One series of a unit's register in one year: the numbers a symbol takes."""

    unit_id: int
    year: int
    symbol: str
    by_type: bool = True

    @classmethod
    def of(cls, unit: AdminUnit, symbol: str, day: dt.date) -> Series:
        """The series `symbol` numbers in, for a document of `unit` issued on `day`."""
        return cls(unit.id, day.year, symbol, commune_settings(unit).register_by_type)

    @property
    def key(self) -> str:
        return self.symbol if self.by_type else SHARED_SERIES

    def _where(self, ignore: Iterable[int] = ()) -> list:
        clauses = [RegisterEntry.unit_id == self.unit_id, RegisterEntry.year == self.year]
        if self.by_type:  # the numbers of this type; a shared register counts every number of the year
            clauses.append(RegisterEntry.symbol == self.symbol)
        ignored = [i for i in ignore if i is not None]
        if ignored:
            clauses.append(RegisterEntry.document_id.not_in(ignored))
        return clauses

    def next_number(self, ignore: Iterable[int] = ()) -> int:
        """The register's next number: 01 for the first of the year."""
        last = db.session.execute(select(func.max(RegisterEntry.number)).where(*self._where(ignore))).scalar()
        return (last or 0) + 1

    def next_text(self, ignore: Iterable[int] = ()) -> str:
        return number_text(self.next_number(ignore), self.symbol)

    def holder(self, number: int, ignore: Iterable[int] = ()) -> RegisterEntry | None:
        """The entry already holding `number` in this series, if any."""
        found = select(RegisterEntry).where(*self._where(ignore), RegisterEntry.number == number)
        return db.session.execute(found.limit(1)).scalar_one_or_none()

    def resolve(self, entered: int | None, field: str, ignore: Iterable[int] = ()) -> int:
        """The number entered, checked against the register, or the register's next one."""
        ignore = list(ignore)
        if entered is None:
            return self.next_number(ignore)
        if entered < 1:
            raise Refused(_("Số văn bản bắt đầu từ 01."), field)
        held = self.holder(entered, ignore)
        if held is not None:
            raise Refused(
                _(
                    "Số %(n)s đã được cấp ngày %(d)s trong sổ văn bản đi năm %(y)d. Số tiếp theo trong sổ: %(next)s.",
                    n=number_text(entered, self.symbol),
                    d=format_date(held.issued_on),
                    y=self.year,
                    next=self.next_text(ignore),
                ),
                field,
            )
        return entered

    def gap_warning(self, number: int, ignore: Iterable[int] = ()) -> str | None:
        """A number past the register's next one leaves a gap: said, never refused."""
        expected = self.next_number(ignore)
        if number <= expected:
            return None
        return _(
            "Lưu ý: số %(n)s bỏ qua các số từ %(first)s đến %(last)s trong sổ văn bản đi năm %(y)d.",
            n=number_text(number, self.symbol),
            first=f"{expected:02d}",
            last=f"{number - 1:02d}",
            y=self.year,
        )

    def take(
        self, number: int, *, issued_on: dt.date, document: Document, actor: User | None, field: str = "number"
    ) -> RegisterEntry:
        """Write `number` in the register for `document`; refused (409) when somebody took it meanwhile."""
        self.resolve(number, field)
        entry = RegisterEntry(
            unit_id=self.unit_id,
            year=self.year,
            series=self.key,
            symbol=self.symbol,
            number=number,
            issued_on=issued_on,
            document_id=document.id,
            kind=document.kind,
            created_by_id=actor.id if actor else None,
        )
        try:
            with db.session.begin_nested():
                db.session.add(entry)
        except IntegrityError:
            raise Refused(
                _("Số %(n)s vừa được cấp cho văn bản khác; hãy thử lại.", n=number_text(number, self.symbol)),
                field,
                status=409,
            ) from None
        return entry


def release(document_ids: Iterable[int]) -> None:
    """A cancelled draft gives its number back to the register (it was never issued)."""
    ids = [i for i in document_ids if i is not None]
    if not ids:
        return
    for entry in db.session.execute(select(RegisterEntry).where(RegisterEntry.document_id.in_(ids))).scalars():
        db.session.delete(entry)
    db.session.flush()


def require(number: int | None, field: str) -> int:
    """A step whose document needs an official number does not move a case without one."""
    if number is None:
        raise Refused(
            _(
                "Văn bản chưa có số theo sổ văn bản đi: bản dự thảo không chuyển được hồ sơ. "
                "Nhập số, hoặc để trống để lấy số tiếp theo trong sổ."
            ),
            field,
        )
    return number
