"""Names: normalisation, search keys and the Vietnamese list order."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from workflow.names import NameParts, normalize, search_key, sort_key, split_name


def test_search_key_drops_marks_and_folds_d_with_stroke() -> None:
    assert search_key("Nguyễn Thị  ĐÀO") == "nguyen thi dao"
    assert search_key("Ðặng") == "dang"  # Icelandic eth from legacy-font conversions
    decomposed = unicodedata.normalize("NFD", "Lê Thị Hoà")
    assert search_key(decomposed) == search_key("Lê Thị Hòa") == "le thi hoa"


def test_normalize_composes_and_folds_spaces() -> None:
    assert normalize(unicodedata.normalize("NFD", "  Trần   Văn  Ơn ")) == "Trần Văn Ơn"


def test_split_name() -> None:
    assert split_name("Nguyễn Thị Minh Khai") == NameParts("Nguyễn", "Thị Minh", "Khai")
    assert split_name("Páo") == NameParts("", "", "Páo")


def test_lists_sort_by_given_name_in_alphabet_and_tone_order() -> None:
    names = ["Trần Văn Bình", "Lê Thị Ánh", "Phạm Văn An", "Đỗ Thị Ân", "Vũ Ăn", "Ngô Anh", "Lý Văn Đức", "Hà Dũng"]
    ordered = sorted(names, key=sort_key)
    # a < ă < â; level before acute; d < đ; given name decides before the family name.
    assert ordered == [
        "Phạm Văn An",
        "Ngô Anh",
        "Lê Thị Ánh",
        "Vũ Ăn",
        "Đỗ Thị Ân",
        "Trần Văn Bình",
        "Hà Dũng",
        "Lý Văn Đức",
    ]


def test_same_given_name_then_middle_then_family_then_birth_date() -> None:
    people = [
        ("Trần Thị Lan", "1990-01-01"),
        ("Lê Thị Lan", "1991-01-01"),
        ("Lê Thị Lan", "1980-01-01"),
        ("Lê Anh Lan", "2000-01-01"),
    ]
    ordered = sorted(people, key=lambda p: sort_key(p[0], birth_date_iso=p[1]))
    assert ordered == [
        ("Lê Anh Lan", "2000-01-01"),
        ("Lê Thị Lan", "1980-01-01"),
        ("Lê Thị Lan", "1991-01-01"),
        ("Trần Thị Lan", "1990-01-01"),
    ]


def test_an_override_of_the_name_parts_changes_the_order() -> None:
    # A Central Highlands name whose lineage name ends the full name.
    assert sort_key("H'Hen Niê", NameParts(family="Niê", middle="", given="H'Hen")) < sort_key("Nguyễn Văn Khang")


@given(st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạầẩẫấậềểễếệ ", min_size=1, max_size=30))
def test_sort_keys_are_digits_so_every_database_collation_agrees(name: str) -> None:
    assert sort_key(name).isdigit()
