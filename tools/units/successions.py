"""The old-to-new succession mapping from the package's converter, with the name-collision filter
and the legacy province of each current commune (SOURCE.md, "How the succession mapping was derived")."""

from __future__ import annotations

import collections

from tools.units.units import CURRENT, REFORM_DATE, bare, nfc


def legacy_units_by_key(legacy):
    """The converter names a legacy unit "provinceKey_districtKey_wardKey" (empty ward part for the
    island districts that had no commune level)."""
    old_by_key = {}
    for r in legacy:
        key = f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey'] or ''}"
        level, code, name = (
            ("commune", r["wardCode"], r["ward"]) if r["wardCode"] else ("district", r["districtCode"], r["district"])
        )
        if key in old_by_key:
            raise ValueError(f"ambiguous legacy key {key}")
        old_by_key[key] = {
            "level": level,
            "code": code,
            "name": nfc(name),
            "district": r["districtCode"],
            "province": r["provinceCode"],
        }
    return old_by_key


def current_units_by_key(current):
    new_by_key = {}
    for r in current:
        key = (r["provinceKey"], r["wardKey"])
        if key in new_by_key:
            raise ValueError(f"ambiguous current key {key}")
        new_by_key[key] = {"code": r["wardCode"], "name": nfc(r["ward"]), "province": r["provinceCode"]}
    return new_by_key


def source_links(converter, old_by_key, new_by_key):
    """The converter's commune links, keyed (old_level, old_code, new_code)."""
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


def predecessors(links):
    preds = collections.defaultdict(list)  # new code -> links
    for ln in links.values():
        preds[ln["new"]].append(ln)
    return preds


def collision_rivals(links, preds):
    """The "part" links whose old unit has a same-named rival with strictly better support.

    For a "part" link old->new, a rival is another legacy unit with the same bare name, in a
    different legacy district, that is also a predecessor of `new`.  Support (see SOURCE.md) is
    (new code == its code, other predecessors of `new` in its district, in its province), counted
    without same-named units.  Returns [(link key, better rival)] in key order.
    """

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
    return to_drop


def drop_collisions(links, new_name):
    """Remove the name-collision artefacts from `links`; return them as rejected rows."""
    rejected = []
    for k, best in collision_rivals(links, predecessors(links)):
        ln = links.pop(k)
        rejected.append(
            {
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
        )
    return rejected


def links_by_old_unit(links):
    by_old = collections.defaultdict(list)
    for ln in links.values():
        by_old[(ln["old"]["level"], ln["old"]["code"])].append(ln)
    return by_old


def commune_successions(by_old):
    """Final extent / default per old unit: a single successor is whole and the default."""
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


def province_successions(converter, current, legacy):
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


def assign_legacy_provinces(communes, links, by_old, notes):
    """Set legacy_province_code of current communes by a weighted majority of their predecessors'
    legacy provinces: a legacy unit with k successors contributes 1/k to each.  Ties: the province
    of the predecessor whose code the new commune kept, then the lowest province code."""
    k_of = {key: len(v) for key, v in by_old.items()}
    preds_final = predecessors(links)
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
