"""A report as a table of plain values: grouped headings, one row per unit, and the totals row.

Counts in the totals row are the sums of the rows; a rate in the totals row is recomputed from the
summed numerator and denominator (never the sum or mean of the rows' rates). Templates, the PDF
and the .xlsx all read this one structure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from casework import formatting
from casework.reports import queries
from casework.reports.definitions import ReportColumn, ReportForm
from casework.reports.queries import Period
from casework.reports.units import ReportUnit

NOT_RECORDED = "—"


@dataclass(frozen=True)
class HeaderCell:
    text: str
    colspan: int = 1
    rowspan: int = 1
    is_group: bool = False


@dataclass
class ReportTable:
    form: ReportForm
    unit: ReportUnit
    period: Period
    rows: list[dict[str, Any]]
    total: dict[str, Any]
    header_rows: list[list[HeaderCell]] = field(default_factory=list)
    local_standard: str = ""  # the title of the province's local standard the table counts by, if any

    @property
    def columns(self) -> tuple[ReportColumn, ...]:
        return self.form.columns

    @property
    def title(self) -> str:
        return self.form.title

    @property
    def has_unrecorded(self) -> bool:
        return any(c.not_recorded for c in self.columns)

    @property
    def has_units_without_data(self) -> bool:
        return any(row.get("no_data") for row in self.rows)


def rate(numerator: int, denominator: int) -> Fraction | None:
    """numerator / denominator, or None when there is nothing to divide by."""
    return Fraction(numerator, denominator) if denominator else None


def _value(column: ReportColumn, counts: dict[str, int]) -> int | Fraction | None:
    if column.not_recorded:
        return None
    if column.rate:
        numerator, denominator = column.rate
        return rate(counts[numerator], counts[denominator])
    if column.measure:
        return counts[column.measure]
    return sum(counts[name] for name in column.total_of)


def header_rows(columns: tuple[ReportColumn, ...], leading: list[str]) -> list[list[HeaderCell]]:
    """Heading rows with merged cells: a group spans its columns, a column without one spans the depth."""
    depth = 1 + max((len(c.group) for c in columns), default=0)
    rows: list[list[HeaderCell]] = [[HeaderCell(text, rowspan=depth) for text in leading]]
    rows.extend([] for _ in range(depth - 1))
    for level in range(depth):
        index = 0
        while index < len(columns):
            groups = columns[index].group
            if level < len(groups):
                end = index
                while end + 1 < len(columns) and columns[end + 1].group[: level + 1] == groups[: level + 1]:
                    end += 1
                rows[level].append(HeaderCell(groups[level], colspan=end - index + 1, is_group=True))
                index = end + 1
                continue
            if level == len(groups):
                rows[level].append(HeaderCell(columns[index].label, rowspan=depth - level))
            index += 1
    return rows


def build(form: ReportForm, unit: ReportUnit, period: Period, local_standard: str = "") -> ReportTable:
    """One row a unit; a unit with no household on record has no figures ("—"), not zeros.

    With `local_standard` (its title) the classes are those of the province's local standard."""
    by_row = queries.found_counts(unit, period, form.measures, local=bool(local_standard))
    totals = {name: sum(row[name] for row in by_row.values()) for name in form.measures}
    rows = []
    for number, report_row in enumerate(unit.rows, start=1):
        counts = by_row.get(report_row.row_id)
        if counts is None:
            values: dict[str, Any] = dict.fromkeys((column.key for column in form.columns), None)
        else:
            values = {column.key: _value(column, counts) for column in form.columns}
        row = {"no": number, "name": report_row.name, "row_id": report_row.row_id, "no_data": counts is None}
        rows.append({**row, **values})
    total = {"no": "", "name": "Tổng cộng", **{c.key: _value(c, totals) for c in form.columns}}
    return ReportTable(
        form=form,
        unit=unit,
        period=period,
        rows=rows,
        total=total,
        header_rows=header_rows(form.columns, ["STT", unit.row_heading]),
        local_standard=local_standard,
    )


def percent(value: Fraction | None) -> str:
    """A rate as Vietnamese write it: 12,34 %."""
    return "" if value is None else formatting.percent(value)


def cell(row: dict[str, Any], column: ReportColumn) -> str:
    """A row's cell as it reads: "—" throughout for a unit with no household on record."""
    return NOT_RECORDED if row.get("no_data") else display(row[column.key], column)


def display(value: Any, column: ReportColumn) -> str:
    """How a cell reads on screen and in the PDF: 1.234 for counts, 12,34 for percentages."""
    if column.not_recorded:
        return NOT_RECORDED
    if value is None:
        return ""
    if column.rate:
        return formatting.decimal(float(value) * 100, 2)
    return formatting.number(int(value))
