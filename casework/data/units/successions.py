"""The successions of the 2025 reform (old unit -> current commune or province), from the package's converter.

Part of the offline generator (generate.py); see SOURCE.md for the derivation rules.
"""

from __future__ import annotations

import collections

from naming import CURRENT, REFORM_DATE, bare, nfc


def units_by_key(current, legacy):
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


def links(converter, old_by_key, new_by_key):
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


def reject_collisions(links, new_name):
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


def commune_successions(by_old):
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


def province_successions(current, legacy, converter):
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


def set_legacy_provinces(communes, links, by_old, notes):
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
