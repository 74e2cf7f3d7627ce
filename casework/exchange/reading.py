"""Read an uploaded .xlsx or .csv into rows keyed by the member columns, with legacy text converted.

File-level problems (wrong type, password, no heading row, missing columns, no rows) raise
``FileRefused`` with a message for the user; cell-level ones become row errors later.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from casework import formatting
from casework.exchange import columns as cols
from casework.exchange import legacy, xlsx
from casework.exchange.workbook import strip_neutraliser
from casework.memory import cycle_collector_paused

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
HEADER_SEARCH_ROWS = 40
TEXT_KEYS = {
    "household_code",
    "village",
    "permanent_address",
    "current_address",
    "full_name",
    "sex",
    "ethnicity",
    "relationship",
    "activity",
    "id_document_type",
    "personal_id_confirmed",
    "id_issuer",
    "member_code",
}
# Names must be clean Vietnamese; addresses may carry the odd symbol.
STRICT_KEYS = {"full_name", "village", "ethnicity"}
UNIKEY_HINT = _l(
    "hãy chuyển tệp sang Unicode bằng Unikey (Công cụ chuyển mã, nguồn TCVN3 hoặc VNI, đích Unicode) rồi nhập lại"
)


class FileRefused(ValueError):
    """The whole file cannot be read; the message says what to fix."""


@dataclass
class SourceRow:
    number: int  # the row number the user sees in the spreadsheet
    values: dict[str, Any]


@dataclass
class SourceFile:
    rows: list[SourceRow]
    notices: list[str] = field(default_factory=list)
    legacy_errors: list[tuple[int, str, str]] = field(default_factory=list)  # row, column key, message


def read_upload(filename: str, content: bytes) -> SourceFile:
    with cycle_collector_paused():
        return _read_upload(filename, content)


def _read_upload(filename: str, content: bytes) -> SourceFile:
    name = (filename or "").lower()
    if not content:
        raise FileRefused(_("Tệp rỗng, không có dữ liệu."))
    if content.startswith(OLE_MAGIC):
        if name.endswith(".xlsx"):
            raise FileRefused(_("Tệp được đặt mật khẩu (mã hoá). Hãy mở bằng Excel, bỏ mật khẩu, lưu lại rồi nhập."))
        raise FileRefused(_("Tệp .xls (Excel 97-2003) chưa đọc được. Hãy mở bằng Excel và lưu lại dạng .xlsx."))
    if name.endswith(".xlsx"):
        return _read_xlsx(content)
    if name.endswith(".csv"):
        return _read_csv(content)
    raise FileRefused(_("Chỉ nhận tệp .xlsx hoặc .csv (tải tệp mẫu ở trang này)."))


def _header_map(cells: list[Any]) -> dict[int, str]:
    found: dict[int, str] = {}
    for index, value in enumerate(cells):
        # Headings typed in TCVN3 or VNI are read as their Unicode text.
        text = legacy.to_unicode(value)[0] if isinstance(value, str) else None
        key = cols.KEY_OF_HEADER.get(cols.header_key(text)) if text else None
        if key and key not in found.values():
            found[index] = key
    return found


def _check_header(found: dict[int, str]) -> None:
    missing = [cols.LABEL_OF[key] for key in cols.REQUIRED_KEYS if key not in found.values()]
    if missing:
        names = ", ".join(f"'{label}'" for label in missing)
        raise FileRefused(
            _(
                "Thiếu cột %(names)s. Hãy dùng tệp mẫu hoặc tệp xuất từ danh sách hộ (giữ nguyên dòng tiêu đề).",
                names=names,
            )
        )


def _limits() -> tuple[int, int]:
    """(uncompressed bytes, rows) an import may have: checked before and while parsing, so a small
    compressed file that unpacks to gigabytes (a zip bomb) is refused at once."""
    config = current_app.config
    return config["IMPORT_MAX_UNCOMPRESSED_MB"] * 1024 * 1024, config["IMPORT_MAX_ROWS"]


def _too_many_rows(limit: int) -> FileRefused:
    return FileRefused(
        _("Tệp có quá nhiều dòng (tối đa %(n)s dòng). Hãy chia thành nhiều tệp nhỏ hơn.", n=formatting.number(limit))
    )


def _check_unpacked_size(content: bytes) -> None:
    """Reading a zip member never yields more than its declared size (zipfile stops there), so the sum of
    the declared sizes bounds what parsing the workbook can unpack."""
    limit, _rows = _limits()
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise FileRefused(_("Không đọc được tệp .xlsx (tệp hỏng hoặc không phải Excel).")) from error
    if unpacked > limit:
        raise FileRefused(
            _(
                "Tệp .xlsx khi giải nén quá lớn (trên %(n)d MB): có thể không phải bảng tính thật. "
                "Hãy lưu lại bảng tính chỉ với danh sách cần nhập.",
                n=limit // (1024 * 1024),
            )
        )


def _read_xlsx(content: bytes) -> SourceFile:
    _check_unpacked_size(content)
    try:
        book = xlsx.Workbook(content)
    except xlsx.XlsxError as error:
        raise FileRefused(_("Không đọc được tệp .xlsx (tệp hỏng hoặc không phải Excel).")) from error
    try:
        return _read_sheet(book, *_find_header(book))
    except xlsx.XlsxError as error:
        raise FileRefused(_("Không đọc được tệp .xlsx (tệp hỏng hoặc không phải Excel).")) from error
    finally:
        book.close()


def _find_header(book: xlsx.Workbook) -> tuple[str, int, dict[int, str]]:
    """The sheet and row whose headings name the most columns, within each sheet's first rows."""
    best: tuple[str, int, dict[int, str]] | None = None
    for sheet in book.sheets:
        for row_index, cells in book.rows(sheet, max_row=HEADER_SEARCH_ROWS):
            row = [None] * (max(cells) + 1)
            for column, (value, _style) in cells.items():
                row[column] = value
            found = _header_map(row)
            if len(found) >= 3 and (best is None or len(found) > len(best[2])):
                best = (sheet, row_index, found)
        if best is not None and "household_code" in best[2].values() and "full_name" in best[2].values():
            break
    if best is None:
        raise FileRefused(_("Không tìm thấy dòng tiêu đề cột (Mã hộ, Họ và tên, ...). Hãy dùng tệp mẫu."))
    _check_header(best[2])
    return best


def _read_sheet(book: xlsx.Workbook, sheet: str, header_row: int, found: dict[int, str]) -> SourceFile:
    max_rows = _limits()[1]
    source = SourceFile(rows=[])
    converter = _LegacyText(source)
    fields = list(found.items())
    for number, cells in book.rows(sheet):
        if number <= header_row:
            continue
        if number - header_row > max_rows:
            raise _too_many_rows(max_rows)
        values: dict[str, Any] = {}
        for index, key in fields:
            value, style = cells.get(index, (None, 0))
            if type(value) is str:
                value = strip_neutraliser(value)
                if value.isascii():
                    values[key] = value.strip()
                else:  # only a non-ASCII text can be in a legacy encoding: its font may say which
                    converter.text(values, number, key, value, book.font_name(style))
            else:
                values[key] = value
        if _blank(values):
            continue
        source.rows.append(SourceRow(number, values))
    converter.finish()
    return _non_empty(source)


def _decode(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        # A CSV saved by an old Excel: Windows-1252 bytes (legacy fonts draw them as Vietnamese).
        return content.decode("cp1252", errors="replace")


def _read_csv(content: bytes) -> SourceFile:
    text = _decode(content)
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    rows = _csv_rows(text, delimiter)
    header_row = next((i for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]) if len(_header_map(row)) >= 3), None)
    if header_row is None:
        raise FileRefused(_("Không tìm thấy dòng tiêu đề cột (Mã hộ, Họ và tên, ...). Hãy dùng tệp mẫu."))
    found = _header_map(rows[header_row])
    _check_header(found)
    source = SourceFile(rows=[])
    converter = _LegacyText(source)
    for number, row in enumerate(rows[header_row + 1 :], start=header_row + 2):
        values: dict[str, Any] = {}
        for index, key in found.items():
            raw = row[index].strip() if index < len(row) else ""
            if raw:
                converter.text(values, number, key, strip_neutraliser(raw), None)
            else:
                values[key] = None
        if _blank(values):
            continue
        source.rows.append(SourceRow(number, values))
    converter.finish()
    return _non_empty(source)


def _csv_rows(text: str, delimiter: str) -> list[list[str]]:
    """The rows of a CSV text; a binary file or a cell past the csv module's field limit (128 KB) is
    refused, with its line, instead of breaking the import."""
    max_rows = _limits()[1] + HEADER_SEARCH_ROWS
    if "\x00" in text:
        raise FileRefused(_("Tệp .csv chứa dữ liệu nhị phân, không phải văn bản. Hãy lưu lại từ Excel dạng CSV UTF-8."))
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows: list[list[str]] = []
    try:
        for row in reader:
            rows.append(row)
            if len(rows) > max_rows:
                raise _too_many_rows(max_rows - HEADER_SEARCH_ROWS)
    except csv.Error as error:
        raise FileRefused(
            _("Dòng %(n)d của tệp .csv không đọc được (ô quá dài hoặc sai định dạng).", n=reader.line_num)
        ) from error
    return rows


def _blank(values: dict[str, Any]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for k, v in values.items() if k != "stt")


def _non_empty(source: SourceFile) -> SourceFile:
    if not source.rows:
        raise FileRefused(_("Tệp không có dòng dữ liệu nào dưới dòng tiêu đề."))
    return source


class _LegacyText:
    """Converts TCVN3 / VNI cells and remembers, per column, what it did for the notices.

    A cell's font names its encoding when it has one. Without fonts (CSV, or fonts lost), one
    encoding is chosen for the whole file from all its suspicious cells: a file is typed with one
    keyboard setting, and short texts alone ("Chñ hé") can read as either.
    """

    def __init__(self, source: SourceFile) -> None:
        self.source = source
        self.converted: dict[str, set[legacy.Encoding]] = {}
        self.pending: list[tuple[dict[str, Any], str, int, str]] = []
        # (strict column, text, font) → what converting it gives: a file repeats its villages, ethnic
        # groups, relationships and addresses on row after row.
        self.outcomes: dict[tuple[bool, str, str | None], tuple[str, legacy.Encoding, bool] | None] = {}

    def text(self, values: dict[str, Any], number: int, key: str, value: str, font: str | None) -> None:
        values[key] = value.strip()
        if key not in TEXT_KEYS or value.isascii():
            return
        strict = key in STRICT_KEYS
        try:
            outcome = self.outcomes[strict, value, font]
        except KeyError:
            outcome = self.outcomes[strict, value, font] = self._outcome(strict, value, font)
        if outcome is None:
            self.pending.append((values, key, number, value))
            return
        converted, encoding, odd = outcome
        values[key] = self._record(number, key, value, converted, encoding, odd)

    @staticmethod
    def _outcome(strict: bool, value: str, font: str | None) -> tuple[str, legacy.Encoding, bool] | None:
        """None when the encoding is left to the whole file (no font names one and the text looks legacy)."""
        if legacy.encoding_of_font(font) is None and legacy.detect(value) is not legacy.Encoding.UNICODE:
            return None
        converted, encoding = legacy.to_unicode(value, font)
        return converted, encoding, _odd(strict, converted, encoding)

    def _checked(self, number: int, key: str, raw: str, converted: str, encoding: legacy.Encoding) -> str:
        return self._record(number, key, raw, converted, encoding, _odd(key in STRICT_KEYS, converted, encoding))

    def _record(self, number: int, key: str, raw: str, converted: str, encoding: legacy.Encoding, odd: bool) -> str:
        if encoding is not legacy.Encoding.UNICODE:
            if odd:
                message = _(
                    "chữ gõ bằng bảng mã cũ (%(e)s) không chuyển được; %(hint)s.",
                    e=legacy.LABELS[encoding],
                    hint=UNIKEY_HINT,
                )
                self.source.legacy_errors.append((number, key, message))
                return raw.strip()
            self.converted.setdefault(key, set()).add(encoding)
        elif odd:
            self.source.legacy_errors.append(
                (number, key, _("có ký tự lạ, có thể gõ bằng bảng mã cũ (TCVN3/VNI); %(hint)s.", hint=UNIKEY_HINT))
            )
        return converted.strip()

    def finish(self) -> None:
        if self.pending:
            encoding = min(
                (legacy.Encoding.VNI, legacy.Encoding.TCVN3),
                key=lambda e: sum(legacy.oddness(legacy.convert(raw, e), mixed_case=True) for *_x, raw in self.pending),
            )
            for values, key, number, raw in self.pending:
                values[key] = self._checked(number, key, raw, legacy.convert(raw, encoding), encoding)
        for key, encodings in self.converted.items():
            names = ", ".join(sorted(legacy.LABELS[e] for e in encodings))
            self.source.notices.append(
                _(
                    "Cột '%(c)s' gõ bằng bảng mã %(e)s đã được chuyển sang Unicode; hãy kiểm tra lại tên.",
                    c=cols.LABEL_OF[key],
                    e=names,
                )
            )


def _odd(strict: bool, converted: str, encoding: legacy.Encoding) -> bool:
    """Whether a converted text is refused: a legacy text that did not convert cleanly, or a strict
    column's Unicode text with stray characters (addresses may carry the odd symbol)."""
    if encoding is not legacy.Encoding.UNICODE or strict:
        return legacy.oddness(converted) > 0
    return False


def cell_text(value: Any) -> str:
    """A cell as the text a form field would hold (dates as dd/mm/yyyy, whole numbers without '.0')."""
    if type(value) is str:  # most cells
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
