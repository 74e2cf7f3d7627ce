"""The unit rows (provinces, legacy districts, communes of both eras) from the package's tables,
and the name rules they share with the succession mapping."""

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
AREA_TYPES = {
    "rural_commune": "rural",
    "ward": "urban",
    "township": "urban",
    "special_zone": "",  # not settled (conventions §7.2) -> left empty
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


def build_provinces(current, legacy):
    provinces = {}
    for era, rows in ((LEGACY, legacy), (CURRENT, current)):
        for r in rows:
            code = r["provinceCode"]
            name, prefix = split_name(r["province"], PROVINCE_TYPES)
            row = {
                "code": code,
                "era": era,
                "name": name,
                "unit_type": PROVINCE_TYPES[prefix],
                "effective_from": "" if era == LEGACY else CURRENT_FROM,
                "effective_to": LEGACY_TO if era == LEGACY else "",
            }
            old = provinces.setdefault((code, era), row)
            if old != row:
                raise ValueError(f"inconsistent province rows for {code}/{era}: {old} vs {row}")
    return provinces


def build_districts(legacy, provinces, notes):
    """Legacy districts only: the two-level scheme of 1/7/2025 has none."""
    districts = {}
    for r in legacy:
        code = r["districtCode"]
        name, prefix = split_name(r["district"], DISTRICT_TYPES)
        if name != nfc(r["district"]):
            notes.append(f"district {code}: name prefix capitalisation normalised {nfc(r['district'])!r} -> {name!r}")
        utype = DISTRICT_TYPES[prefix]
        if utype is None:
            parent_type = provinces[(r["provinceCode"], LEGACY)]["unit_type"]
            utype = "municipal_city" if parent_type == "central_city" else "provincial_city"
        row = {
            "code": code,
            "era": LEGACY,
            "name": name,
            "unit_type": utype,
            "province_code": r["provinceCode"],
            "effective_from": "",
            "effective_to": LEGACY_TO,
        }
        old = districts.setdefault(code, row)
        if old != row:
            raise ValueError(f"inconsistent district rows for {code}")
    return districts


WARD_TYPES = {"Xã": "rural_commune", "Phường": "ward", "Thị trấn": "township", "Đặc khu": "special_zone"}


def commune_row(r, era, notes):
    code = r["wardCode"]
    name, prefix = split_name(r["ward"], COMMUNE_TYPES)
    if name != nfc(r["ward"]):
        notes.append(f"{era} commune {code}: name prefix capitalisation normalised {nfc(r['ward'])!r} -> {name!r}")
    utype = COMMUNE_TYPES[prefix]
    if WARD_TYPES.get(nfc(r["wardType"])) != utype:
        notes.append(
            f"{era} commune {code} {name!r}: package wardType {r['wardType']!r} contradicts "
            f"the name; unit_type taken from the name ({utype})"
        )
    return {
        "code": code,
        "era": era,
        "name": name,
        "unit_type": utype,
        "province_code": r["provinceCode"],
        "district_code": r["districtCode"] if era == LEGACY else "",
        "area_type": AREA_TYPES[utype],
        "legacy_province_code": r["provinceCode"] if era == LEGACY else None,  # current: assign_legacy_provinces
        "effective_from": "" if era == LEGACY else CURRENT_FROM,
        "effective_to": LEGACY_TO if era == LEGACY else "",
    }


def build_communes(current, legacy, notes):
    communes = {}
    for era, rows in ((LEGACY, legacy), (CURRENT, current)):
        for r in rows:
            if not r["wardCode"]:
                continue  # legacy island districts without a commune level
            if (r["wardCode"], era) in communes:
                raise ValueError(f"duplicate commune {r['wardCode']}/{era}")
            communes[(r["wardCode"], era)] = commune_row(r, era, notes)
    return communes
