"""Reports Mẫu 7.x as JSON: the forms and units the report page offers, and one form's table for a unit
and a period, built by the same code as the page (the same figures, the same notes, the same scope)."""

from __future__ import annotations

from fractions import Fraction
from typing import Literal

from flask import abort
from pydantic import BaseModel, Field
from werkzeug.datastructures import MultiDict

from casework.api.core import bp, endpoint, user
from casework.api.errors import ApiError
from casework.api.spec import answers, spec
from casework.clock import today
from casework.permissions import Permission, may
from casework.reports import output, tables
from casework.reports.definitions import all_forms, form_for
from casework.reports.forms import parse
from casework.reports.units import UnitNotFound, choices, resolve
from casework.vocabulary import period_label

TAG = "reports"


class FormChoice(BaseModel):
    form: str = Field(description="e.g. 7.1")
    title: str


class UnitChoice(BaseModel):
    unit: str = Field(description="Pass as `unit` (e.g. commune:12)")
    name: str


class Catalogue(BaseModel):
    forms: list[FormChoice]
    units: list[UnitChoice]


class Column(BaseModel):
    key: str
    label: str
    group: list[str] = Field(description="The merged headings above the column, outermost first")
    kind: Literal["count", "rate", "not_recorded"]


class Cell(BaseModel):
    key: str
    value: float | None = Field(description="A count, or a rate in per cent (2 decimals); null: not recorded")
    text: str = Field(description="As the page and the PDF write it (1.234; 12,34; —)")


class Row(BaseModel):
    no: int | None
    name: str
    no_data: bool = Field(description="The unit has no household on record: no figures, not zeros")
    cells: list[Cell]


class ReportOut(BaseModel):
    form: str
    title: str
    unit: str
    unit_name: str
    period: Literal["year", "monthly", "campaign"]
    year: int
    month: int | None
    period_label: str
    columns: list[Column]
    rows: list[Row]
    total: Row
    notes: list[str]


class ReportQuery(BaseModel):
    form: str = Field(max_length=20, description="The form (7.1 ... 7.11): see /reports/forms")
    unit: str = Field(max_length=40, description="A unit offered in /reports/forms")
    period: Literal["year", "monthly", "campaign"] = "year"
    year: int | None = Field(None, ge=1, le=9999, description="This year when left out")
    month: int | None = Field(None, ge=1, le=12, description="For a monthly period")


def _require() -> None:
    if not may(user(), Permission.REPORT_VIEW):
        abort(403)


def _value(value: object, column: tables.ReportColumn) -> float | None:
    if value is None or column.not_recorded:
        return None
    if isinstance(value, Fraction):
        return round(float(value) * 100, 2)
    return float(value)  # type: ignore[arg-type]


def _row(record: dict[str, object], table: tables.ReportTable) -> Row:
    no_data = bool(record.get("no_data"))
    return Row(
        no=record["no"] or None,  # type: ignore[arg-type]
        name=str(record["name"]),
        no_data=no_data,
        cells=[
            Cell(key=c.key, value=None if no_data else _value(record[c.key], c), text=tables.cell(record, c))
            for c in table.columns
        ],
    )


@bp.get("/reports/forms")
@spec.validate(resp=answers(Catalogue), tags=[TAG])
@endpoint("reports")
def report_forms() -> Catalogue:
    """The forms and the units the token's user may report on (as the report page offers them)."""
    _require()
    forms = [FormChoice(form=form_id, title=versions[-1].title) for form_id, versions in all_forms().items()]
    return Catalogue(forms=forms, units=[UnitChoice(unit=token, name=name) for token, name in choices(user())])


@bp.get("/reports")
@spec.validate(query=ReportQuery, resp=answers(ReportOut), tags=[TAG])
@endpoint("reports")
def get_report(query: ReportQuery) -> ReportOut:
    """One form's table for a unit and a period: the page's figures, row by row, with the total."""
    _require()
    args = {"form": query.form, "unit": query.unit, "period": query.period}
    args |= {"year": str(query.year)} if query.year is not None else {}
    args |= {"month": str(query.month)} if query.month is not None else {}
    report = parse(MultiDict(args), default_year=today().year)
    if report.errors or report.period is None:
        raise ApiError(422, list(report.errors.items()))
    try:
        unit = resolve(user(), report.unit)
    except UnitNotFound:
        abort(404)
    table = tables.build(form_for(report.form_id, report.period.year), unit, report.period)
    period = report.period
    return ReportOut(
        form=table.form.form_id,
        title=table.title,
        unit=unit.token,
        unit_name=unit.name,
        period=period.kind,  # type: ignore[arg-type]
        year=period.year,
        month=period.month,
        period_label=period_label(period.kind, period.year, period.month),
        columns=[Column(key=c.key, label=c.label, group=list(c.group), kind=c.kind) for c in table.columns],  # type: ignore[arg-type]
        rows=[_row(record, table) for record in table.rows],
        total=_row(table.total, table),
        notes=output.notes(table),
    )
