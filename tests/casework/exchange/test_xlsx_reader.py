"""The lean .xlsx reader gives what openpyxl gives on the same files, and an upload read by it imports as before."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

import pytest
import xlsxwriter
from flask import Flask
from openpyxl import Workbook as OpenpyxlWorkbook
from openpyxl import load_workbook
from openpyxl.styles import Font

from casework.exchange import xlsx
from casework.exchange.reading import FileRefused, read_upload
from tests.casework.exchange.helpers import member_file, person


def _openpyxl_cells(content: bytes) -> list[dict[tuple[int, int], tuple[Any, str | None]]]:
    book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    sheets = []
    for sheet in book.worksheets:
        cells = {}
        for row in sheet.iter_rows():
            for cell in row:
                if getattr(cell, "value", None) is not None:
                    font = cell.font.name if isinstance(cell.value, str) else None
                    cells[(cell.row, cell.column - 1)] = (cell.value, font)
        sheets.append(cells)
    book.close()
    return sheets


def _lean_cells(content: bytes) -> list[dict[tuple[int, int], tuple[Any, str | None]]]:
    book = xlsx.Workbook(content)
    sheets = []
    for sheet in book.sheets:
        cells = {}
        for number, row in book.rows(sheet):
            for column, (value, style) in row.items():
                if value is not None:
                    cells[(number, column)] = (value, book.font_name(style) if isinstance(value, str) else None)
        sheets.append(cells)
    book.close()
    return sheets


def _xlsxwriter_file(**options: Any) -> bytes:
    """Shared strings (inline ones with constant_memory), dates under a date style, a formula's cached
    value, an error, a boolean, merged heading rows, a TCVN3 font on one cell, a second sheet and a chart sheet."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, **options})
    sheet = book.add_worksheet("DANH SÁCH")
    bold = book.add_format({"bold": True, "font_name": "Times New Roman"})
    day = book.add_format({"num_format": "dd/mm/yyyy"})
    legacy = book.add_format({"font_name": ".VnTime"})
    sheet.merge_range("A1:D1", "DANH SÁCH HỘ GIA ĐÌNH", bold)
    sheet.write_row(1, 0, ["Mã hộ", "Họ và tên", "Ngày sinh", "Ghi chú"], bold)
    sheet.write_string(2, 0, "1")
    sheet.write_string(2, 1, "Hoµng V¨n Tó", legacy)
    sheet.write_datetime(2, 2, dt.datetime(1980, 3, 15), day)
    sheet.write_number(2, 3, 12.5)
    sheet.write_number(3, 0, 2)
    sheet.write_string(3, 1, "Lý Thị Hoa")
    sheet.write_number(3, 2, 29984, day)
    sheet.write_formula(3, 3, "=1+1", None, 2)
    sheet.write_boolean(5, 0, True)
    sheet.write_formula(5, 1, "=1/0", None, "#DIV/0!")
    sheet.write_formula(5, 2, '="a"&"b"', None, "ab")
    book.add_worksheet("Ghi chú").write_string(0, 0, "Trang thứ hai")
    chart = book.add_chart({"type": "column"})
    chart.add_series({"values": "='DANH SÁCH'!$D$3:$D$4"})
    book.add_chartsheet("Biểu đồ").set_chart(chart)
    book.close()
    return buffer.getvalue()


def _openpyxl_file() -> bytes:
    """Inline strings (openpyxl writes no shared strings), a gap of empty rows, a number under a date style."""
    book = OpenpyxlWorkbook()
    sheet = book.active
    sheet.append(["Mã hộ", "Họ và tên", "Ngày sinh"])
    sheet.append(["1", "Hoàng Văn Tú", dt.date(1980, 3, 15)])
    sheet["B2"].font = Font(name="VNI-Times")
    sheet["A10"] = 3
    sheet["B10"] = "Giàng Mí Sính"
    sheet["C10"] = 1.25
    sheet["C11"] = 44000
    sheet["C11"].number_format = "yyyy-mm-dd"
    sheet["D11"] = dt.time(8, 30)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "content",
    [_openpyxl_file(), _xlsxwriter_file(), _xlsxwriter_file(constant_memory=True), _xlsxwriter_file(date_1904=True)],
    ids=["openpyxl-inline-strings", "xlsxwriter-shared-strings", "xlsxwriter-inline-strings", "xlsxwriter-1904"],
)
def test_lean_reader_reads_what_openpyxl_reads(content: bytes) -> None:
    lean = _lean_cells(content)
    assert lean == _openpyxl_cells(content)
    assert lean[0]  # the comparison is not between two empty readings


def test_values_fonts_and_calendars() -> None:
    first, second = _lean_cells(_xlsxwriter_file())
    assert first[(1, 0)] == ("DANH SÁCH HỘ GIA ĐÌNH", "Times New Roman")  # a merged heading row
    assert first[(3, 1)] == ("Hoµng V¨n Tó", ".VnTime")
    assert first[(3, 2)] == (dt.datetime(1980, 3, 15), None)
    assert first[(4, 2)] == (dt.datetime(1982, 2, 2), None)
    assert first[(4, 3)] == (2, None)
    assert (first[(6, 0)], first[(6, 1)], first[(6, 2)][0]) == ((True, None), ("#DIV/0!", "Calibri"), "ab")
    assert second == {(1, 0): ("Trang thứ hai", "Calibri")}
    assert _lean_cells(_xlsxwriter_file(date_1904=True))[0][(3, 2)] == (dt.datetime(1980, 3, 15), None)


def test_an_upload_in_legacy_font_is_read_and_converted(app: Flask) -> None:
    content = member_file([person("1", "Hoµng V¨n Tó")], font=".VnTime")
    with app.test_request_context():
        source = read_upload("ho.xlsx", content)
    assert source.rows[0].values["full_name"] == "Hoàng Văn Tú"
    assert source.rows[0].number == 2
    assert any("TCVN3" in notice for notice in source.notices)


def _with_part(content: bytes, name: str, data: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            target.writestr(item, data if item.filename == name else source.read(item.filename))
    return buffer.getvalue()


UNREADABLE = "Không đọc được tệp .xlsx (tệp hỏng hoặc không phải Excel)."
MAIN = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
NO_HEADINGS = "Không tìm thấy dòng tiêu đề cột (Mã hộ, Họ và tên, ...). Hãy dùng tệp mẫu."


@pytest.mark.parametrize(
    ("part", "data", "message"),
    [
        ("xl/worksheets/sheet1.xml", b"<worksheet><sheetData><row><c", UNREADABLE),
        (
            "xl/worksheets/sheet1.xml",
            b"<worksheet " + MAIN + b'><sheetData><row><c r="1A"><v>1</v></c></row></sheetData></worksheet>',
            UNREADABLE,
        ),
        (
            "xl/worksheets/sheet1.xml",
            b"<worksheet " + MAIN + b'><sheetData><row><c r="ZZZZZZZZZ1"><v>1</v></c></row></sheetData></worksheet>',
            UNREADABLE,
        ),
        ("xl/sharedStrings.xml", b"not xml", UNREADABLE),
        ("xl/styles.xml", b"<styleSheet " + MAIN + b'><cellXfs><xf fontId="x"/></cellXfs></styleSheet>', UNREADABLE),
        ("xl/workbook.xml", b"<workbook/>", NO_HEADINGS),
    ],
)
def test_a_broken_part_is_refused_with_the_files_message(app: Flask, part: str, data: bytes, message: str) -> None:
    content = _with_part(_xlsxwriter_file(), part, data)
    with app.test_request_context(), pytest.raises(FileRefused) as refused:
        read_upload("ho.xlsx", content)
    assert str(refused.value) == message


def test_a_sheet_cut_anywhere_is_refused_not_crashed(app: Flask) -> None:
    content = member_file([person("1", "Hoàng Văn Tú"), person("2", "Lý Thị Hoa")])
    sheet = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml")
    with app.test_request_context():
        for cut in range(0, len(sheet), max(1, len(sheet) // 40)):
            with pytest.raises(FileRefused):
                read_upload("ho.xlsx", _with_part(content, "xl/worksheets/sheet1.xml", sheet[:cut]))
