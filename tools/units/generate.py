#!/usr/bin/env python3
"""Regenerate the administrative-unit CSVs of casework/data/units from the MIT-licensed
PyPI package ``vietnamadminunits`` (tested with 1.0.4).

Usage (from the repository root):
    python -m tools.units.generate /path/to/unpacked/vietnamadminunits [--out DIR] [--raw-successions]

PACKAGE_DIR is the package directory itself (the one that contains
``data/dataset.db`` and ``data/converter_2025.json``), e.g. the
``vietnamadminunits/`` folder of an unpacked wheel.  Only the standard library
is used; the package's own code (and its dependencies) is never imported.

Output (UTF-8, no BOM, comma-separated, header row, LF line endings, codes as
zero-padded strings, rows sorted by code):
    provinces.csv, districts.csv, communes.csv, successions.csv,
    successions_rejected.csv
written by default to casework/data/units/.  See casework/data/units/SOURCE.md for the column
definitions and the derivation rules.  An offline tool: the application never imports it.
"""

from __future__ import annotations

import argparse
import collections
import csv
import json
import os
import sqlite3
import sys

from tools.units.successions import (
    assign_legacy_provinces,
    commune_successions,
    current_units_by_key,
    drop_collisions,
    legacy_units_by_key,
    links_by_old_unit,
    province_successions,
    source_links,
)
from tools.units.units import CURRENT, LEGACY, build_communes, build_districts, build_provinces

REPOSITORY = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
UNITS_DIR = os.path.join(REPOSITORY, "casework", "data", "units")

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
    provinces = build_provinces(current, legacy)
    districts = build_districts(legacy, provinces, notes)
    communes = build_communes(current, legacy, notes)
    new_by_key = current_units_by_key(current)
    links = source_links(converter, legacy_units_by_key(legacy), new_by_key)
    new_name = {r["code"]: r["name"] for r in new_by_key.values()}
    rejected = [] if raw_successions else drop_collisions(links, new_name)
    by_old = links_by_old_unit(links)
    successions = commune_successions(by_old) + province_successions(converter, current, legacy)
    assign_legacy_provinces(communes, links, by_old, notes)
    return provinces, districts, communes, successions, rejected, notes


# ---------------------------------------------------------------- output


def write_csv(path, columns, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=columns, lineterminator="\n", extrasaction="raise")
        w.writeheader()
        for r in rows:
            w.writerow(r)


def write_all(out, provinces, districts, communes, successions, rejected):
    os.makedirs(out, exist_ok=True)
    era_rank = {LEGACY: 0, CURRENT: 1}
    by_code_and_era = lambda r: (r["code"], era_rank[r["era"]])  # noqa: E731 -- a sort key used twice
    write_csv(os.path.join(out, "provinces.csv"), PROVINCE_COLUMNS, sorted(provinces.values(), key=by_code_and_era))
    write_csv(os.path.join(out, "districts.csv"), DISTRICT_COLUMNS, sorted(districts.values(), key=lambda r: r["code"]))
    write_csv(os.path.join(out, "communes.csv"), COMMUNE_COLUMNS, sorted(communes.values(), key=by_code_and_era))
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


def print_summary(provinces, districts, communes, successions, rejected, notes, quiet):
    # print, not logging: this is a command-line tool whose output is read by a person.
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
    if not quiet:
        for n in dict.fromkeys(notes):  # de-duplicated, order kept
            print("NOTE", n)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("package_dir", help="unpacked 'vietnamadminunits' package directory (contains data/dataset.db)")
    ap.add_argument("--out", default=UNITS_DIR, help="output directory (default: casework/data/units)")
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
    write_all(args.out, provinces, districts, communes, successions, rejected)
    print_summary(provinces, districts, communes, successions, rejected, notes, args.quiet)


if __name__ == "__main__":
    main()
