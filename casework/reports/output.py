"""A report table as a PDF (Nghị định 30 layout, A4 landscape) and as an .xlsx workbook.

The PDF template gets plain values only (strings and lists), like every document template; the
workbook goes through casework/exchange/workbook.py so reports and lists look alike.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import render_template

from casework.documents.context.formatting import date_line
from casework.documents.context.values import AgencyHeader
from casework.documents.render import html_to_pdf
from casework.exchange.workbook import EMPHASIS, Column, Sheet, write_workbook
from casework.reports.tables import ReportTable, cell
from workflow.dates import format_date

CONFIDENCE_NOTES = {
    "S": "Tên và các cột của biểu mẫu theo nguồn thứ cấp, chưa đối chiếu với văn bản chính thức.",
    "M": "Các cột của biểu mẫu chưa được xác nhận từ văn bản chính thức.",
    "U": "Các cột của biểu mẫu chưa được xác nhận từ văn bản chính thức.",
}


NO_FIGURES = "Dấu “—”: không có số liệu."


def notes(table: ReportTable) -> list[str]:
    """The caveats shown with a table in the app and the working .xlsx: how it was counted, what the
    system does not record, how sure the form's columns are. The signed report carries none of them."""
    lines = []
    if table.form.note:
        lines.append(table.form.note)
    if table.local_standard:
        lines.append(
            f"Xếp loại theo {table.local_standard} (chuẩn của tỉnh), từ kết quả rà soát; hộ nghèo, hộ cận nghèo"
            " được công nhận theo chuẩn nghèo quốc gia."
        )
    if table.has_unrecorded:
        lines.append("Dấu “—” ở một cột: hệ thống chưa thu thập thông tin này.")
    if table.has_units_without_data:
        lines.append("Dấu “—” ở một dòng: đơn vị chưa có hộ gia đình nào trên hệ thống.")
    if table.form.confidence in CONFIDENCE_NOTES:
        lines.append(CONFIDENCE_NOTES[table.form.confidence])
    return lines


def document_notes(table: ReportTable) -> list[str]:
    """What the official report says under its table: only what its symbols mean."""
    return [NO_FIGURES] if table.has_unrecorded or table.has_units_without_data else []


def _subtitle(table: ReportTable) -> str:
    standard = f" — theo {table.local_standard}" if table.local_standard else ""
    return f"{table.unit.name} — {table.period.label}{standard}"


def table_context(table: ReportTable) -> dict[str, Any]:
    """One table as plain values for the document template."""

    def cells(record: dict[str, Any]) -> list[str]:
        return [cell(record, c) for c in table.columns]

    return {
        "form_label": table.form.label,
        "source": table.form.source,
        "title": table.form.title,
        "subtitle": _subtitle(table),
        "header_rows": [
            [{"text": h.text, "colspan": h.colspan, "rowspan": h.rowspan} for h in row] for row in table.header_rows
        ],
        "column_count": len(table.columns) + 2,
        "rows": [{"no": str(r["no"]), "name": r["name"], "cells": cells(r)} for r in table.rows],
        "total": {"name": table.total["name"], "cells": cells(table.total)},
        "notes": document_notes(table),
    }


def document_context(tables: list[ReportTable], title: str, today: dt.date) -> dict[str, Any]:
    unit = tables[0].unit
    agency = AgencyHeader(name_lines=unit.agency_lines, place=unit.place)
    return {
        "kind": "report_table",
        "draft": False,
        "header": {"layout": "agency", **agency.as_dict()},
        "date_line": date_line(unit.place, today),
        "number_line": None,
        "summary_vv": None,
        # One form carries its own title; a bundle gets the bundle's title above its forms.
        "title": title if len(tables) > 1 else None,
        "summary": _subtitle(tables[0]) if len(tables) > 1 else None,
        "tables": [table_context(t) for t in tables],
        "verification": None,
        "sections": [],
        "annexes": [],
        "main_head": True,
        "main_tail": True,
        "page_numbers": "css",
        "recipients": [],
        "signature": None,
    }


TEMPLATE = "documents/report_table.html"


def pdf(tables: list[ReportTable], title: str, today: dt.date) -> bytes:
    """Rendered on request and not stored: a report is re-counted from the records each time it is asked for."""
    return html_to_pdf(render_template(TEMPLATE, **document_context(tables, title, today)))


def _number(value: Any, kind: str) -> Any:
    if value is None:
        return None
    return float(value) if kind == "percent" else int(value)


def sheet(table: ReportTable, *, exported_by: str, now: dt.datetime) -> Sheet:
    columns = [Column("no", "STT", "text", width=6), Column("name", table.unit.row_heading, "text", width=26)]
    kinds = {}
    for column in table.columns:
        kind = "percent" if column.rate else ("text" if column.not_recorded else "int")
        kinds[column.key] = kind
        columns.append(Column(column.key, column.label, kind, width=12, group=column.group or None))

    def record(values: dict[str, Any]) -> dict[str, Any]:
        out = {"no": str(values["no"]), "name": values["name"]}
        for column in table.columns:
            out[column.key] = "—" if column.not_recorded else _number(values[column.key], kinds[column.key])
        return out

    rows = [record(r) for r in table.rows]
    rows.append({**record(table.total), EMPHASIS: True})
    return Sheet(
        title=table.form.title.upper(),
        subtitles=[f"{table.form.label} ({table.form.source})", _subtitle(table)],
        header_lines=list(table.unit.agency_lines),
        columns=columns,
        rows=rows,
        footer_lines=[*notes(table), f"Người xuất: {exported_by}, lúc {now:%H:%M} ngày {format_date(now.date())}"],
        tab=table.form.label,
        column_numbers=True,
    )


def workbook(tables: list[ReportTable], *, exported_by: str, now: dt.datetime) -> bytes:
    return write_workbook([sheet(t, exported_by=exported_by, now=now) for t in tables])
