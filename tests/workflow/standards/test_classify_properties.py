"""Properties of classify() over generated households (hypothesis).

- More income (B1 score, direct income, Phiếu C income) never makes a household poorer.
- One more deprivation never moves a household out of poverty at the same income.
- The result does not depend on the order of the members.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import replace
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from workflow.standards import (
    AreaType,
    B1Input,
    Classification,
    Dwelling,
    HouseholdClass,
    HouseholdInput,
    Member,
    PhieuB,
    PhieuC,
    RuleSet,
    classify,
    load_rule_set,
)

REFERENCE = date(2025, 10, 1)
RULE_SETS = [load_rule_set(2019), load_rule_set(2025), load_rule_set(2028)]
CODES = load_rule_set(2025).codes
WASTE = sorted(load_rule_set(2028).codes["waste_handling"].codes)
# Poorer first; average living standard and not poor are both "not listed".
RANK = {
    HouseholdClass.POOR: 0,
    HouseholdClass.NEAR_POOR: 1,
    HouseholdClass.NOT_POOR: 2,
    HouseholdClass.AVERAGE_LIVING_STANDARD: 2,
}
FAST = settings(max_examples=80, deadline=None, database=None)


def codes(name: str) -> st.SearchStrategy[str]:
    return st.sampled_from(sorted(CODES[name].codes))


def code_sets(name: str) -> st.SearchStrategy[frozenset[str]]:
    return st.frozensets(codes(name), max_size=3)


members = st.lists(
    st.builds(
        Member,
        member_id=st.just(""),
        birth_date=st.dates(date(1925, 1, 1), date(2025, 9, 30)),
        sex=st.sampled_from(["male", "female"]),
        birth_year_only=st.booleans(),
        health_insured=st.booleans(),
        stunted=st.booleans(),
        underweight=st.booleans(),
        attending_school=st.booleans(),
        school_level=codes("school_level"),
        education_level=codes("education_level"),
        certificates=code_sets("certificate"),
        employment=codes("employment"),
        labour_contract=st.booleans(),
        disabled=st.booleans(),
        social_allowance=st.booleans(),
    ),
    min_size=1,
    max_size=7,
).map(lambda found: tuple(replace(member, member_id=f"m{index}") for index, member in enumerate(found)))

surveys = st.builds(
    PhieuB,
    dwelling=st.builds(Dwelling, codes("material"), codes("material"), codes("material"), st.floats(0, 200)),
    water_source=codes("water_source"),
    latrine=codes("latrine"),
    telecom_used=code_sets("telecom"),
    devices=code_sets("device"),
    hears_loudspeaker=st.booleans(),
    waste_handling=st.sampled_from(WASTE),
)

households = st.builds(
    HouseholdInput,
    reference_date=st.just(REFERENCE),
    area_type=st.sampled_from(AreaType),
    members=members,
    scoring_region=st.just("NT3"),
    phieu_b=surveys,
)


def with_b1(household: HouseholdInput, b1: int) -> HouseholdInput:
    assert household.phieu_b is not None
    return replace(household, phieu_b=replace(household.phieu_b, b1=B1Input(form_total=b1)))


def rank(result: Classification) -> int:
    return RANK[result.household_class]


@FAST
@given(households, st.sampled_from(RULE_SETS[:2]), st.integers(0, 300), st.integers(0, 300))
def test_higher_b1_never_makes_a_household_poorer(household: HouseholdInput, rule_set: RuleSet, a: int, b: int) -> None:
    low, high = sorted((a, b))
    assert rank(classify(with_b1(household, low), rule_set)) <= rank(classify(with_b1(household, high), rule_set))


@FAST
@given(households, st.sampled_from(RULE_SETS), st.integers(0, 4_000_000), st.integers(0, 4_000_000))
def test_higher_income_never_makes_a_household_poorer(
    household: HouseholdInput, rule_set: RuleSet, a: int, b: int
) -> None:
    low, high = sorted((a, b))
    poorer = classify(replace(household, income_per_capita=low), rule_set)
    richer = classify(replace(household, income_per_capita=high), rule_set)
    assert rank(poorer) <= rank(richer)


# Without Phiếu B: at or below the line the class is undetermined, then average living
# standard, then not poor; more actual income only moves a farm household along that order.
PHIEU_C_ORDER = {
    HouseholdClass.UNDETERMINED: 0,
    HouseholdClass.AVERAGE_LIVING_STANDARD: 1,
    HouseholdClass.NOT_POOR: 2,
}


@FAST
@given(households, st.integers(0, 200_000_000), st.integers(0, 200_000_000))
def test_higher_phieu_c_income_never_moves_back(household: HouseholdInput, a: int, b: int) -> None:
    low, high = sorted((a, b))
    farm = replace(household, phieu_b=None, farm_household=True)
    poorer = classify(replace(farm, phieu_c=PhieuC(crops=low)), RULE_SETS[1])
    richer = classify(replace(farm, phieu_c=PhieuC(crops=high)), RULE_SETS[1])
    assert PHIEU_C_ORDER[poorer.household_class] <= PHIEU_C_ORDER[richer.household_class]


def _survey(change: Callable[[PhieuB], PhieuB]) -> Callable[[HouseholdInput], HouseholdInput]:
    def apply(household: HouseholdInput) -> HouseholdInput:
        assert household.phieu_b is not None
        return replace(household, phieu_b=change(household.phieu_b))

    return apply


def _every_member(**changes: object) -> Callable[[HouseholdInput], HouseholdInput]:
    return lambda h: replace(h, members=tuple(replace(m, **changes) for m in h.members))  # type: ignore[arg-type]


# Each change can only add deprivations, whatever the household.
WORSEN = {
    "latrine": _survey(lambda b: replace(b, latrine="none")),
    "water": _survey(lambda b: replace(b, water_source="surface_water")),
    "telecom": _survey(lambda b: replace(b, telecom_used=frozenset())),
    "devices": _survey(lambda b: replace(b, devices=frozenset(), hears_loudspeaker=False)),
    "materials": _survey(
        lambda b: replace(b, dwelling=Dwelling("bamboo", "bamboo", "thatch_leaves", b.dwelling.floor_area_m2))
    ),
    "area": _survey(lambda b: replace(b, dwelling=replace(b.dwelling, floor_area_m2=0.0))),
    "waste": _survey(lambda b: replace(b, waste_handling="dumped")),
    "insurance": _every_member(health_insured=False),
    "jobs": _every_member(employment="unemployed"),
    "nutrition": _every_member(stunted=True),
}


@FAST
@given(
    households,
    st.sampled_from(RULE_SETS),
    st.sampled_from(sorted(WORSEN)),
    st.one_of(st.none(), st.integers(0, 300)),
    st.integers(0, 4_000_000),
)
def test_an_extra_deprivation_never_moves_a_household_out_of_poverty(
    household: HouseholdInput, rule_set: RuleSet, change: str, b1: int | None, income: int
) -> None:
    base = replace(household, income_per_capita=income)
    if b1 is not None:
        base = with_b1(base, b1)
    before = classify(base, rule_set)
    after = classify(WORSEN[change](base), rule_set)
    assert before.deprivation_count is not None and after.deprivation_count is not None
    assert after.deprivation_count >= before.deprivation_count
    assert rank(after) <= rank(before)


@FAST
@given(households, st.sampled_from(RULE_SETS), st.integers(0, 300), st.randoms(use_true_random=False))
def test_result_does_not_depend_on_member_order(
    household: HouseholdInput, rule_set: RuleSet, b1: int, shuffler: random.Random
) -> None:
    shuffled = list(household.members)
    shuffler.shuffle(shuffled)
    first = classify(with_b1(household, b1), rule_set)
    second = classify(with_b1(replace(household, members=tuple(shuffled)), b1), rule_set)
    assert second.household_class is first.household_class
    assert second.indicators == first.indicators
    assert (second.score_b1, second.score_b2) == (first.score_b1, first.score_b2)
    assert second.unverified == first.unverified


@FAST
@given(households, st.sampled_from(RULE_SETS))
def test_b2_is_ten_points_per_deprived_indicator(household: HouseholdInput, rule_set: RuleSet) -> None:
    result = classify(household, rule_set)
    deprived = [item for item in result.indicators if item.deprived]
    assert result.deprivation_count == len(deprived)
    assert result.score_b2 == 10 * len(deprived)
