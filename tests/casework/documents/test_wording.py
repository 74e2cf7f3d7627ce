"""The legal wording file: checked at load, every key present, placeholders filled or refused."""

from __future__ import annotations

import copy
import tomllib
from datetime import date
from pathlib import Path

import pytest

from casework.documents import wording


def shipped() -> dict:
    with wording.WORDING_FILE.open("rb") as handle:
        return tomllib.load(handle)


def test_the_shipped_file_holds_every_key_of_the_schema() -> None:
    loaded = wording.load()
    assert {section: set(keys) for section, keys in loaded.items() if section not in wording.DATED_SECTIONS} == {
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
    assert wording.legal_bases("certificate") == ()
    assert wording.text("recognition_decision", "archive") == "VT"
    with pytest.raises(wording.WordingError, match=r"use wording\.lines"):
        wording.text("recognition_decision", "legal_bases")
    with pytest.raises(wording.WordingError, match=r"use wording\.text"):
        wording.lines("recognition_decision", "implementers")
    with pytest.raises(wording.WordingError, match=r"no wording 'legal_bases' for \[refusal_letter\]"):
        wording.legal_bases("refusal_letter")


def test_every_standard_of_the_catalog_has_its_instruments() -> None:
    from workflow.standards import load_rule_set_by_id

    rulesets = Path(__file__).resolve().parents[3] / "workflow" / "standards" / "rulesets"
    ids = [path.stem for path in rulesets.glob("vn_*.toml")]
    assert ids
    for rule_set in (load_rule_set_by_id(rule_set_id) for rule_set_id in ids):
        table = wording.standard(rule_set.base_id or rule_set.id)
        assert table["bases"] and table["years"], rule_set.id


def test_a_basis_is_cited_only_between_its_dates() -> None:
    before = wording.cited_bases("recognition_decision", "vn_2022_2025", date(2025, 3, 14))
    after = wording.cited_bases("recognition_decision", "vn_2022_2025", date(2026, 3, 14))
    assert all(line.startswith("Căn cứ ") for line in (*before, *after))
    assert before[:2] == (
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015",
        "Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa "
        "phương ngày 22 tháng 11 năm 2019",
    )
    assert not any("351/2025" in line for line in before)  # not issued yet
    assert after[0] == "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025"
    assert any(line.startswith("Căn cứ Nghị định số 351/2025/NĐ-CP ngày 30 tháng 12 năm 2025") for line in after)
    assert after[-1].startswith("Căn cứ Quyết định số 24/2021/QĐ-TTg ngày 16 tháng 7 năm 2021 của Thủ tướng")
    # From 2027 the decision cites the new standard, not NĐ 07/2021.
    later = wording.cited_bases("certificate", "vn_2027_2030", date(2027, 1, 10))
    assert not any("07/2021/NĐ-CP" in line for line in later) and any("351/2025" in line for line in later)


def test_a_basis_that_does_not_say_what_it_is_fails() -> None:
    raw = copy.deepcopy(shipped())
    raw["standards"]["vn_2022_2025"]["bases"][0]["text"] = "Nghị định số 07/2021/NĐ-CP"
    with pytest.raises(wording.WordingError, match=r"a legal basis begins \"Căn cứ \""):
        wording.validate(raw)
    raw = copy.deepcopy(shipped())
    raw["local_government"]["bases"][0]["until"] = "30/06/2025"
    with pytest.raises(wording.WordingError, match=r"until must be a date"):
        wording.validate(raw)
    with pytest.raises(wording.WordingError, match=r"no \[standards.vn_2031_2035\]"):
        wording.standard("vn_2031_2035")
