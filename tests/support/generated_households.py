"""A seeded generator of survey answers for every national rule set, aimed at the edges.

Ages fall on working-age, retirement, school and child limits; incomes and B1 scores on the
lines (exactly, one above, one below); floor areas on the per-person limit, with ties in the
second decimal; a few answers carry an unknown code, so refusals are compared too.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from workflow.standards import RuleSet

CLASSES = [None, "poor", "near_poor", "not_poor", "average_living_standard"]
REGIONS_RARE = ["NT1", "NT3", "NT6", "NT2", None, "XX"]  # XX: unknown, refused when B1 is itemised
AREAS_PER_PERSON = [7.5, 8, 8.5, 6, 12, 0.125, 0.375, 9.995, 0.005]  # on the limit, and decimal ties
PHIEU_C_FIELDS = ("crops", "livestock", "forestry", "fishery", "salt_making", "wages", "non_farm_business", "other")


def generate(rule_set: RuleSet, count: int, seed: int) -> list[dict[str, Any]]:
    """`count` cases: {"household": household_to_dict-shaped answers, "previous", "formerly_poor"}."""
    rng = random.Random(seed)  # noqa: S311 - a reproducible test generator, not a secret
    return [_case(rng, rule_set) for _ in range(count)]


def _case(rng: random.Random, rule_set: RuleSet) -> dict[str, Any]:
    span = (rule_set.applies_to - rule_set.applies_from).days
    on = rule_set.applies_from + timedelta(days=rng.randint(0, span))
    area = rng.choice(["rural", "urban"])
    members = [_member(rng, rule_set, on, index) for index in range(rng.choice([1, 1, 2, 3, 4, 4, 5, 6, 8, 11]))]
    household: dict[str, Any] = {
        "reference_date": on.isoformat(),
        "area_type": area,
        "members": members,
        "scoring_region": rng.choice(REGIONS_RARE if rng.random() < 0.1 else ["NT1", "NT4"]),
        "farm_household": rng.random() < 0.5,
        "phieu_a": _phieu_a(rng, rule_set) if rng.random() < 0.4 else None,
        "phieu_b": _phieu_b(rng, rule_set, area, len(members)) if rng.random() < 0.85 else None,
        "income_per_capita": _income(rng, rule_set, area) if rng.random() < 0.25 else None,
        "phieu_c": _phieu_c(rng, rule_set, area, len(members)) if rng.random() < 0.4 else None,
    }
    return {"household": household, "previous": rng.choice(CLASSES), "formerly_poor": rng.random() < 0.2}


def _some(rng: random.Random, codes: list[str], sizes: list[int]) -> list[str]:
    return sorted(rng.sample(codes, min(len(codes), rng.choice(sizes))))


def _code(rng: random.Random, rule_set: RuleSet, name: str) -> str:
    if rng.random() < 0.003:
        return "unknown_code"
    return rng.choice(sorted(rule_set.codes[name].codes))


def _birth(rng: random.Random, rule_set: RuleSet, on: date) -> date:
    """Near an age limit most of the time: a few days either side of a birthday."""
    limits = [0, 3, 5, 6, 11, 14, 15, 16, 17, 18, 30, 31, 60]
    limits += [rule_set.working_age.retirement_limit(sex, on.year) / 12 for sex in ("male", "female")]
    years = rng.choice(limits) if rng.random() < 0.7 else rng.uniform(0, 90)
    birth = on - timedelta(days=round(years * 365.25) + rng.randint(-40, 40))
    return min(birth, on)


def _member(rng: random.Random, rule_set: RuleSet, on: date, index: int) -> dict[str, Any]:
    certificates = sorted(rule_set.codes["certificate"].codes)
    return {
        "member_id": str(101 + index),
        "birth_date": _birth(rng, rule_set, on).isoformat(),
        "sex": rng.choice(["male", "female"]),
        "birth_year_only": rng.random() < 0.15,
        "health_insured": rng.random() < 0.8,
        "stunted": rng.random() < 0.1,
        "underweight": rng.random() < 0.1,
        "untreated_illness": rng.random() < 0.1,
        "attending_school": rng.random() < 0.5,
        "school_level": _code(rng, rule_set, "school_level") if rng.random() < 0.9 else None,
        "education_level": _code(rng, rule_set, "education_level"),
        "certificates": _some(rng, certificates, [0, 0, 0, 1, 2]),
        "employment": _code(rng, rule_set, "employment"),
        "labour_contract": rng.random() < 0.5,
        "disabled": rng.random() < 0.1,
        "serious_illness": rng.random() < 0.1,
        "social_allowance": rng.random() < 0.3,
    }


def _phieu_a(rng: random.Random, rule_set: RuleSet) -> dict[str, Any]:
    codes = sorted(rule_set.phieu_a.groups) if rule_set.phieu_a is not None else ["car", "refrigerator"]
    return {"ticked": _some(rng, codes, [0, 0, 1, 2, 3])}


def _phieu_b(rng: random.Random, rule_set: RuleSet, area: str, size: int) -> dict[str, Any]:
    per_person = rng.choice(AREAS_PER_PERSON) if rng.random() < 0.6 else rng.uniform(2, 30)
    asks_waste = "waste_handling" in rule_set.codes
    return {
        "dwelling": {
            "wall": _code(rng, rule_set, "material"),
            "pillar": _code(rng, rule_set, "material"),
            "roof": _code(rng, rule_set, "material"),
            "floor_area_m2": round(per_person * size, 3) if rng.random() < 0.8 else per_person,
        },
        "water_source": _code(rng, rule_set, "water_source"),
        "latrine": _code(rng, rule_set, "latrine"),
        "telecom_used": _some(rng, sorted(rule_set.codes["telecom"].codes), [0, 0, 1, 2]),
        "devices": _some(rng, sorted(rule_set.codes["device"].codes), [0, 0, 1, 2]),
        "hears_loudspeaker": rng.random() < 0.3,
        "waste_handling": _code(rng, rule_set, "waste_handling") if asks_waste and rng.random() < 0.98 else None,
        "b1": _b1(rng, rule_set, area) if rng.random() < 0.75 else None,
    }


def _b1(rng: random.Random, rule_set: RuleSet, area: str) -> dict[str, Any]:
    table = rule_set.score_table
    items: dict[str, str] = {}
    if table is not None and rng.random() < 0.7:
        answers = table.points[table.urban_column]
        items = {item: rng.choice(sorted(codes)) for item, codes in answers.items()}
        if rng.random() < 0.02:
            items.pop(next(iter(items)))
    form_total = None
    if not items or rng.random() < 0.2:
        bands = rule_set.b1_rule.bands if rule_set.b1_rule is not None else ()
        near = [band.up_to.rural if area == "rural" else band.up_to.urban for band in bands] or [140]
        form_total = rng.choice(near) + rng.choice([-1, 0, 1, 0, 35, -40])
    return {"items": items, "form_total": form_total}


def _lines(rule_set: RuleSet, area: str) -> list[int]:
    amounts = list(rule_set.lines.values())
    return [line.rural if area == "rural" else line.urban for line in amounts]


def _income(rng: random.Random, rule_set: RuleSet, area: str) -> int:
    return rng.choice(_lines(rule_set, area)) + rng.choice([-1, 0, 1, 0, -250_000, 400_000])


def _phieu_c(rng: random.Random, rule_set: RuleSet, area: str, size: int) -> dict[str, Any]:
    target = rng.choice(_lines(rule_set, area)) * 12 * size + rng.choice([-1, 0, 1, 0, -5_000_000, 9_000_000])
    values = {field: 0 for field in PHIEU_C_FIELDS}
    for _ in range(3):
        values[rng.choice(PHIEU_C_FIELDS)] += target // 3
    values["other"] += target - sum(values.values())
    costs = rng.choice([0, 0, 1_000_000])
    values["wages"] += costs if rule_set.phieu_c_net_income.value else 0
    return {**values, "production_costs": costs, "social_allowances": rng.choice([0, 2_400_000])}
