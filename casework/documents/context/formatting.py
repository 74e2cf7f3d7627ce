"""Words and numbers as Nghị định 30/2020 prints them: date and number lines, money, "Nơi nhận".

Plain numbers, amounts and rates are spelled by casework.formatting, the one formatter of the app.

The padding rules are the decree's: a day below 10 and months 1 and 2 get a leading zero on the date
line, document numbers below 10 get one so that a '5' cannot be turned into '15'.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, time
from typing import Any

from casework import formatting

# Symbols that documents.md §4 accepts after padding: `^\d{2,}/[A-ZĐ0-9.\-]+$`.
_SYMBOL = re.compile(r"^[A-ZĐ0-9.\-]+$")
# Blanks printed where a draft (or an unsigned form) leaves a value to be written in.
BLANK = "……"


def vn_date(d: date) -> str:
    """'ngày 05 tháng 01 năm 2026': day padded below 10, only months 1 and 2 padded (ND 30 §1.4)."""
    month = f"{d.month:02d}" if d.month <= 2 else str(d.month)
    return f"ngày {d.day:02d} tháng {month} năm {d.year}"


def date_line(place: str, d: date | None) -> str:
    """The place-and-date line (ô 4); blank when the date is not known yet (drafts, forms)."""
    if d is None:
        return f"{place}, ngày {BLANK} tháng {BLANK} năm 20{BLANK}"
    return f"{place}, {vn_date(d)}"


def short_date(d: date | None) -> str:
    """'05/01/2026' for dates inside text and tables (the padding rule concerns the date line)."""
    return d.strftime("%d/%m/%Y") if d else f"{BLANK}/{BLANK}/{BLANK}"


def check_symbol(symbol: str) -> str:
    if not _SYMBOL.match(symbol):
        raise ValueError(f"not a document symbol: {symbol!r}")
    return symbol


def padded_number(number: int) -> str:
    """Numbers below 10 get a leading zero ('05'), so a '5' cannot be turned into '15'."""
    if number < 1:
        raise ValueError("document numbers start at 01")
    return f"{number:02d}"


def number_line(number: int | None, symbol: str) -> str:
    """'Số: 05/QĐ-UBND', or 'Số: ……/QĐ-UBND' while the register has not given a number."""
    check_symbol(symbol)
    return f"Số: {padded_number(number) if number is not None else BLANK}/{symbol}"


def document_reference(number: int | None, symbol: str, d: date | None) -> str:
    """'số 05/QĐ-UBND ngày 05 tháng 01 năm 2026' as an appendix cites its document (blanks when unknown)."""
    shown = padded_number(number) if number is not None else BLANK
    when = vn_date(d) if d else f"ngày {BLANK} tháng {BLANK} năm 20{BLANK}"
    return f"số {shown}/{symbol} {when}"


def money(amount: int) -> dict[str, Any]:
    """An amount as the context stores it: the integer, and the text documents print ('1.500.000 đồng')."""
    return {"amount": amount, "text": formatting.money(amount, unit="đồng")}


def clock(t: time) -> str:
    return f"{t.hour:02d} giờ {t.minute:02d} phút"


def recipient_lines(entries: Sequence[str], archive: str) -> list[str]:
    """'Nơi nhận' entries: '- …;' each, the last '- Lưu: VT, <unit>.' (ND 30 ô 9b)."""
    lines = [f"- {entry.rstrip(' ;.')};" for entry in entries]
    return [*lines, f"- Lưu: {archive.rstrip(' ;.')}."]


def legal_basis_lines(bases: Sequence[str]) -> list[str]:
    """One basis a line, each ending ';' and the last '.' (ND 30 ô 6)."""
    stripped = [basis.rstrip(" ;.") for basis in bases]
    return [f"{text}{'.' if index == len(stripped) - 1 else ';'}" for index, text in enumerate(stripped)]


# Words a village's registered name may begin with ("Thôn Xín Cái", "Tổ dân phố 3", "Bản Phùng"):
# longest first, so "tổ dân phố" is found before "tổ".
VILLAGE_KINDS = (
    *("tổ dân phố", "khu phố", "thôn", "bản", "làng", "ấp", "xóm"),
    *("buôn", "sóc", "plei", "khóm", "tổ", "khu"),
)


def village_parts(name: str) -> tuple[str, str]:
    """('thôn', 'Xín Cái') from 'Thôn Xín Cái'; a name without its kind is a thôn."""
    stripped = " ".join(name.split())
    lowered = stripped.lower()
    for kind in VILLAGE_KINDS:
        if lowered.startswith(kind + " ") and len(stripped) > len(kind) + 1:
            return kind, stripped[len(kind) + 1 :]
    return "thôn", stripped


def village_text(name: str, *, capital: bool = False) -> str:
    """A village as a sentence names it, its kind said once: 'thôn Xín Cái' ('Thôn Xín Cái' to open a line)."""
    kind, proper = village_parts(name)
    return f"{kind[0].upper() + kind[1:] if capital else kind} {proper}"


def two_digit(row_no: int) -> str:
    return f"{row_no:02d}"


def birth_text(value: date | int | None) -> str:
    """A birth date, or a year alone where only the year is known (elderly members)."""
    if value is None:
        return ""
    if isinstance(value, date):
        return short_date(value)
    return str(value)


def birth_year(value: date | int | None) -> int | None:
    if value is None:
        return None
    return value.year if isinstance(value, date) else value


def roman(number: int) -> str:
    numerals = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    text = ""
    for value, letters in numerals:
        while number >= value:
            text += letters
            number -= value
    return text
