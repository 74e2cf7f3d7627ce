"""The upper level's documents as plain values: the commune's report (báo cáo) and the upper level's
reply letter; and where the report goes (the addressee)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select

from casework import formatting
from casework.approvals.policy import LEVEL_UNITS
from casework.approvals.queries import Entry, by_class, class_counts, run_of
from casework.cases import paperwork
from casework.cycles.settings import lists_year, run_settings
from casework.documents import wording
from casework.documents.context.formatting import padded_number, short_date
from casework.documents.context.upper import upper_approval, upper_report
from casework.documents.context.values import AgencyHeader, Issue, Signer
from casework.extensions import db
from casework.models import (
    AdminUnit,
    Document,
    Household,
    Member,
    ReviewRun,
    UnitLevel,
    UnitSuccession,
    UpperReview,
    User,
    Village,
)
from casework.register import service as numbering
from workflow.procedures.settings import ProcedureSettings


@dataclass(frozen=True)
class Register:
    """Number and symbol from the issuing agency's register (documents.md §4: never invented here)."""

    number: int | None  # None until the register gives its next number (`service.numbered`)
    symbol: str

    def require(self) -> int:
        """The number; without one the report or letter is a draft and moves no case."""
        return numbering.require(self.number, "number")

    @property
    def text(self) -> str:
        if self.number is None:
            raise ValueError("a report or letter is numbered from the register before it is issued")
        return f"{padded_number(self.number)}/{self.symbol}"


def plain_name(unit: AdminUnit) -> str:
    """'Huyện Đồng Văn' -> 'Đồng Văn'; 'Tỉnh Tuyên Quang' -> 'Tuyên Quang'."""
    for prefix in ("Huyện ", "Thị xã ", "Thành phố ", "Quận ", "Tỉnh "):
        if unit.name.startswith(prefix):
            return unit.name[len(prefix) :]
    return unit.name


def upper_unit(commune: AdminUnit, level: str) -> AdminUnit | None:
    """The province of the commune, or the legacy district that held the commune (or its predecessor)."""
    wanted = LEVEL_UNITS.get(level)
    if commune.parent is not None and commune.parent.level is wanted:
        return commune.parent
    if wanted is UnitLevel.PROVINCE:
        # A commune still filed under its legacy district: the province is further up.
        unit = commune.parent
        while unit is not None and unit.level is not UnitLevel.PROVINCE:
            unit = unit.parent
        return unit
    if wanted is not UnitLevel.DISTRICT:
        return None
    predecessor = db.session.execute(
        select(AdminUnit)
        .join(UnitSuccession, UnitSuccession.old_unit_id == AdminUnit.id)
        .where(UnitSuccession.new_unit_id == commune.id)
        .order_by(AdminUnit.id)
        .limit(1)
    ).scalar_one_or_none()
    parent = predecessor.parent if predecessor is not None else None
    return parent if parent is not None and parent.level is UnitLevel.DISTRICT else None


def addressee(run: ReviewRun, settings: ProcedureSettings) -> str:
    """The report's 'Kính gửi': the configured recipient, else the People's Committee of the upper unit."""
    if settings.upper_review_recipient.strip():
        return settings.upper_review_recipient.strip()
    level = settings.upper_review_level
    if level == "none":
        return ""
    word = "huyện" if level == "district" else "tỉnh"
    unit = upper_unit(run.commune, level)
    return f"Ủy ban nhân dân {word} {plain_name(unit)}" if unit else f"Ủy ban nhân dân cấp {word}"


def _residents(run: ReviewRun) -> tuple[int, int]:
    in_commune = select(Village.id).where(Village.commune_id == run.commune_id)
    households = db.session.execute(
        select(func.count(Household.id)).where(Household.village_id.in_(in_commune))
    ).scalar_one()
    persons = db.session.execute(
        select(func.count(Member.id)).join(Household).where(Household.village_id.in_(in_commune))
    ).scalar_one()
    return households, persons


def report(
    run: ReviewRun, listed: list[Entry], register: Register, signer: Signer, recipient: str, today: dt.date
) -> dict[str, object]:
    commune = run.commune
    kind = paperwork.commune_kind(commune)
    settings = run_settings(run)
    households, persons = _residents(run)
    issue = Issue(
        agency=paperwork.agency(commune),
        symbol=register.symbol,
        number=register.number,
        issued_on=today,
        verification=paperwork.new_verification(),
    )
    lists = {
        name: [dataclasses.replace(entry.row(), classification=name) for entry in rows]
        for name, rows in by_class(listed).items()
    }
    progress = list(
        wording.lines(
            "upper_report",
            "progress",
            commune_kind=kind,
            year=run.period_year,
            starts_on=short_date(run.starts_on),
            households=formatting.number(len(listed)),
        )
    )
    return upper_report(
        issue,
        year=run.period_year,
        commune=paperwork.short_name(commune),
        upper_level=settings.upper_review_level,
        addressee=recipient,
        resident_households=households,
        resident_persons=persons,
        counts=class_counts(listed),
        lists=lists,
        progress=progress,
        signer=signer,
        recipients=wording.recipients("upper_report", commune_kind=kind),
        archive=wording.text("upper_report", "archive"),
        commune_kind=kind,
        lists_year=lists_year(run),
    )


def _report_reference(review: UpperReview) -> str:
    report = db.session.get(Document, review.report_document_id) if review.report_document_id else None
    if report is None or not report.document_number:
        return "báo cáo"
    return f"Báo cáo số {report.document_number} ngày {short_date(report.issued_on)}"


def letter(
    review: UpperReview, unit: AdminUnit, outcome: str, register: Register, waiting: list[Entry], named: list[Entry],
    note: str, actor: User, today: dt.date,
) -> dict[str, object]:  # fmt: skip
    run = run_of(review)
    place = plain_name(unit)
    word = "HUYỆN" if review.level == "district" else "TỈNH"
    issue = Issue(
        agency=AgencyHeader(("ỦY BAN NHÂN DÂN", f"{word} {place}".upper()), place=place),
        symbol=register.symbol,
        number=register.number,
        issued_on=today,
        verification=paperwork.new_verification(),
    )
    return upper_approval(
        issue,
        year=run.period_year,
        upper_level=review.level,
        upper_unit=place,
        commune=paperwork.short_name(run.commune),
        report_reference=_report_reference(review),
        outcome=outcome,
        counts=class_counts(waiting),
        changes=[note] if note else [],
        recheck_households=[entry.row() for entry in named],
        # The vice-chairman in charge usually signs for the upper level's People's Committee.
        signer=Signer(actor.full_name, block="tm_committee_kt"),
        recipients=wording.recipients("upper_approval"),
        archive=wording.text("upper_approval", "archive"),
        commune_kind=paperwork.commune_kind(run.commune),
        lists_year=lists_year(run),
    )


def sender(review: UpperReview, unit: AdminUnit) -> str:
    word = "huyện" if review.level == "district" else "tỉnh"
    return f"Ủy ban nhân dân {word} {plain_name(unit)}"
