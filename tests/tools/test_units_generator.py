"""The unit-list generator's pieces, on a tiny made-up extract of the package's tables.

Byte-identical output on the real package is checked by hand when the data is regenerated
(casework/data/units/SOURCE.md, "Regenerating"); these tests keep the rules from drifting.
"""

from __future__ import annotations

import pytest

from tools.units.generate import build
from tools.units.units import COMMUNE_TYPES, bare, split_name

LEGACY = [
    {
        "provinceCode": "02",
        "province": "Tỉnh Hà Giang",
        "provinceKey": "hagiang",
        "districtCode": "026",
        "district": "Huyện Đồng Văn",
        "districtKey": "dongvan",
        "wardCode": "00715",
        "ward": "Xã Lũng Cú",
        "wardType": "Xã",
        "wardKey": "lungcu",
    },
    {
        "provinceCode": "02",
        "province": "Tỉnh Hà Giang",
        "provinceKey": "hagiang",
        "districtCode": "026",
        "district": "Huyện Đồng Văn",
        "districtKey": "dongvan",
        "wardCode": "00733",
        "ward": "Xã Sà Phìn",
        "wardType": "Phường",
        "wardKey": "saphin",
    },
]
CURRENT = [
    {
        "provinceCode": "08",
        "province": "Tỉnh Tuyên Quang",
        "provinceKey": "tuyenquang",
        "wardCode": "00715",
        "ward": "Xã Lũng Cú",
        "wardType": "Xã",
        "wardKey": "lungcu",
    },
]
CONVERTER = {
    "DICT_PROVINCE": {"tuyenquang": ["hagiang"]},
    "DICT_PROVINCE_WARD_NO_DIVIDED": {"tuyenquang": {"lungcu": ["hagiang_dongvan_lungcu", "hagiang_dongvan_saphin"]}},
    "DICT_PROVINCE_WARD_DIVIDED": {},
}


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Thị Trấn Ái Tử", ("Thị trấn Ái Tử", "Thị trấn")), ("Xã Đại áng", ("Xã Đại áng", "Xã"))],
)
def test_split_name_normalises_only_the_prefix(name: str, expected: tuple[str, str]) -> None:
    assert split_name(name, COMMUNE_TYPES) == expected


def test_bare_name_ignores_the_type_prefix() -> None:
    assert bare("Phường 4") == bare("Xã 4") == "4"


def test_build_merges_two_legacy_communes_into_one() -> None:
    provinces, districts, communes, successions, rejected, notes = build(CURRENT, LEGACY, CONVERTER)
    assert set(provinces) == {("02", "legacy"), ("08", "current")}
    assert districts["026"]["unit_type"] == "rural_district"
    assert communes[("00715", "current")]["legacy_province_code"] == "02"
    rows = {(s["old_level"], s["old_code"], s["new_code"], s["extent"], s["is_default"]) for s in successions}
    assert rows == {
        ("commune", "00715", "00715", "whole", 1),
        ("commune", "00733", "00715", "whole", 1),
        ("province", "02", "08", "whole", 1),
    }
    assert rejected == []
    assert any("wardType 'Phường' contradicts the name" in note for note in notes)
