"""Read the .xlsx a page returns as a user would see it, and write spreadsheets to upload."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from casework.exchange.columns import MEMBER_COLUMNS

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PURPOSE = {"purpose": "review", "note": ""}


def open_xlsx(data: bytes):  # type: ignore[no-untyped-def]
    return load_workbook(io.BytesIO(data))


def table(ws, first_heading: str = "STT") -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    """The rows under the heading row (the one starting with `first_heading`), keyed by heading."""
    rows = list(ws.iter_rows(values_only=True))
    start = next(i for i, row in enumerate(rows) if row and row[0] == first_heading)
    headings = rows[start]
    out = []
    for row in rows[start + 1 :]:
        if row[0] is None or (isinstance(row[0], str) and row[0].startswith("Người xuất")):
            break
        out.append(dict(zip(headings, row, strict=False)))
    return out


def cells(ws) -> list[Any]:  # type: ignore[no-untyped-def]
    return [c for row in ws.iter_rows() for c in row]


def member_file(rows: list[dict[str, Any]], *, font: str | None = None, labels: list[str] | None = None) -> bytes:
    """An upload in the template's layout; row dicts are keyed by the Vietnamese headings."""
    book = Workbook()
    ws = book.active
    headings = labels or [c.label for c in MEMBER_COLUMNS]
    ws.append(headings)
    for row in rows:
        ws.append([row.get(h) for h in headings])
        if font:
            for cell in ws[ws.max_row]:
                cell.font = Font(name=font)
    for cell in ws["M"]:  # the ID column stays text, as in the template
        cell.number_format = "@"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def person(code: str, name: str, **values: Any) -> dict[str, Any]:
    row = {
        "Mã hộ": code,
        "Thôn": "Thôn Lô Lô Chải",
        "Nơi thường trú": "Thôn Lô Lô Chải, xã Lũng Cú",
        "Họ và tên": name,
        "Giới tính": "Nam",
        "Ngày sinh": "15/03/1980",
        "Dân tộc": "Kinh",
        "Quan hệ với chủ hộ": "Chủ hộ",
        "Tình trạng việc làm, học tập": "Có việc làm",
        "Số định danh cá nhân": "",
    }
    row.update(values)
    return row
