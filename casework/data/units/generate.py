#!/usr/bin/env python3
"""Regenerate the administrative-unit CSVs in this folder from the MIT-licensed
PyPI package ``vietnamadminunits`` (tested with 1.0.4).

Usage:
    python generate.py /path/to/unpacked/vietnamadminunits [--out DIR] [--raw-successions]

PACKAGE_DIR is the package directory itself (the one that contains
``data/dataset.db`` and ``data/converter_2025.json``), e.g. the
``vietnamadminunits/`` folder of an unpacked wheel.  Only the standard library
is used; the package's own code (and its dependencies) is never imported.

Output (UTF-8, no BOM, comma-separated, header row, LF line endings, codes as
zero-padded strings, rows sorted by code):
    provinces.csv, districts.csv, communes.csv, successions.csv,
    successions_rejected.csv
See SOURCE.md for the column definitions and the derivation rules.
"""

from __future__ import annotations

import argparse
import collections
import csv
import json
import os
import sqlite3
import sys

import successions as reform
from naming import (
    COMMUNE_TYPES,
    CURRENT,
    CURRENT_FROM,
    DISTRICT_TYPES,
    LEGACY,
    LEGACY_TO,
    PROVINCE_TYPES,
    nfc,
    split_name,
)

AREA_TYPES = {
    "rural_commune": "rural",
    "ward": "urban",
    "township": "urban",
    "special_zone": "",  # not settled (conventions §7.2) -> left empty
}

PROVINCE_COLUMNS = ["code", "era", "name", "unit_type", "effective_from", "effective_to"]
DISTRICT_COLUMNS = ["code", "era", "name", "unit_type", "province_code", "effective_from", "effective_to"]
COMMUNE_COLUMNS = [
    "code",
    "era",
    "name",
    "unit_type",
    "province_code",
    "district_code",
    "area_type",
    "legacy_province_code",
    "effective_from",
    "effective_to",
]
SUCCESSION_COLUMNS = ["old_code", "old_level", "new_code", "new_level", "effective_date", "extent", "is_default"]
REJECTED_COLUMNS = [
    "old_code",
    "old_level",
    "new_code",
    "new_level",
    "old_name",
    "new_name",
    "source_is_default",
    "better_predecessor_code",
    "reason",
]
LEVEL_ORDER = {"province": 0, "district": 1, "commune": 2}


def load(pkg_dir: str):
    db_path = os.path.join(pkg_dir, "data", "dataset.db")
    conv_path = os.path.join(pkg_dir, "data", "converter_2025.json")
    for p in (db_path, conv_path):
        if not os.path.isfile(p):
            sys.exit(f"not found: {p} (pass the unpacked 'vietnamadminunits' package directory)")
    con = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    con.row_factory = sqlite3.Row
    current = [
        dict(r)
        for r in con.execute(
            "SELECT provinceCode, province, provinceKey, wardCode, ward, wardType, wardKey FROM admin_units"
        )
    ]
    legacy = [
        dict(r)
        for r in con.execute(
            "SELECT provinceCode, province, provinceKey, districtCode, district, districtKey, "
            "wardCode, ward, wardType, wardKey FROM admin_units_legacy"
        )
    ]
    con.close()
    with open(conv_path, encoding="utf-8") as f:
        converter = json.load(f)
    return current, legacy, converter


def build(current, legacy, converter, raw_successions=False):
    notes: list[str] = []
    provinces = _provinces(current, legacy)
    districts = _districts(legacy, provinces, notes)
    communes = _communes(current, legacy, notes)
    old_by_key, new_by_key = reform.units_by_key(current, legacy)
    links = reform.links(converter, old_by_key, new_by_key)
    new_name = {r["code"]: r["name"] for r in new_by_key.values()}
    rejected = [] if raw_successions else reform.reject_collisions(links, new_name)
    by_old = collections.defaultdict(list)
    for ln in links.values():
        by_old[(ln["old"]["level"], ln["old"]["code"])].append(ln)
    successions = reform.commune_successions(by_old) + reform.province_successions(current, legacy, converter)
    reform.set_legacy_provinces(communes, links, by_old, notes)
    return provinces, districts, communes, successions, rejected, notes


def _provinces(current, legacy):
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


def _districts(legacy, provinces, notes):
    """Legacy only: the district level ended with the reform."""
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


def _communes(current, legacy, notes):
    communes = {}
    for era, rows in ((LEGACY, legacy), (CURRENT, current)):
        for r in rows:
            if not r["wardCode"]:
                continue  # legacy island districts without a commune level
            row = _commune_row(era, r, notes)
            if (row["code"], era) in communes:
                raise ValueError(f"duplicate commune {row['code']}/{era}")
            communes[(row["code"], era)] = row
    return communes


def _commune_row(era, r, notes):
    code = r["wardCode"]
    name, prefix = split_name(r["ward"], COMMUNE_TYPES)
    if name != nfc(r["ward"]):
        notes.append(f"{era} commune {code}: name prefix capitalisation normalised {nfc(r['ward'])!r} -> {name!r}")
    utype = COMMUNE_TYPES[prefix]
    src_type = WARD_TYPES.get(nfc(r["wardType"]))
    if src_type != utype:
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
        "legacy_province_code": r["provinceCode"] if era == LEGACY else None,  # set by reform.set_legacy_provinces
        "effective_from": "" if era == LEGACY else CURRENT_FROM,
        "effective_to": LEGACY_TO if era == LEGACY else "",
    }


def write_csv(path, columns, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=columns, lineterminator="\n", extrasaction="raise")
        w.writeheader()
        for r in rows:
            w.writerow(r)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("package_dir", help="unpacked 'vietnamadminunits' package directory (contains data/dataset.db)")
    ap.add_argument(
        "--out",
        default=os.path.dirname(os.path.abspath(__file__)),
        help="output directory (default: the folder of this script)",
    )
    ap.add_argument(
        "--raw-successions",
        action="store_true",
        help="keep every link of the package's converter, without the name-collision filter",
    )
    ap.add_argument("--quiet", action="store_true", help="do not print the anomaly notes")
    args = ap.parse_args(argv)

    current, legacy, converter = load(args.package_dir)
    provinces, districts, communes, successions, rejected, notes = build(
        current, legacy, converter, raw_successions=args.raw_successions
    )

    _write_all(args.out, provinces, districts, communes, successions, rejected)
    _print_summary(provinces, districts, communes, successions, rejected, [] if args.quiet else notes)


def _write_all(out, provinces, districts, communes, successions, rejected):
    os.makedirs(out, exist_ok=True)
    era_rank = {LEGACY: 0, CURRENT: 1}
    write_csv(
        os.path.join(out, "provinces.csv"),
        PROVINCE_COLUMNS,
        sorted(provinces.values(), key=lambda r: (r["code"], era_rank[r["era"]])),
    )
    write_csv(os.path.join(out, "districts.csv"), DISTRICT_COLUMNS, sorted(districts.values(), key=lambda r: r["code"]))
    write_csv(
        os.path.join(out, "communes.csv"),
        COMMUNE_COLUMNS,
        sorted(communes.values(), key=lambda r: (r["code"], era_rank[r["era"]])),
    )
    write_csv(
        os.path.join(out, "successions.csv"),
        SUCCESSION_COLUMNS,
        sorted(
            successions,
            key=lambda r: (LEVEL_ORDER[r["old_level"]], r["old_code"], LEVEL_ORDER[r["new_level"]], r["new_code"]),
        ),
    )
    write_csv(
        os.path.join(out, "successions_rejected.csv"),
        REJECTED_COLUMNS,
        sorted(rejected, key=lambda r: (r["old_code"], r["new_code"])),
    )


def _print_summary(provinces, districts, communes, successions, rejected, notes):
    counts = collections.Counter()
    for r in provinces.values():
        counts[f"province {r['era']} {r['unit_type']}"] += 1
    for r in districts.values():
        counts[f"district legacy {r['unit_type']}"] += 1
    for r in communes.values():
        counts[f"commune {r['era']} {r['unit_type']}"] += 1
    for r in successions:
        counts[f"succession {r['old_level']}->{r['new_level']}"] += 1
    counts["succession rejected"] = len(rejected)
    for k in sorted(counts):
        print(f"{k}: {counts[k]}")
    for n in dict.fromkeys(notes):  # de-duplicated, order kept
        print("NOTE", n)


if __name__ == "__main__":
    main()
