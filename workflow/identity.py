"""The 12-digit personal identification number (số định danh cá nhân), conventions.md §6.

Digits 1-3 name the province where the birth was registered, digit 4 the century and sex,
digits 5-6 the last two digits of the birth year. There is no check digit. A mismatch with the
person's data is far more often a typing error than a bad card, so it is reported as something
to re-check rather than as proof the number is wrong.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Collection
from dataclasses import dataclass

_PID = re.compile(r"^\d{12}$")
_LEGACY_CMND = re.compile(r"^\d{9}$")


class PidProblem(enum.Enum):
    FORMAT = "format"
    SEX_OR_CENTURY = "sex_or_century"
    BIRTH_YEAR = "birth_year"
    PREFIX = "prefix"


# Vietnamese first: these are shown to users next to the field.
PID_MESSAGES = {
    PidProblem.FORMAT: "Số định danh cá nhân phải gồm đúng 12 chữ số.",
    PidProblem.SEX_OR_CENTURY: (
        "Chữ số thứ 4 của số định danh không khớp với giới tính và thế kỷ sinh "
        "(0/1: nam/nữ sinh 1900-1999; 2/3: nam/nữ sinh 2000-2099)."
    ),
    PidProblem.BIRTH_YEAR: "Chữ số thứ 5-6 của số định danh không khớp với năm sinh.",
    PidProblem.PREFIX: "Ba chữ số đầu của số định danh không phải mã tỉnh nơi đăng ký khai sinh đã biết.",
}


@dataclass(frozen=True)
class PidCheck:
    problems: tuple[PidProblem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def malformed(self) -> bool:
        """A malformed number can never be accepted; the other problems can be confirmed."""
        return PidProblem.FORMAT in self.problems

    def messages(self) -> list[str]:
        return [PID_MESSAGES[p] for p in self.problems]


_PID_SEPARATORS = re.compile(r"[\s.\-]")


def normalize_pid(raw: str) -> str:
    """Drop the spaces and dots people type between digit groups."""
    return _PID_SEPARATORS.sub("", raw or "")


def check_pid(
    pid: str,
    *,
    birth_year: int | None,
    female: bool | None,
    known_prefixes: Collection[str] | None = None,
) -> PidCheck:
    """Check a number against the person's sex and birth year.

    `known_prefixes` is data (the registration-province codes in force when cards were issued);
    a prefix from a province merged in 2025 is still valid, so the list must hold the old codes.
    """
    if not _PID.match(pid):
        return PidCheck((PidProblem.FORMAT,))
    problems: list[PidProblem] = []
    century_sex = int(pid[3])
    century = 1900 + 100 * (century_sex // 2)
    if female is not None and century_sex % 2 != int(female):
        problems.append(PidProblem.SEX_OR_CENTURY)
    if birth_year is not None:
        if birth_year // 100 * 100 != century:
            if PidProblem.SEX_OR_CENTURY not in problems:
                problems.append(PidProblem.SEX_OR_CENTURY)
        elif birth_year % 100 != int(pid[4:6]):
            problems.append(PidProblem.BIRTH_YEAR)
    if known_prefixes is not None and pid[:3] not in known_prefixes:
        problems.append(PidProblem.PREFIX)
    return PidCheck(tuple(problems))


def is_legacy_cmnd(number: str) -> bool:
    """The old 9-digit identity card number, still printed on some records."""
    return bool(_LEGACY_CMND.match(number))


def mask_pid(pid: str) -> str:
    """'001088012345' -> '0010******45': enough to tell two people apart, not to misuse."""
    if len(pid) < 6:
        return "*" * len(pid)
    return pid[:4] + "*" * (len(pid) - 6) + pid[-2:]
