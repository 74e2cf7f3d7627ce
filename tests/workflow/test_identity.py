"""The personal ID number against the person's sex and birth year."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workflow.identity import PidProblem, check_pid, mask_pid, normalize_pid


@pytest.mark.parametrize(
    ("pid", "year", "female", "problems"),
    [
        ("001085012345", 1985, False, ()),
        ("001185012345", 1985, True, ()),
        ("001205012345", 2005, False, ()),
        ("001305012345", 2005, True, ()),
        ("001185012345", 1985, False, (PidProblem.SEX_OR_CENTURY,)),
        ("001085012345", 1986, False, (PidProblem.BIRTH_YEAR,)),
        ("001085012345", 2085, False, (PidProblem.SEX_OR_CENTURY,)),
        ("00108501234", 1985, False, (PidProblem.FORMAT,)),
        ("0010850123456", 1985, False, (PidProblem.FORMAT,)),
        ("00108501234a", 1985, False, (PidProblem.FORMAT,)),
    ],
)
def test_digits_four_to_six_must_match_the_person(
    pid: str, year: int, female: bool, problems: tuple[PidProblem, ...]
) -> None:
    assert check_pid(pid, birth_year=year, female=female).problems == problems


def test_an_old_province_prefix_stays_valid_and_an_unknown_one_is_flagged() -> None:
    known = {"001", "002", "008"}  # 002 is Hà Giang, merged into Tuyên Quang in 2025
    assert check_pid("002085012345", birth_year=1985, female=False, known_prefixes=known).ok
    result = check_pid("099085012345", birth_year=1985, female=False, known_prefixes=known)
    assert result.problems == (PidProblem.PREFIX,) and not result.malformed


def test_messages_are_vietnamese() -> None:
    assert "12 chữ số" in check_pid("1", birth_year=None, female=None).messages()[0]


def test_typed_separators_are_dropped_and_masking_keeps_the_ends() -> None:
    assert normalize_pid(" 001 085.012-345 ") == "001085012345"
    assert mask_pid("001088012345") == "0010******45"


@given(st.integers(1900, 2099), st.booleans(), st.integers(0, 999999))
def test_every_well_formed_number_for_a_person_passes(year: int, female: bool, serial: int) -> None:
    digit = 2 * ((year - 1900) // 100) + female
    pid = f"001{digit}{year % 100:02d}{serial:06d}"
    assert check_pid(pid, birth_year=year, female=female).ok
