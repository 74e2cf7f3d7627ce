"""A lean .xlsx reader for imports: each worksheet's cell values row by row, and the font of a cell's style.

openpyxl builds a cell object, a style proxy and a coordinate tuple for every cell, which was most of a
big import's reading time; this reads the same parts (workbook, relationships, shared strings, styles,
sheets) with the standard library's streaming XML parser and gives the same values openpyxl's
``data_only`` read gives: shared and inline strings as text, numbers as int or float, numbers under a
date format as datetime (1900 or 1904 calendar), booleans, error codes as their text, a formula's cached
value. openpyxl's own date-format rules are used, so both readers agree on what a date is. Every problem
in the file raises ``XlsxError``; the caller turns it into a message. Writing stays with openpyxl/XlsxWriter.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from collections.abc import Iterator
from typing import Any
from xml.etree.ElementTree import ParseError, XMLPullParser

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils.datetime import MAC_EPOCH, WINDOWS_EPOCH, from_excel, from_ISO8601

CHUNK = 1 << 16
DIGITS = "0123456789"
OFFICE_DOCUMENT = "/officeDocument"
# A cell: (value, index of its style in cellXfs); a row: column index from 0 → cell.
Row = dict[int, tuple[Any, int]]


class XlsxError(ValueError):
    """The file is not a workbook this reader can read (broken zip, missing part, bad XML)."""


READ_ERRORS = (zipfile.BadZipFile, zlib.error, KeyError, IndexError, OSError, EOFError, ValueError, ParseError)


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _attribute(element: Any, local_name: str) -> str | None:
    """An attribute by its local name, whatever its namespace (r:id in transitional or strict files)."""
    for key, value in element.attrib.items():
        if _local(key) == local_name:
            return value
    return None


def _elements(stream: Any, *, end_tags: set[str] | None = None) -> Iterator[Any]:
    """Elements of a part as each one ends, streamed (a part is never held whole as a tree)."""
    parser = XMLPullParser(events=("end",))
    while chunk := stream.read(CHUNK):
        parser.feed(chunk)
        for _event, element in parser.read_events():
            if end_tags is None or element.tag in end_tags:
                yield element
    parser.close()
    for _event, element in parser.read_events():
        if end_tags is None or element.tag in end_tags:
            yield element


def _column_index(reference: str, cache: dict[str, int]) -> int:
    """'AB12' → 27 (columns counted from 0)."""
    letters = reference.rstrip(DIGITS)
    index = cache.get(letters)
    if index is None:
        if not 0 < len(letters) <= 3:  # Excel's last column is XFD
            raise XlsxError(reference)
        index = 0
        for letter in letters.upper():
            if not "A" <= letter <= "Z":
                raise XlsxError(reference)
            index = index * 26 + ord(letter) - 64
        index -= 1
        cache[letters] = index
    return index


class Workbook:
    """An opened .xlsx: its worksheets in the workbook's order, their rows, and each style's font name."""

    def __init__(self, content: bytes) -> None:
        try:
            self.archive = zipfile.ZipFile(io.BytesIO(content))
            self._read_workbook()
        except READ_ERRORS as error:
            raise XlsxError(str(error)) from error

    def close(self) -> None:
        self.archive.close()

    def _root(self, name: str) -> Any:
        with self.archive.open(name) as stream:
            elements = list(_elements(stream))
        return elements[-1]

    def _relationships(self, part: str) -> dict[str, tuple[str, str]]:
        """Id → (type, part name) of a part's relationships."""
        folder, name = posixpath.split(part)
        rels = posixpath.join(folder, "_rels", name + ".rels")
        if rels not in self.archive.NameToInfo:
            return {}
        found = {}
        for element in self._root(rels):
            target = element.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            found[element.get("Id", "")] = (element.get("Type", ""), path)
        return found

    def _read_workbook(self) -> None:
        package = self._relationships("")
        workbook = next((p for t, p in package.values() if t.endswith(OFFICE_DOCUMENT)), "xl/workbook.xml")
        root = self._root(workbook)
        self.ns = root.tag[: -len("workbook")]
        relationships = self._relationships(workbook)
        properties = root.find(self.ns + "workbookPr")
        date1904 = properties is not None and properties.get("date1904", "").lower() in ("1", "true")
        self.epoch = MAC_EPOCH if date1904 else WINDOWS_EPOCH
        sheets = root.find(self.ns + "sheets")
        self.sheets = [
            relationships[rid][1]
            for sheet in (sheets if sheets is not None else [])
            if (rid := _attribute(sheet, "id")) in relationships and relationships[rid][0].endswith("/worksheet")
        ]
        parts = {t.rpartition("/")[2]: p for t, p in relationships.values()}
        self.strings = self._shared_strings(parts.get("sharedStrings"))
        self._read_styles(parts.get("styles"))

    def _text(self, element: Any) -> str:
        """A string item's text: its own <t>, or its rich-text runs' (phonetic guides left out)."""
        t_tag, run_tag = self.ns + "t", self.ns + "r"
        pieces = []
        for child in element:
            if child.tag == t_tag:
                pieces.append(child.text or "")
            elif child.tag == run_tag:
                pieces.extend(t.text or "" for t in child.iter(t_tag))
        return "".join(pieces)

    def _shared_strings(self, part: str | None) -> list[str]:
        if not part or part not in self.archive.NameToInfo:
            return []
        strings = []
        with self.archive.open(part) as stream:
            for item in _elements(stream, end_tags={self.ns + "si"}):
                strings.append(self._text(item))
                item.clear()
        return strings

    def _read_styles(self, part: str | None) -> None:
        """Each cellXfs style's font name, and which styles are date (or duration) formats."""
        self.fonts: list[str | None] = []
        self.dates: set[int] = set()
        self.durations: set[int] = set()
        if not part or part not in self.archive.NameToInfo:
            return
        root = self._root(part)
        ns = self.ns
        custom = {
            int(fmt.get("numFmtId", "-1")): fmt.get("formatCode", "")
            for fmt in root.iterfind(f"{ns}numFmts/{ns}numFmt")
        }
        font_names = []
        for font in root.iterfind(f"{ns}fonts/{ns}font"):
            name = font.find(ns + "name")
            font_names.append(name.get("val") if name is not None else None)
        for index, xf in enumerate(root.iterfind(f"{ns}cellXfs/{ns}xf")):
            font_id = int(xf.get("fontId", "0") or 0)
            self.fonts.append(font_names[font_id] if 0 <= font_id < len(font_names) else None)
            number_format = int(xf.get("numFmtId", "0") or 0)
            code = custom.get(number_format) or BUILTIN_FORMATS.get(number_format, "General")
            if is_date_format(code):
                self.dates.add(index)
            if is_timedelta_format(code):
                self.durations.add(index)

    def font_name(self, style: int) -> str | None:
        return self.fonts[style] if 0 <= style < len(self.fonts) else None

    def rows(self, sheet: str, *, max_row: int | None = None) -> Iterator[tuple[int, Row]]:
        """(row number from 1, cells) for each row that has cells; stops after `max_row` when given."""
        try:
            with self.archive.open(sheet) as stream:
                yield from self._rows(stream, max_row)
        except READ_ERRORS as error:
            raise XlsxError(str(error)) from error

    def _rows(self, stream: Any, max_row: int | None) -> Iterator[tuple[int, Row]]:
        number = 0
        columns: dict[str, int] = {}
        for row in _elements(stream, end_tags={self.ns + "row"}):
            given = row.get("r")
            number = int(given) if given else number + 1
            if max_row is not None and number > max_row:
                return
            cells = self._cells(row, columns)
            row.clear()
            if cells:
                yield number, cells

    def _cells(self, row: Any, columns: dict[str, int]) -> Row:
        cell_tag, value_tag = self.ns + "c", self.ns + "v"
        cells: Row = {}
        column = -1
        for cell in row:
            reference = cell.get("r")
            if reference is None:
                if cell.tag != cell_tag:
                    continue
                column += 1
                if not len(cell):
                    continue
            elif len(cell) and cell.tag == cell_tag:  # a cell with neither value nor formula is only formatting
                column = columns.get(reference.rstrip(DIGITS), -1)
                if column < 0:
                    column = _column_index(reference, columns)
            else:
                continue
            style = int(cell.get("s") or 0)
            kind = cell.get("t")
            if kind == "s":  # most text: a shared string
                index = cell.findtext(value_tag)
                cells[column] = (self.strings[int(index)] if index else None, style)
            else:
                cells[column] = (self._value(cell, kind or "n", style), style)
        return cells

    def _value(self, cell: Any, kind: str, style: int) -> Any:
        if kind == "inlineStr":
            inline = cell.find(self.ns + "is")
            return self._text(inline) if inline is not None else None
        text = cell.findtext(self.ns + "v") or None
        if text is None:
            return None
        if kind == "n":
            number: int | float = float(text) if ("." in text or "e" in text or "E" in text) else int(text)
            if style in self.dates:
                try:
                    return from_excel(number, self.epoch, timedelta=style in self.durations)
                except (OverflowError, ValueError):
                    return "#VALUE!"  # what openpyxl gives a date serial outside the calendar
            return number
        if kind == "s":
            return self.strings[int(text)]
        if kind == "b":
            return bool(int(text))
        if kind == "d":
            return from_ISO8601(text)
        return text  # "str" (a formula's text), "e" (an error such as #N/A)
