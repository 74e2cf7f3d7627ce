"""Write .xlsx files in the official look (conventions.md §8), for every list and report.

The one entry point is ``write_workbook(sheets) -> bytes``. A sheet is described by plain values:

    Sheet(
        title="DANH SÁCH HỘ GIA ĐÌNH",              # the heading, centred, bold
        subtitles=["Năm 2025"],                     # lines under it ("Kèm theo ...", the period)
        header_lines=["UBND XÃ LŨNG CÚ"],           # agency lines, top left (the motto is top right)
        columns=[
            Column("stt", "STT", "int", width=6),
            Column("name", "Họ và tên chủ hộ", width=28),
            Column("poor", "Số hộ", "int", group="Hộ nghèo"),           # grouped header, merged
            Column("poor_rate", "Tỷ lệ", "percent", group="Hộ nghèo"),
            Column("kinh", "Kinh", "int", group=("Hộ nghèo", "Dân tộc")),  # nested groups
        ],
        rows=[{"stt": 1, "name": "Giàng A Lử", ...}, {"name": "Cộng", ..., EMPHASIS: True}],
        footer_lines=["Người xuất: ... lúc 25/11/2026 17:00"],
        tab="Hộ gia đình",                          # the sheet tab (31 characters at most)
        column_numbers=False,                       # True adds the (1) (2) (3) row of the Mẫu 7.x tables
    )

Column kinds and what a user sees in a spreadsheet:
- ``text``: a string, stored as text (format "@").
- ``int``: a whole number, "#,##0"; ``decimal``: "#,##0.00"; ``money``: VND as a number, "#,##0"
  (the spreadsheet applies the user's separators).
- ``date``: a ``datetime.date`` written as a real date, "dd/mm/yyyy"; an ``int`` (a birth year
  known only as a year) is written as that number.
- ``id``: personal ID numbers and other codes, always text ("@") so leading zeros survive and
  nothing becomes 1.23E+11. Mask them before calling when the user may not see them.
- ``percent``: a ratio (0.1234 shows as 12.34 %), "0.00%".

Every string cell whose text starts with = + - @ tab or CR (and their full-width forms) is
written with a leading apostrophe so no spreadsheet runs it as a formula (OWASP CSV injection);
``strip_neutraliser`` undoes it on import. A row with ``EMPHASIS: True`` is bold (subtotals).

The look: Times New Roman (spreadsheets substitute Liberation Serif or Tinos), A4 landscape,
fit to one page wide, the column heading rows repeated on every printed page and frozen on
screen, thin borders on the table, page numbers in the footer.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

FONT_NAME = "Times New Roman"
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
NATIONAL_MOTTO = "Độc lập - Tự do - Hạnh phúc"
EMPHASIS = "_emphasis"
KINDS = ("text", "int", "decimal", "money", "date", "id", "percent")
NUMBER_FORMATS = {
    "text": "@",
    "id": "@",
    "int": "#,##0",
    "decimal": "#,##0.00",
    "money": "#,##0",
    "date": "dd/mm/yyyy",
    "percent": "0.00%",
}
DEFAULT_WIDTHS = {"text": 24, "id": 16, "int": 10, "decimal": 12, "money": 14, "date": 12, "percent": 10}
# Rows of the table below the data that still offer the choice lists (a template is filled in there).
VALIDATION_ROWS = 1000

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
_TAB_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_THIN = Side(style="thin")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = "text"
    width: float | None = None
    group: str | tuple[str, ...] | None = None  # outer-to-inner labels of the merged cells above
    choices: tuple[str, ...] = ()  # a drop-down list on the column (import templates)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}; one of {KINDS}")

    @property
    def groups(self) -> tuple[str, ...]:
        if self.group is None:
            return ()
        return (self.group,) if isinstance(self.group, str) else tuple(self.group)


@dataclass
class Sheet:
    title: str
    columns: list[Column]
    rows: Iterable[Mapping[str, Any]] = ()
    header_lines: list[str] = field(default_factory=list)
    subtitles: list[str] = field(default_factory=list)
    footer_lines: list[str] = field(default_factory=list)
    tab: str = ""
    column_numbers: bool = False
    motto: bool = True


def neutralise(value: str) -> str:
    """A leading apostrophe on text a spreadsheet would otherwise read as a formula."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def strip_neutraliser(value: str) -> str:
    """Undo ``neutralise`` for a cell read back from one of our files."""
    if value.startswith("'") and value[1:].startswith(_FORMULA_START):
        return value[1:]
    return value


def tab_name(text: str) -> str:
    cleaned = _TAB_FORBIDDEN.sub(" ", text).strip() or "Sheet"
    return cleaned[:31]


def write_workbook(sheets: list[Sheet]) -> bytes:
    """The .xlsx bytes of the sheets, in order."""
    if not sheets:
        raise ValueError("a workbook needs at least one sheet")
    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    for sheet in sheets:
        name = tab_name(sheet.tab or sheet.title)
        base, n = name, 2
        while name.lower() in used:
            suffix = f" ({n})"
            name, n = base[: 31 - len(suffix)] + suffix, n + 1
        used.add(name.lower())
        _fill(book.create_sheet(name), sheet)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


class _Styles:
    """Style objects made once: openpyxl interns them, and sharing them keeps big exports fast."""

    def __init__(self) -> None:
        self.body = Font(name=FONT_NAME, size=11)
        self.body_bold = Font(name=FONT_NAME, size=11, bold=True)
        self.header = Font(name=FONT_NAME, size=12)
        self.header_bold = Font(name=FONT_NAME, size=12, bold=True)
        self.title = Font(name=FONT_NAME, size=14, bold=True)
        self.subtitle = Font(name=FONT_NAME, size=12, italic=True)
        self.column_number = Font(name=FONT_NAME, size=10, italic=True)
        self.left_wrap = Alignment(horizontal="left", vertical="top", wrap_text=True)
        self.right = Alignment(horizontal="right", vertical="top")
        self.center = Alignment(horizontal="center", vertical="top")


def _fill(ws: Worksheet, sheet: Sheet) -> None:
    styles = _Styles()
    columns = sheet.columns
    width = max(1, len(columns))
    row = _write_banner(ws, sheet, width, styles)
    header_top = row
    row = _write_column_headers(ws, columns, header_top, styles)
    header_bottom = row - 1
    if sheet.column_numbers:
        for index in range(1, width + 1):
            cell = ws.cell(row=row, column=index, value=f"({index})")
            cell.font, cell.alignment, cell.border = styles.column_number, _WRAP_CENTER, _BORDER
        header_bottom = row
        row += 1
    first_data = row
    row = _write_rows(ws, columns, sheet.rows, first_data, styles)
    for line in sheet.footer_lines:
        row += 1
        ws.cell(row=row, column=1, value=neutralise(line)).font = styles.subtitle
    for index, column in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = column.width or DEFAULT_WIDTHS[column.kind]
    _add_choices(ws, columns, first_data, max(row, first_data + VALIDATION_ROWS))
    _page_setup(ws, header_top, header_bottom, first_data)


def _merge_line(ws: Worksheet, row: int, first: int, last: int, value: str, font: Font, align: str) -> None:
    cell = ws.cell(row=row, column=first, value=neutralise(value))
    cell.font = font
    cell.alignment = Alignment(horizontal=align, vertical="center", wrap_text=True)
    if last > first:
        ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)


def _write_banner(ws: Worksheet, sheet: Sheet, width: int, styles: _Styles) -> int:
    """Agency lines left, national title and motto right, then the title; returns the next row."""
    left_last = max(1, width * 2 // 5) if width > 1 else 1
    right_first = left_last + 1 if width > 1 else 1
    motto = [(NATIONAL_TITLE, styles.header_bold), (NATIONAL_MOTTO, styles.header_bold)] if sheet.motto else []
    lines = max(len(sheet.header_lines), len(motto) if width > 1 else 0)
    row = 1
    for index in range(lines):
        if index < len(sheet.header_lines):
            # The first agency line is the superior body (plain), the next the issuing body (bold).
            font = styles.header if index == 0 and len(sheet.header_lines) > 1 else styles.header_bold
            _merge_line(ws, row, 1, left_last, sheet.header_lines[index], font, "center")
        if width > 1 and index < len(motto):
            _merge_line(ws, row, right_first, width, motto[index][0], motto[index][1], "center")
        row += 1
    if width == 1:
        for text, font in motto:
            _merge_line(ws, row, 1, 1, text, font, "center")
            row += 1
    if row > 1:
        row += 1
    _merge_line(ws, row, 1, width, sheet.title, styles.title, "center")
    row += 1
    for line in sheet.subtitles:
        _merge_line(ws, row, 1, width, line, styles.subtitle, "center")
        row += 1
    return row + 1


def _write_column_headers(ws: Worksheet, columns: list[Column], top: int, styles: _Styles) -> int:
    """Grouped headings as merged cells; a column without a group spans every heading row."""
    depth = 1 + max((len(c.groups) for c in columns), default=0)
    for level in range(depth):
        row = top + level
        index = 0
        while index < len(columns):
            column = columns[index]
            groups = column.groups
            if level < len(groups):
                prefix = groups[: level + 1]
                end = index
                while end + 1 < len(columns) and columns[end + 1].groups[: level + 1] == prefix:
                    end += 1
                _header_cell(ws, row, index + 1, end + 1, row, groups[level], styles)
                index = end + 1
                continue
            if level == len(groups):
                _header_cell(ws, row, index + 1, index + 1, top + depth - 1, column.label, styles)
            index += 1
    for row in range(top, top + depth):
        for col in range(1, len(columns) + 1):
            ws.cell(row=row, column=col).border = _BORDER
    return top + depth


def _header_cell(ws: Worksheet, row: int, first: int, last: int, bottom: int, text: str, styles: _Styles) -> None:
    cell = ws.cell(row=row, column=first, value=neutralise(text))
    cell.font, cell.alignment = styles.header_bold, _WRAP_CENTER
    if last > first or bottom > row:
        ws.merge_cells(start_row=row, start_column=first, end_row=bottom, end_column=last)


def _cell_value(kind: str, value: Any) -> Any:
    if value is None:
        return None
    if kind in ("text", "id"):
        return neutralise(str(value))
    if kind == "date":
        if isinstance(value, dt.datetime):
            return value.date()
        return value if isinstance(value, dt.date | int) else neutralise(str(value))
    if isinstance(value, str):
        return neutralise(value)
    return value


def _write_rows(
    ws: Worksheet, columns: list[Column], rows: Iterable[Mapping[str, Any]], first: int, styles: _Styles
) -> int:
    formats = [NUMBER_FORMATS[c.kind] for c in columns]
    aligns = [styles.left_wrap if c.kind == "text" else styles.right for c in columns]
    aligns = [styles.center if c.kind in ("date", "id") else a for c, a in zip(columns, aligns, strict=True)]
    row = first
    for record in rows:
        font = styles.body_bold if record.get(EMPHASIS) else styles.body
        for index, column in enumerate(columns):
            value = _cell_value(column.kind, record.get(column.key))
            cell = ws.cell(row=row, column=index + 1, value=value)
            cell.font, cell.border, cell.alignment = font, _BORDER, aligns[index]
            # A year-only birth date keeps a plain number format, not a date one.
            cell.number_format = "0" if isinstance(value, int) and column.kind == "date" else formats[index]
        row += 1
    return row


def _add_choices(ws: Worksheet, columns: list[Column], first: int, last: int) -> None:
    for index, column in enumerate(columns, start=1):
        if not column.choices:
            continue
        # A list longer than 255 characters must live in cells; choices here are short labels.
        formula = '"' + ",".join(c.replace('"', "'") for c in column.choices) + '"'
        validation = DataValidation(type="list", formula1=formula, allow_blank=True, showDropDown=False)
        validation.error = "Hãy chọn một giá trị trong danh sách."
        validation.errorTitle = "Giá trị không hợp lệ"
        validation.showErrorMessage = True
        letter = get_column_letter(index)
        validation.add(f"{letter}{first}:{letter}{last}")
        ws.add_data_validation(validation)


def _page_setup(ws: Worksheet, header_top: int, header_bottom: int, first_data: int) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_top}:{header_bottom}"
    ws.freeze_panes = f"A{first_data}"
    ws.print_options.horizontalCentered = True
    # Nghị định 30 margins, in inches: left 3 cm, right 1.5 cm, top and bottom 2 cm.
    ws.page_margins.left, ws.page_margins.right = 1.18, 0.59
    ws.page_margins.top, ws.page_margins.bottom = 0.79, 0.79
    ws.oddFooter.center.text = "Trang &P/&N"
    ws.oddFooter.center.font = FONT_NAME


__all__ = ["EMPHASIS", "Column", "Sheet", "neutralise", "strip_neutraliser", "tab_name", "write_workbook"]
