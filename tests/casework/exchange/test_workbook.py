"""The .xlsx look a commune office expects: read back with openpyxl, as a spreadsheet would show it."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from casework.exchange.workbook import EMPHASIS, Column, Sheet, neutralise, strip_neutraliser, write_workbook


def _sheet(**overrides: object) -> Sheet:
    values: dict[str, object] = {
        "title": "DANH SÁCH HỘ GIA ĐÌNH",
        "subtitles": ["Năm 2025"],
        "header_lines": ["UBND TỈNH TUYÊN QUANG", "UBND XÃ LŨNG CÚ"],
        "columns": [
            Column("stt", "STT", "int", width=6),
            Column("name", "Họ và tên", width=30),
            Column("pid", "Số định danh", "id"),
            Column("born", "Ngày sinh", "date"),
            Column("income", "Thu nhập", "money"),
            Column("rate", "Tỷ lệ", "percent"),
        ],
        "rows": [
            {
                "stt": 1,
                "name": "Giàng A Lử",
                "pid": "001088012345",
                "born": dt.date(1980, 3, 5),
                "income": 1500000,
                "rate": 0.125,
            },
            {"stt": 2, "name": '=HYPERLINK("http://x")', "pid": "002", "born": 1950, "income": None},
            {"name": "Cộng", "income": 1500000, EMPHASIS: True},
        ],
        "footer_lines": ["Người xuất: canbo"],
    }
    values.update(overrides)
    return Sheet(**values)  # type: ignore[arg-type]


def _open(data: bytes):  # type: ignore[no-untyped-def]
    return load_workbook(io.BytesIO(data))


def _find(ws, text: str):  # type: ignore[no-untyped-def]
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == text:
                return cell
    raise AssertionError(f"{text!r} not in sheet")


def test_banner_title_font_and_print_setup() -> None:
    ws = _open(write_workbook([_sheet()])).active
    assert ws["A1"].value == "UBND TỈNH TUYÊN QUANG"
    assert ws["A2"].value == "UBND XÃ LŨNG CÚ" and ws["A2"].font.b
    motto = _find(ws, "Độc lập - Tự do - Hạnh phúc")
    assert motto.row == 2 and motto.column > 1
    title = _find(ws, "DANH SÁCH HỘ GIA ĐÌNH")
    assert title.font.name == "Times New Roman" and title.font.b
    assert _find(ws, "Năm 2025").row == title.row + 1
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.fitToWidth in (None, 1, "1")  # absent means 1 in the file format
    assert int(ws.page_setup.fitToHeight) == 0
    heading = _find(ws, "Họ và tên")
    assert ws.print_title_rows == f"${heading.row}:${heading.row}"
    assert ws.freeze_panes == f"A{heading.row + 1}"
    assert "&P" in ws.oddFooter.center.text
    assert _find(ws, "Người xuất: canbo").font.name == "Times New Roman"


def test_values_keep_their_kind() -> None:
    ws = _open(write_workbook([_sheet()])).active
    first = _find(ws, "Giàng A Lử").row
    pid, born, income, rate = (ws.cell(row=first, column=c) for c in (3, 4, 5, 6))
    assert pid.value == "001088012345" and pid.data_type == "s" and pid.number_format == "@"
    assert born.value == dt.datetime(1980, 3, 5) and born.number_format == "dd/mm/yyyy"
    assert income.value == 1500000 and income.number_format == "#,##0"
    assert rate.value == 0.125 and rate.number_format == "0.00%"
    year_only = ws.cell(row=first + 1, column=4)
    assert year_only.value == 1950 and year_only.number_format == "0"
    assert ws.cell(row=first + 1, column=3).value == "002"
    assert ws.cell(row=first + 2, column=2).font.b
    assert ws.cell(row=first, column=2).font.name == "Times New Roman"


def test_formula_is_neutralised() -> None:
    ws = _open(write_workbook([_sheet()])).active
    first = _find(ws, "Giàng A Lử").row
    cell = ws.cell(row=first + 1, column=2)
    assert cell.data_type == "s"
    assert cell.value == '\'=HYPERLINK("http://x")'
    for text in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert neutralise(text).startswith("'")
        assert strip_neutraliser(neutralise(text)) == text
    assert neutralise("Giàng") == "Giàng" and strip_neutraliser("'abc") == "'abc"


def test_grouped_headers_are_merged() -> None:
    columns = [
        Column("unit", "Đơn vị"),
        Column("poor", "Số hộ", "int", group="Hộ nghèo"),
        Column("poor_kinh", "Kinh", "int", group=("Hộ nghèo", "Dân tộc")),
        Column("poor_other", "DTTS", "int", group=("Hộ nghèo", "Dân tộc")),
        Column("near", "Số hộ", "int", group="Hộ cận nghèo"),
    ]
    ws = _open(
        write_workbook([_sheet(columns=columns, rows=[{"unit": "Thôn A", "poor": 3}], column_numbers=True)])
    ).active
    unit = _find(ws, "Đơn vị")
    top = unit.row
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert f"A{top}:A{top + 2}" in merged  # no group: spans all three heading rows
    assert f"B{top}:D{top}" in merged  # "Hộ nghèo" over its three columns
    assert f"C{top + 1}:D{top + 1}" in merged  # "Dân tộc" inside it
    assert f"B{top + 1}:B{top + 2}" in merged  # "Số hộ" under "Hộ nghèo" reaches the bottom
    assert ws.cell(row=top, column=5).value == "Hộ cận nghèo"
    assert ws.cell(row=top + 3, column=1).value == "(1)"
    assert ws.print_title_rows == f"${top}:${top + 3}"
    assert ws.cell(row=top + 4, column=1).value == "Thôn A"


def test_choices_become_drop_down_lists_and_tabs_are_unique() -> None:
    columns = [Column("sex", "Giới tính", choices=("Nam", "Nữ"))]
    book = _open(write_workbook([_sheet(columns=columns, rows=[], tab="Hộ"), _sheet(columns=columns, tab="Hộ")]))
    assert book.sheetnames == ["Hộ", "Hộ (2)"]
    validation = book["Hộ"].data_validations.dataValidation[0]
    assert validation.formula1 == '"Nam,Nữ"'


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError):
        Column("x", "X", "float")
