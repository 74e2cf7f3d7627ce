"""Names, types and eras of the administrative units, as generate.py and successions.py read them."""

from __future__ import annotations

import unicodedata

LEGACY = "legacy"
CURRENT = "current"
LEGACY_TO = "2025-06-30"  # last day of the 63-province / 3-level scheme
CURRENT_FROM = "2025-07-01"  # 34 provinces, 2 levels (QĐ 19/2025/QĐ-TTg)
REFORM_DATE = CURRENT_FROM

# Name prefix -> unit_type.  The prefix of the official full name is treated as
# authoritative; the package's wardType column disagrees with it in 7 rows.
PROVINCE_TYPES = {"Thành phố": "central_city", "Tỉnh": "province"}
COMMUNE_TYPES = {
    "Xã": "rural_commune",
    "Phường": "ward",
    "Thị trấn": "township",  # legacy only
    "Đặc khu": "special_zone",  # current only
}
# District types; "Thành phố" is split by the kind of province it belongs to.
DISTRICT_TYPES = {
    "Quận": "urban_district",
    "Huyện": "rural_district",
    "Thị xã": "town",
    "Thành phố": None,  # provincial_city / municipal_city, decided below
}


def nfc(s: str | None) -> str:
    return unicodedata.normalize("NFC", (s or "").strip())


def split_name(name: str, table: dict) -> tuple[str, str]:
    """Return (canonical full name, prefix) for an official name such as
    'Thị Xã Buôn Hồ' -> ('Thị xã Buôn Hồ', 'Thị xã').  The prefix match is
    case-insensitive and its capitalisation is normalised; the rest of the name
    is kept exactly as in the source."""
    name = nfc(name)
    for prefix in sorted(table, key=len, reverse=True):
        if name.casefold().startswith(prefix.casefold() + " "):
            return prefix + name[len(prefix) :], prefix
    raise ValueError(f"unrecognised unit name prefix: {name!r}")


def bare(name: str) -> str:
    """Name without its type prefix, casefolded (used to detect name collisions)."""
    for table in (COMMUNE_TYPES, DISTRICT_TYPES):
        try:
            full, prefix = split_name(name, table)
        except ValueError:
            continue
        return full[len(prefix) + 1 :].casefold()
    return name.casefold()
