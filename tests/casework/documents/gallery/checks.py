"""What a records clerk reads for in every issued document, as functions of the document's text.

Each check returns the offending passages (empty: the document passes).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from tests.casework.documents.gallery.conftest import Sample


def _around(text: str, match: re.Match[str], width: int = 40) -> str:
    start, end = max(0, match.start() - width), min(len(text), match.end() + width)
    return " ".join(text[start:end].split())


def _flat(text: str) -> str:
    return " ".join(text.split())


def snake_case(sample: Sample) -> list[str]:
    """Configuration keys and code values: `not_poor`, `codes:latrine`, `rule:b1`, a bullet reading "- car"."""
    pattern = r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b|\b[a-z_]+:[a-z0-9_]+|(?m:^[ \t]*-[ \t]*[a-z][a-z0-9]*[ \t]*$)"
    found = re.finditer(pattern, sample.text)
    return [_around(sample.text, m) for m in found]


def rule_set_id(sample: Sample) -> list[str]:
    """Rule-set ids and versions (vn_2022_2025, "phiên bản 1.0.0"): the standard is cited by its instrument."""
    found = re.finditer(r"\bvn_\d{4}_\d{4}\b|phieu_a_\d{4}|b1_scores|phiên bản \d+\.\d+\.\d+", sample.text, re.I)
    return [_around(sample.text, m) for m in found]


def database_id(sample: Sample) -> list[str]:
    """Members, cases and complaints named by their database id ("thành viên 1533", "hồ sơ số 12").

    A register number such as the receipt's "00715-2026-00002" is not an id: it is followed by "-" or "/".
    """
    flat = _flat(sample.text)
    pattern = r"\b(thành viên|hồ sơ|mã hồ sơ|khiếu nại|phản ánh|case|id)\s*(số\s*)?#?\d+\b(?![-/])"
    return [_around(flat, m) for m in re.finditer(pattern, flat, re.I)]


# Words that repeat in the demo's own names; a doubled word made by a document is a defect.
REPEATABLE = {
    "lô": "the Lô Lô people, and places named after them (Thôn Lô Lô Chải)",
    "mỷ": "demo names such as Vừ Thị Mỷ Mỷ (middle name Thị Mỷ, given name Mỷ)",
}


def doubled_word(sample: Sample) -> list[str]:
    """The same word twice in a row ("Thôn Thôn Xín Cái", "thôn Thôn Lô Lô Chải", "đầu người người").

    Read in the rendered HTML, cell by cell: side-by-side cells of a table are not a sentence.
    """
    found = re.finditer(r"(?<!\w)([^\W\d_]{2,})\s+\1(?!\w)", sample.html_text, re.I)
    return [_around(sample.html_text, m) for m in found if m.group(1).lower() not in REPEATABLE]


def number_filled(sample: Sample) -> list[str]:
    """Every "Số:" carries a number, unless the document is a draft."""
    if sample.issued.draft:
        return []
    flat = _flat(sample.text)
    found = re.finditer(r"\bSố:\s*(\S*)", flat)
    return [_around(flat, m) for m in found if not re.match(r"\d", m.group(1))]


def date_filled(sample: Sample) -> list[str]:
    """The place-and-date line is filled ("Lũng Cú, ngày 02 tháng 3 năm 2026"), unless the document is a draft."""
    if sample.issued.draft:
        return []
    flat = _flat(sample.text)
    return [_around(flat, m) for m in re.finditer(r"ngày\s*[….]{2,}\s*tháng", flat)]


def legal_bases_cited(sample: Sample) -> list[str]:
    """Each legal basis of the document begins "Căn cứ ..." (ND 30/2020, Phụ lục I)."""
    bases = sample.issued.context.get("legal_bases") or []
    flat = _flat(sample.text)
    missing = []
    for basis in bases:
        line = _flat(basis.get("text", "") if isinstance(basis, dict) else str(basis))
        # "Xét ý kiến của …" (the upper level's opinion) and "Theo đề nghị của …" close the preamble.
        if line.startswith(("Căn cứ", "Xét ", "Theo đề nghị")):
            continue
        words = " ".join(line.split()[:5])
        position = flat.find(words)
        if position < 0 or not flat[max(0, position - 8) : position].rstrip().endswith("Căn cứ"):
            missing.append(line[:90])
    return missing


def stray_punctuation(sample: Sample) -> list[str]:
    """Punctuation left where an optional value was empty ("Hoàng Thị Lan, - Tổ trưởng;", "( )", " ,")."""
    pattern = r",\s*[,;.]|,\s+-\s|\(\s*\)|[^\s¦]\s+[,;](?=\s)"
    return [_around(sample.html_text, m) for m in re.finditer(pattern, sample.html_text)]


def unconfirmed_note(sample: Sample) -> list[str]:
    """Notes on what the app has not confirmed belong in the app and its audit data, not on an official paper."""
    pattern = r"chưa (được )?(đối chiếu|xác nhận|xác minh)|minh họa|illustrative"
    flat = _flat(sample.text)
    return [_around(flat, m) for m in re.finditer(pattern, flat, re.I)]


def none_or_null(sample: Sample) -> list[str]:
    """Python's None, JSON's null, nan or undefined printed where a value was missing."""
    found = re.finditer(r"\b(None|null|nan|NaN|undefined)\b", sample.text)
    return [_around(sample.text, m) for m in found]


CHECKS: dict[str, Callable[[Sample], list[str]]] = {
    "no_snake_case": snake_case,
    "no_rule_set_id": rule_set_id,
    "no_database_id": database_id,
    "no_doubled_word": doubled_word,
    "number_filled": number_filled,
    "date_filled": date_filled,
    "legal_bases_cited": legal_bases_cited,
    "no_stray_punctuation": stray_punctuation,
    "no_unconfirmed_note": unconfirmed_note,
    "no_none_or_null": none_or_null,
}
