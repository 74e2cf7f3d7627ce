"""The classification: a pure function of the survey answers and one rule set.

Order of the decision (standard.md §5):
1. Phiếu A may stop the review: not poor, no Phiếu B.
2. Phiếu B gives the deprivations (B2) and the income proxy (B1).
3. Income is the gate: B1 (or direct income) at or below the line, then deprivations split
   poor from near-poor; above the line the household is neither.
4. Households neither poor nor near-poor may be average-living-standard (farm households,
   actual Phiếu C income in the band) and their workers low-income workers.
"""

from __future__ import annotations

from workflow.standards.ages import member_ages
from workflow.standards.inputs import HouseholdInput
from workflow.standards.movement import movement
from workflow.standards.results import Classification
from workflow.standards.rule_set import IncomeRange, RuleSet
from workflow.standards.scoring import phieu_c_income, score_b1, screen_phieu_a
from workflow.standards.vocabulary import AreaType, B1Source, Basis, HouseholdClass, PhieuAResult

_LISTED = (HouseholdClass.POOR, HouseholdClass.NEAR_POOR)
_NOT_LISTED = (HouseholdClass.NOT_POOR, HouseholdClass.AVERAGE_LIVING_STANDARD)


def classify(
    household: HouseholdInput,
    rule_set: RuleSet,
    previous_class: HouseholdClass | None = None,
    *,
    formerly_poor: bool = False,
) -> Classification:
    """Classify one household under `rule_set` (chosen by the caller for the review's period).

    `previous_class` is the class recognised at the start of the period (None: not on the
    list); with `formerly_poor` it gives the movement. Raises `InvalidAnswer` for answers
    the rule set cannot read.
    """
    screen: PhieuAResult | None = None
    matched: tuple[str, ...] = ()
    if household.phieu_a is not None and rule_set.phieu_a is not None:
        screen, matched = screen_phieu_a(rule_set.phieu_a, household.phieu_a)
    stopped = screen is PhieuAResult.STOP_NOT_POOR
    if household.phieu_b is not None and not stopped:
        outcomes, count, b1, b1_source, year_only = _phieu_b(household, rule_set)
    else:
        outcomes, count, b1, b1_source, year_only = None, None, None, None, False

    actual = _actual_income(household, rule_set)
    poverty, basis, band_index = _poverty_gate(household, rule_set, stopped, b1, count, actual)
    area = household.area_type
    household_class, als_checked = _final_class(household, rule_set, poverty, actual)
    liw_checked = household_class in _NOT_LISTED and actual is not None and rule_set.low_income_worker is not None

    # The fields of `Usage`, as a plain tuple (see Usage).
    usage = (
        screen is not None,
        count is not None,
        basis,
        b1_source is B1Source.ITEMISED,
        household.phieu_c is not None,
        als_checked,
        liw_checked,
        year_only,
    )
    return Classification(
        household=household,
        rule_set=rule_set,
        household_class=household_class,
        basis=basis,
        band_index=band_index,
        outcomes=outcomes,
        deprivation_count=count,
        score_b2=None if count is None else count * rule_set.b2_points_value,
        score_b1=b1,
        score_b1_source=b1_source,
        phieu_a_result=screen,
        phieu_a_matched=matched,
        actual_income=actual,
        low_income_worker=liw_checked and _within(rule_set.low_income_worker, area, actual),
        previous_class=previous_class,
        movement=movement(previous_class, household_class, formerly_poor=formerly_poor),
        unverified=rule_set.unverified(usage),
    )


def _final_class(
    household: HouseholdInput, rule_set: RuleSet, poverty: HouseholdClass | None, actual: tuple[int, int] | None
) -> tuple[HouseholdClass, bool]:
    """The class after the poverty gate, and whether the average-living-standard band was looked at.

    A listed class (poor, near poor) stands; a farm household off the lists may still fall in the
    average-living-standard band when its actual income is known.
    """
    als_checked = bool(
        poverty not in _LISTED
        and household.farm_household
        and actual is not None
        and rule_set.average_living_standard is not None
    )
    if poverty is not None and poverty in _LISTED:
        return poverty, als_checked
    if als_checked and _within(rule_set.average_living_standard, household.area_type, actual):
        return HouseholdClass.AVERAGE_LIVING_STANDARD, als_checked
    return (HouseholdClass.UNDETERMINED if poverty is None else poverty), als_checked


def _phieu_b(
    household: HouseholdInput, rule_set: RuleSet
) -> tuple[tuple[tuple[str, ...] | None, ...], int, int | None, B1Source | None, bool]:
    """Indicator outcomes, deprivation count, B1 and its source, and whether a birthday was assumed."""
    ages, year_only = member_ages(household, rule_set.year_only_month_day)
    outcomes = tuple([evaluate(household, ages) for evaluate in rule_set.evaluators])
    b1, b1_source = None, None
    survey = household.phieu_b
    if survey is not None and survey.b1 is not None:
        b1, b1_source = score_b1(rule_set.score_table, survey.b1, household)
    return outcomes, len(outcomes) - outcomes.count(None), b1, b1_source, year_only


def _actual_income(household: HouseholdInput, rule_set: RuleSet) -> tuple[int, int] | None:
    """Per-capita monthly income as an exact fraction: Phiếu C if filled, else direct income."""
    if household.phieu_c is not None:
        income_12m = phieu_c_income(household.phieu_c, bool(rule_set.phieu_c_net_income.value))
        return income_12m, 12 * len(household.members)
    if household.income_per_capita is not None:
        return household.income_per_capita, 1
    return None


def _poverty_gate(
    household: HouseholdInput,
    rule_set: RuleSet,
    stopped: bool,
    b1: int | None,
    count: int | None,
    actual: tuple[int, int] | None,
) -> tuple[HouseholdClass | None, Basis, int | None]:
    """Poor / near-poor / not poor, on the best evidence there is; None when it cannot tell."""
    area = household.area_type
    if stopped:
        return HouseholdClass.NOT_POOR, Basis.PHIEU_A, None
    for path in rule_set.classifying_paths:
        if path is Basis.SCORE_B1 and b1 is not None and rule_set.b1_rule is not None:
            return _decided(rule_set.b1_rule.decide(area, b1, count), Basis.SCORE_B1)
        if path is Basis.INCOME and actual is not None and rule_set.income_rule is not None:
            return _decided(rule_set.income_rule.decide(area, actual[0], count, actual[1]), Basis.INCOME)
    if household.income_per_capita is not None and rule_set.income_rule is not None:
        return _decided(rule_set.income_rule.decide(area, household.income_per_capita, count), Basis.INCOME)
    if household.phieu_c is not None and actual is not None and rule_set.income_rule is not None:
        # Where B1 is the method, actual income above the line settles "not poor"; at or below
        # it the household must be reviewed with Phiếu B, whose estimated income is the measure.
        numerator, denominator = actual
        above = numerator > rule_set.income_rule.gate(area) * denominator
        return (HouseholdClass.NOT_POOR if above else None), Basis.PHIEU_C, None
    return None, Basis.NONE, None


def _decided(
    decision: tuple[HouseholdClass | None, int | None], basis: Basis
) -> tuple[HouseholdClass | None, Basis, int | None]:
    return decision[0], basis, decision[1]


def _within(income_range: IncomeRange | None, area: AreaType, actual: tuple[int, int] | None) -> bool:
    """`above < income <= up_to`, compared exactly: income = numerator / denominator."""
    if income_range is None or actual is None:
        return False
    numerator, denominator = actual
    if numerator > income_range.up_to.for_area(area) * denominator:
        return False
    return income_range.above is None or numerator > income_range.above.for_area(area) * denominator
