"""Throughput of the poverty-standard engine: classify synthetic households in one process.

    python bench/bench_classify.py            # 1,000,000 households
    BENCH_CLASSIFY_N=100000 python bench/bench_classify.py

Households are built deterministically (random.Random(SEED)) in chunks, so memory stays
flat; only the `classify` calls are timed. The mix covers the three national rule sets,
itemised and paper-total B1 scores, Phiếu A stops, Phiếu C and direct-income households.
"""

from __future__ import annotations

import os
import random
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from workflow.standards import (
    AreaType,
    B1Input,
    Dwelling,
    HouseholdClass,
    HouseholdInput,
    Member,
    PhieuA,
    PhieuB,
    PhieuC,
    RuleSet,
    classify,
    load_rule_set,
)

SEED = 20250901
CHUNK = 10_000
REFERENCE = {2019: date(2019, 10, 1), 2025: date(2025, 10, 1), 2027: date(2027, 10, 1)}
REGIONS = ("NT1", "NT2", "NT3", "NT4", "NT5", "NT6")
MATERIALS = (
    "reinforced_concrete",
    "brick_stone",
    "tile",
    "metal_sheet",
    "bamboo",
    "earth",
    "thatch_leaves",
    "softwood",
)
WATER = ("tap", "drilled_well", "protected_dug_well", "rainwater", "unprotected_dug_well", "surface_water")
LATRINES = ("septic", "semi_septic", "unhygienic", "none")
WASTE = ("collected", "treated_on_site", "burned", "dumped")
EMPLOYMENT = ("wage_worker", "self_employed", "unemployed", "outside_labour_force")
EDUCATION = ("none", "primary", "lower_secondary", "upper_secondary", "higher")
SCHOOL = ("preschool", "primary", "lower_secondary", "upper_secondary")


def member_pool(rng: random.Random, size: int) -> list[Member]:
    """Distinct members (unique ids) that households draw from without replacement."""
    pool = []
    for index in range(size):
        age = rng.choice((rng.randint(0, 15), rng.randint(16, 30), rng.randint(31, 59), rng.randint(60, 95)))
        pool.append(
            Member(
                member_id=f"m{index}",
                birth_date=date(2024 - age, rng.randint(1, 12), rng.randint(1, 28)),
                sex=rng.choice(("male", "female")),
                birth_year_only=rng.random() < 0.05,
                health_insured=rng.random() < 0.9,
                stunted=rng.random() < 0.05,
                underweight=rng.random() < 0.05,
                untreated_illness=rng.random() < 0.05,
                attending_school=rng.random() < (0.85 if age < 18 else 0.05),
                school_level=SCHOOL[min(3, max(0, (age - 2) // 4))] if age < 19 else None,
                education_level=rng.choice(EDUCATION),
                certificates=frozenset({"vocational_elementary"}) if rng.random() < 0.1 else frozenset(),
                employment=rng.choice(EMPLOYMENT),
                labour_contract=rng.random() < 0.5,
                disabled=rng.random() < 0.05,
                social_allowance=rng.random() < 0.3,
            )
        )
    return pool


def b1_items(rng: random.Random) -> tuple[tuple[str, str], ...]:
    return (
        ("household_size", rng.choice(("1", "2", "3", "4", "5", "6_plus"))),
        ("dependents", rng.choice(("none", "some"))),
        ("highest_education", rng.choice(("below_upper_secondary", "upper_secondary", "higher"))),
        ("salary_or_pension", rng.choice(("none", "none", "one", "two_plus"))),
        ("electricity", rng.choice(("under_50", "50_100", "over_100"))),
        ("housing", rng.choice(("non_durable", "semi_durable", "durable"))),
        ("assets", rng.choice(("none", "some", "many"))),
        ("land_livestock", rng.choice(("none", "small", "large"))),
    )


def household(rng: random.Random, pool: list[Member], rule_sets: dict[int, RuleSet]) -> tuple[HouseholdInput, RuleSet]:
    year = rng.choices((2025, 2027, 2019), weights=(8, 1, 1))[0]
    rule_set = rule_sets[year]
    members = tuple(rng.sample(pool, rng.randint(1, 7)))
    if year == 2019:  # keep members born before the legacy reference date
        members = tuple(member for member in members if member.birth_date < date(2019, 1, 1)) or (pool[0],)
    area = AreaType.URBAN if rng.random() < 0.3 else AreaType.RURAL
    farm = area is AreaType.RURAL and rng.random() < 0.4
    b1 = None
    if year == 2025:
        b1 = B1Input(items=b1_items(rng)) if rng.random() < 0.7 else B1Input(form_total=rng.randint(40, 260))
    elif year == 2019:
        b1 = B1Input(form_total=rng.randint(60, 220))
    survey = PhieuB(
        dwelling=Dwelling(rng.choice(MATERIALS), rng.choice(MATERIALS), rng.choice(MATERIALS), rng.uniform(6, 120)),
        water_source=rng.choice(WATER),
        latrine=rng.choice(LATRINES),
        telecom_used=frozenset(rng.sample(("internet_mobile", "internet_fixed", "phone_voice"), rng.randint(0, 2))),
        devices=frozenset(rng.sample(("tv", "radio", "computer", "smartphone", "basic_phone"), rng.randint(0, 2))),
        hears_loudspeaker=rng.random() < 0.6,
        waste_handling=rng.choice(WASTE) if year == 2027 else None,
        b1=b1,
    )
    phieu_c = None
    if farm and rng.random() < 0.3:
        phieu_c = PhieuC(
            crops=rng.randint(10, 120) * 1_000_000,
            livestock=rng.randint(0, 40) * 1_000_000,
            production_costs=rng.randint(0, 20) * 1_000_000,
        )
    income = rng.randint(800, 4_000) * 1_000 if year == 2027 else None
    ticks = (
        frozenset({"car"})
        if rng.random() < 0.05
        else frozenset({"refrigerator"})
        if rng.random() < 0.3
        else frozenset()
    )
    return (
        HouseholdInput(
            reference_date=REFERENCE[year],
            area_type=area,
            members=members,
            scoring_region=rng.choice(REGIONS),
            farm_household=farm,
            phieu_a=PhieuA(ticks) if year == 2025 else None,
            phieu_b=survey if rng.random() < 0.97 else None,
            income_per_capita=income,
            phieu_c=phieu_c,
        ),
        rule_set,
    )


def main() -> None:
    total = int(os.environ.get("BENCH_CLASSIFY_N", "1000000"))
    rng = random.Random(SEED)  # noqa: S311 - synthetic test data, nothing secret
    rule_sets = {year: load_rule_set(year) for year in REFERENCE}
    pool = member_pool(rng, 5_000)
    classes: Counter[HouseholdClass] = Counter()
    elapsed = 0.0
    done = 0
    while done < total:
        chunk = [household(rng, pool, rule_sets) for _ in range(min(CHUNK, total - done))]
        # Each result is tallied and dropped, as a batch job hands it on; the tally is timed too.
        start = time.perf_counter()
        for item, rule_set in chunk:
            classes[classify(item, rule_set).household_class] += 1
        elapsed += time.perf_counter() - start
        done += len(chunk)
    rate = done / elapsed
    print(f"BENCH classify_households_per_second {rate:.0f} households/s")
    if done >= 1_000_000:
        print(f"BENCH classify_1m_seconds {elapsed * 1_000_000 / done:.2f} s")
    mix = ", ".join(f"{name.value} {count}" for name, count in sorted(classes.items()))
    print(f"# {done} households classified: {mix}", file=sys.stderr)


if __name__ == "__main__":
    main()
