"""The legal wording file: checked at load, every key present, placeholders filled or refused."""

from __future__ import annotations

import copy
import tomllib
from pathlib import Path

import pytest

from casework.documents import wording


def shipped() -> dict:
    with wording.WORDING_FILE.open("rb") as handle:
        return tomllib.load(handle)


def test_the_shipped_file_holds_every_key_of_the_schema() -> None:
    loaded = wording.load()
    assert {section: set(keys) for section, keys in loaded.items()} == {
        section: set(keys) for section, keys in wording.SCHEMA.items()
    }


def test_a_missing_key_fails_naming_the_file_section_and_key() -> None:
    raw = shipped()
    del raw["recognition_decision"]["implementers"]
    with pytest.raises(
        wording.WordingError, match=r"wording\.toml: missing key 'implementers' in \[recognition_decision\]"
    ):
        wording.validate(raw)


def test_a_missing_section_fails() -> None:
    raw = shipped()
    del raw["certificate"]
    with pytest.raises(wording.WordingError, match=r"missing section \[certificate\]"):
        wording.validate(raw)


def test_an_unknown_key_or_section_fails_so_a_typo_is_not_silently_ignored() -> None:
    raw = copy.deepcopy(shipped())
    raw["posting_notice"]["recipent"] = ["Các thôn"]
    with pytest.raises(wording.WordingError, match=r"unknown key 'recipent' in \[posting_notice\]"):
        wording.validate(raw)
    raw = {**shipped(), "decison": {}}
    with pytest.raises(wording.WordingError, match=r"unknown section \[decison\]"):
        wording.validate(raw)


def test_a_value_of_the_wrong_type_fails() -> None:
    raw = shipped()
    raw["recognition_decision"]["legal_bases"] = "Luật Tổ chức chính quyền địa phương"
    with pytest.raises(wording.WordingError, match=r"\[recognition_decision\] legal_bases must be a list of texts"):
        wording.validate(raw)


def test_a_broken_file_fails_at_load(tmp_path: Path) -> None:
    path = tmp_path / "wording.toml"
    path.write_text('[request_form]\nform_label = "Mẫu số 01"\n', encoding="utf-8")
    with pytest.raises(wording.WordingError, match=r"missing section \[exit_request_form\]"):
        wording.load(path)


def test_placeholders_are_filled_and_a_missing_value_is_refused() -> None:
    assert wording.recipients("upper_report", commune_kind="phường") == ("Chủ tịch, các Phó Chủ tịch UBND phường",)
    with pytest.raises(wording.WordingError, match=r"\[upper_report\] recipients needs a value for 'commune_kind'"):
        wording.recipients("upper_report")


def test_lists_and_texts_are_asked_for_by_their_own_function() -> None:
    assert wording.legal_bases("certificate") == wording.legal_bases("recognition_decision")[:2]
    assert wording.text("recognition_decision", "archive") == "VT"
    with pytest.raises(wording.WordingError, match=r"use wording\.lines"):
        wording.text("recognition_decision", "legal_bases")
    with pytest.raises(wording.WordingError, match=r"use wording\.text"):
        wording.lines("recognition_decision", "implementers")
    with pytest.raises(wording.WordingError, match=r"no wording 'legal_bases' for \[refusal_letter\]"):
        wording.legal_bases("refusal_letter")
