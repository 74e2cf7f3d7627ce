"""What a classification returns, and its plain-dict form for storage as JSON.

Reasons are worded only when asked for (`reasons`, `to_dict`): classifying a million
households must not pay for sentences nobody reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from workflow.standards import reasons
from workflow.standards.inputs import HouseholdInput, household_to_dict
from workflow.standards.vocabulary import B1Source, Basis, HouseholdClass, Movement, PhieuAResult

if TYPE_CHECKING:
    from workflow.standards.rule_set import RuleSet


class IndicatorResult(NamedTuple):
    """One indicator: deprived or not, and the members concerned (sorted member ids)."""

    indicator_id: str
    deprived: bool
    members: tuple[str, ...] = ()


@dataclass(slots=True, eq=False)
class Classification:
    """The outcome for one household under one rule set. Treat it as read-only.

    Not a frozen dataclass on purpose: a frozen __init__ sets each field through
    object.__setattr__, which costs about 1.6 µs per household, close to a tenth of the
    throughput budget (50,000 households per second).

    `outcomes` holds, per indicator of the rule set, None (not deprived) or the ids of the
    members concerned; it is None when Phiếu B was not assessed (no answers, or Phiếu A
    stopped the review). `indicators` presents it as `IndicatorResult`s. `actual_income` is
    the exact per-capita monthly income used for the average-living-standard and
    low-income-worker tests, as (numerator, denominator).
    """

    household: HouseholdInput
    rule_set: RuleSet
    household_class: HouseholdClass
    basis: Basis
    band_index: int | None
    outcomes: tuple[tuple[str, ...] | None, ...] | None
    deprivation_count: int | None
    score_b2: int | None
    score_b1: int | None
    score_b1_source: B1Source | None
    phieu_a_result: PhieuAResult | None
    phieu_a_matched: tuple[str, ...]
    actual_income: tuple[int, int] | None
    low_income_worker: bool
    previous_class: HouseholdClass | None
    movement: Movement | None
    unverified: tuple[str, ...]

    @property
    def indicators(self) -> tuple[IndicatorResult, ...]:
        """Every indicator of the rule set, in order; empty when Phiếu B was not assessed."""
        if self.outcomes is None:
            return ()
        return tuple(
            spec.not_deprived if members is None else IndicatorResult(spec.id, True, members)
            for spec, members in zip(self.rule_set.indicators, self.outcomes, strict=True)
        )

    @property
    def deprived_indicators(self) -> tuple[str, ...]:
        return tuple(result.indicator_id for result in self.indicators if result.deprived)

    @property
    def income_per_capita(self) -> int | None:
        """The actual per-capita monthly income, rounded half up to whole VND, for display."""
        if self.actual_income is None:
            return None
        numerator, denominator = self.actual_income
        return (2 * numerator + denominator) // (2 * denominator)

    @property
    def income_for_information(self) -> bool:
        """Direct income is known and shown beside the classifying path without deciding."""
        return self.actual_income is not None and self.basis is not Basis.INCOME and self.rule_set.informs(Basis.INCOME)

    @property
    def reasons(self) -> tuple[str, ...]:
        """Why the household got its class, in plain Vietnamese."""
        return reasons.explain(self)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready result, with the raw answers needed to recompute it."""
        rule_set = self.rule_set
        return {
            "rule_set": {
                "id": rule_set.id,
                "version": rule_set.version,
                "name": rule_set.document_name,
                "title": rule_set.title,
                "kind": rule_set.kind,
                "province": rule_set.province,
            },
            "reference_date": self.household.reference_date.isoformat(),
            "class": self.household_class.value,
            "low_income_worker": self.low_income_worker,
            "previous_class": None if self.previous_class is None else self.previous_class.value,
            "movement": None if self.movement is None else self.movement.value,
            "basis": self.basis.value,
            "path": {
                "classified_by": self.basis.value,
                "income_for_information": self.income_for_information,
                "offered": [basis.value for basis in rule_set.classifying_paths],
            },
            "tables": _tables(rule_set),
            "phieu_a_result": None if self.phieu_a_result is None else self.phieu_a_result.value,
            "phieu_a_matched": list(self.phieu_a_matched),
            "score_b1": self.score_b1,
            "score_b1_source": None if self.score_b1_source is None else self.score_b1_source.value,
            "score_b2": self.score_b2,
            "deprivation_count": self.deprivation_count,
            "income_per_capita": self.income_per_capita,
            "indicators": [self._indicator_dict(result) for result in self.indicators],
            "reasons": list(self.reasons),
            "unverified": list(self.unverified),
            "labels": dict(rule_set.labels),
            "input": household_to_dict(self.household),
        }

    def _indicator_dict(self, result: IndicatorResult) -> dict[str, Any]:
        spec = self.rule_set.indicator(result.indicator_id)
        return {
            "id": spec.id,
            "number": spec.number,
            "dimension": spec.dimension,
            "dimension_label": spec.dimension_label,
            "label": spec.label,
            "deprived": result.deprived,
            "members": list(result.members),
            "reason": reasons.indicator_reason(self.rule_set, spec, result, self.household),
            "verified": spec.provenance.verified,
        }


def _tables(rule_set: RuleSet) -> dict[str, Any]:
    """The B1 score table and Phiếu A criteria files the rule set used, with their versions."""
    tables: dict[str, Any] = {}
    for key, table in (("score_table", rule_set.score_table), ("phieu_a", rule_set.phieu_a)):
        tables[key] = (
            None if table is None else {"id": table.id, "version": table.version, "illustrative": table.illustrative}
        )
    return tables
