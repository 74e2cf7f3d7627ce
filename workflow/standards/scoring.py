"""The survey scores: Phiếu A screen, B1 income proxy, Phiếu C income.

B2 needs no function of its own: it is the deprivation count times the configured points.
"""

from __future__ import annotations

from workflow.standards.inputs import B1Input, HouseholdInput, InvalidAnswer, PhieuA, PhieuC, unknown_code
from workflow.standards.rule_set import PhieuACriteria, ScoreTable
from workflow.standards.vocabulary import AreaType, B1Source, PhieuAResult


def screen_phieu_a(criteria: PhieuACriteria, answers: PhieuA) -> tuple[PhieuAResult, tuple[str, ...]]:
    """Stop when a stop rule's group has enough ticks; return the ticks that stopped it."""
    ticked = answers.ticked
    if not ticked:
        return PhieuAResult.CONTINUE_TO_B, ()
    if not ticked <= criteria.groups.keys():
        raise unknown_code("phieu_a", sorted(ticked - criteria.groups.keys()))
    for codes, min_ticked in criteria.stop_sets:
        matched = ticked & codes
        if len(matched) >= min_ticked:
            return PhieuAResult.STOP_NOT_POOR, tuple(sorted(matched))
    return PhieuAResult.CONTINUE_TO_B, ()


def score_b1(table: ScoreTable | None, b1: B1Input, household: HouseholdInput) -> tuple[int, B1Source]:
    """Score itemised answers with the table's column for the household, else take the paper total."""
    if not b1.items:
        assert b1.form_total is not None  # B1Input guarantees one of the two
        return b1.form_total, B1Source.FORM_TOTAL
    if table is None:
        raise InvalidAnswer("b1", "this rule set has no B1 score table; give the form total")
    column = table.urban_column if household.area_type is AreaType.URBAN else household.scoring_region
    points = table.points.get(column or "")
    if points is None:
        raise unknown_code("scoring_region", column)
    if len(b1.items) != len(points):
        missing = sorted(points.keys() - {item for item, _ in b1.items})
        raise InvalidAnswer("b1", f"every item must be answered once; missing {missing}")
    total = table.base[column or ""]
    for item, answer in b1.items:
        answers = points.get(item)
        if answers is None:
            raise unknown_code("b1 item", item)
        value = answers.get(answer)
        if value is None:
            raise unknown_code(f"b1 item {item}", answer)
        total += value
    return total, B1Source.ITEMISED


def phieu_c_income(form: PhieuC, net_income: bool) -> int:
    """12-month income; state-budget allowances are recorded on the form but never counted."""
    total = (
        form.crops
        + form.livestock
        + form.forestry
        + form.fishery
        + form.salt_making
        + form.wages
        + form.non_farm_business
        + form.other
    )
    return total - form.production_costs if net_income else total
