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
    old_by_key, new_by_key = _units_by_key(current, legacy)
    links = _links(converter, old_by_key, new_by_key)
    new_name = {r["code"]: r["name"] for r in new_by_key.values()}
    rejected = [] if raw_successions else _reject_collisions(links, new_name)
    by_old = collections.defaultdict(list)
    for ln in links.values():
        by_old[(ln["old"]["level"], ln["old"]["code"])].append(ln)
    successions = _commune_successions(by_old) + _province_successions(current, legacy, converter)
    _set_legacy_provinces(communes, links, by_old, notes)
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
        "legacy_province_code": r["provinceCode"] if era == LEGACY else None,  # filled by _set_legacy_provinces
        "effective_from": "" if era == LEGACY else CURRENT_FROM,
        "effective_to": LEGACY_TO if era == LEGACY else "",
    }


def _units_by_key(current, legacy):
    """The converter names units by keys: legacy "provinceKey_districtKey_wardKey", current (province, ward)."""
    old_by_key = {}
    for r in legacy:
        key = f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey'] or ''}"
        if key in old_by_key:
            raise ValueError(f"ambiguous legacy key {key}")
        old_by_key[key] = {
            "level": "commune" if r["wardCode"] else "district",
            "code": r["wardCode"] if r["wardCode"] else r["districtCode"],
            "name": nfc(r["ward"]) if r["wardCode"] else nfc(r["district"]),
            "district": r["districtCode"],
            "province": r["provinceCode"],
        }
    new_by_key = {}
    for r in current:
        key = (r["provinceKey"], r["wardKey"])
        if key in new_by_key:
            raise ValueError(f"ambiguous current key {key}")
        new_by_key[key] = {"code": r["wardCode"], "name": nfc(r["ward"]), "province": r["provinceCode"]}
    return old_by_key, new_by_key


def _links(converter, old_by_key, new_by_key):
    """Source links: (old_level, old_code, new_code) -> {"old", "new", "source_extent", "default"}."""
    links = {}

    def add_link(old, new_code, source_extent, default):
        k = (old["level"], old["code"], new_code)
        if k in links:
            raise ValueError(f"duplicate link {k}")
        links[k] = {"old": old, "new": new_code, "source_extent": source_extent, "default": bool(default)}

    for new_pk, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_wk, old_keys in wards.items():
            new = new_by_key[(new_pk, new_wk)]
            for ok in old_keys:
                add_link(old_by_key[ok], new["code"], "whole", True)
    for new_pk, olds in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for ok, targets in olds.items():
            for t in targets:
                new = new_by_key[(new_pk, t["newWardKey"])]
                add_link(old_by_key[ok], new["code"], "part", t["isDefaultNewWard"])
    return links


def _reject_collisions(links, new_name):
    """Name-collision filter (see SOURCE.md); drops the rejected links from `links` and returns their rows.

    For a "part" link old->new, look for a rival: another legacy unit with the same bare name, in a
    different legacy district, that is also a predecessor of `new`.  Score each candidate by
    (new code == its code, other predecessors of `new` in its district, other predecessors of `new`
    in its province), ignoring same-named units. If a rival scores strictly higher, the link is
    rejected as a collision.
    """
    preds = collections.defaultdict(list)  # new code -> links
    for ln in links.values():
        preds[ln["new"]].append(ln)

    def score(unit, new_code, nm):
        others = [
            x["old"] for x in preds[new_code] if x["old"]["code"] != unit["code"] and bare(x["old"]["name"]) != nm
        ]
        return (
            int(unit["code"] == new_code),
            sum(1 for o in others if o["district"] == unit["district"]),
            sum(1 for o in others if o["province"] == unit["province"]),
        )

    to_drop = []
    for k, ln in sorted(links.items()):
        if ln["source_extent"] != "part":
            continue
        o = ln["old"]
        nm = bare(o["name"])
        rivals = [
            x["old"]
            for x in preds[ln["new"]]
            if x["old"]["code"] != o["code"] and bare(x["old"]["name"]) == nm and x["old"]["district"] != o["district"]
        ]
        if not rivals:
            continue
        best = max(rivals, key=lambda r: (score(r, ln["new"], nm), r["code"]))
        if score(best, ln["new"], nm) > score(o, ln["new"], nm):
            to_drop.append((k, best))
    return [_rejected_row(links.pop(k), best, new_name) for k, best in to_drop]


def _rejected_row(ln, best, new_name):
    return {
        "old_code": ln["old"]["code"],
        "old_level": ln["old"]["level"],
        "new_code": ln["new"],
        "new_level": "commune",
        "old_name": ln["old"]["name"],
        "new_name": new_name[ln["new"]],
        "source_is_default": int(ln["default"]),
        "better_predecessor_code": best["code"],
        "reason": f"name collision: same-named legacy unit {best['code']} ({best['name']}) "
        f"is the better-supported predecessor of {ln['new']}",
    }


def _commune_successions(by_old):
    """Final extent / default per old unit."""
    successions = []
    for (olevel, ocode), lns in by_old.items():
        defaults = [ln for ln in lns if ln["default"]]
        if len(lns) == 1:
            default_new = lns[0]["new"]
        elif len(defaults) == 1:
            default_new = defaults[0]["new"]
        else:
            raise ValueError(f"cannot determine default successor of {olevel} {ocode}: {lns}")
        for ln in lns:
            successions.append(
                {
                    "old_code": ocode,
                    "old_level": olevel,
                    "new_code": ln["new"],
                    "new_level": "commune",
                    "effective_date": REFORM_DATE,
                    "extent": "whole" if len(lns) == 1 else "part",
                    "is_default": int(ln["new"] == default_new),
                }
            )
    return successions


def _province_successions(current, legacy, converter):
    """Every legacy province went whole into one current province."""
    old_prov_by_key = {r["provinceKey"]: r["provinceCode"] for r in legacy}
    new_prov_by_key = {r["provinceKey"]: r["provinceCode"] for r in current}
    return [
        {
            "old_code": old_prov_by_key[opk],
            "old_level": "province",
            "new_code": new_prov_by_key[new_pk],
            "new_level": "province",
            "effective_date": REFORM_DATE,
            "extent": "whole",
            "is_default": 1,
        }
        for new_pk, old_pks in converter["DICT_PROVINCE"].items()
        for opk in old_pks
    ]


def _set_legacy_provinces(communes, links, by_old, notes):
    """legacy_province_code of each current commune: the weighted majority of its predecessors' provinces.

    A legacy unit with k successors contributes 1/k to each.  Ties: the province of the predecessor
    whose code the new commune kept, then the lowest province code.
    """
    k_of = {key: len(v) for key, v in by_old.items()}
    preds_final = collections.defaultdict(list)
    for ln in links.values():
        preds_final[ln["new"]].append(ln)
    for (code, era), row in communes.items():
        if era != CURRENT:
            continue
        weight = collections.defaultdict(float)
        hq = None
        for ln in preds_final[code]:
            o = ln["old"]
            weight[o["province"]] += 1.0 / k_of[(o["level"], o["code"])]
            if o["level"] == "commune" and o["code"] == code:
                hq = o["province"]
        if not weight:
            raise ValueError(f"current commune {code} has no predecessor")
        ranked = sorted(weight.items(), key=lambda kv: (-round(kv[1], 9), kv[0] != hq, kv[0]))
        row["legacy_province_code"] = ranked[0][0]
        if len(weight) > 1:
            notes.append(
                f"current commune {code} {row['name']!r} has predecessors in several legacy provinces "
                f"{dict(sorted((p, round(w, 2)) for p, w in weight.items()))}; "
                f"legacy_province_code={ranked[0][0]}"
            )


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
