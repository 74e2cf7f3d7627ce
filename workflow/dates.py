"""Dates and money as Vietnamese users write and read them (conventions.md §1-§2)."""

from __future__ import annotations

import datetime as dt
import re

_SEPARATED = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_COMPACT = re.compile(r"^(\d{2})(\d{2})(\d{4})$")
_YEAR = re.compile(r"^(\d{4})$")


class DateInputError(ValueError):
    """The text is not a date a person could have meant; the message is for the user."""


def parse_date(text: str, *, allow_year_only: bool = False) -> tuple[dt.date, str]:
    """Parse d/m/yyyy, dd-mm-yyyy, ddmmyyyy (and yyyy when allowed).

    Returns the date and its precision, "day" or "year"; a year-only date is 1 January.
    """
    text = (text or "").strip()
    match = _SEPARATED.match(text) or _COMPACT.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        try:
            return dt.date(year, month, day), "day"
        except ValueError:
            raise DateInputError(f"Ngày {text} không tồn tại.") from None
    if allow_year_only and _YEAR.match(text):
        return dt.date(int(text), 1, 1), "year"
    hint = "dd/mm/yyyy hoặc chỉ năm sinh (yyyy)" if allow_year_only else "dd/mm/yyyy"
    raise DateInputError(f"Ngày phải viết theo dạng {hint}.")


def format_date(value: dt.date | None, precision: str = "day") -> str:
    if value is None:
        return ""
    if precision == "year":
        return f"{value.year:04d}"
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


def age_on(birth_date: dt.date, on: dt.date) -> int:
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))
