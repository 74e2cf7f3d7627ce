"""A rule set: one period's poverty standard, as loaded and checked from its data files.

Every value that standard.md does not confirm carries a `Provenance` with `verified = False`;
`RuleSet.unverified` lists those a classification relied on, so a result can say so.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from workflow.standards.inputs import HouseholdInput
from workflow.standards.results import IndicatorResult
from workflow.standards.vocabulary import AreaType, Basis, HouseholdClass

# Member ids of the members concerned when deprived (empty for household-level indicators),
# None when not deprived. Ages are in whole months at the reference date, in member order.
Evaluator = Callable[[HouseholdInput, Sequence[int]], "tuple[str, ...] | None"]


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a value comes from and whether it was checked against the official text."""

    tag: str  # C, S, M, L or U, as in standard.md
    verified: bool
    source: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True)
class AreaAmounts:
    """A named line (VND per person per month, or B1 points) for each area type."""

    name: str
    label: str
    rural: int
    urban: int
    provenance: Provenance

    def for_area(self, area: AreaType) -> int:
        return self.rural if area is AreaType.RURAL else self.urban


@dataclass(frozen=True, slots=True)
class Band:
    """At or below the line `up_to`, with at least `min_deprivations`, the class is `result`."""

    up_to: AreaAmounts
    min_deprivations: int
    result: HouseholdClass


@dataclass(frozen=True, slots=True)
class GateRule:
    """The income gate and deprivation split, on direct income or on the B1 score.

    Bands are tried in order; a value above every band's line is not poor. This shape
    holds the 2022 rule (one line) and the 2016 / draft-2025 rule (a lower "poor outright"
    line) alike.
    """

    measure: Basis
    bands: tuple[Band, ...]
    provenance: Provenance
    # (line value, min_deprivations, result) per band and area type, resolved once.
    resolved: Mapping[AreaType, tuple[tuple[int, int, HouseholdClass], ...]] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        resolved = {
            area: tuple((band.up_to.for_area(area), band.min_deprivations, band.result) for band in self.bands)
            for area in AreaType
        }
        object.__setattr__(self, "resolved", resolved)

    def gate(self, area: AreaType) -> int:
        """The highest line: above it the household is neither poor nor near-poor."""
        return max(line for line, _, _ in self.resolved[area])

    def decide(
        self, area: AreaType, value: int, deprivations: int | None, denominator: int = 1
    ) -> tuple[HouseholdClass | None, int | None]:
        """Class and index of the deciding band; class None when deprivations are needed but unknown.

        `value / denominator` is compared exactly (a Phiếu C income is a fraction per member per month).
        """
        for index, (line, min_deprivations, result) in enumerate(self.resolved[area]):
            if value > line * denominator:
                continue
            if min_deprivations == 0:
                return result, index
            if deprivations is None:
                return None, None
            if deprivations >= min_deprivations:
                return result, index
        return HouseholdClass.NOT_POOR, None


@dataclass(frozen=True, slots=True)
class IncomeRange:
    """`above < income <= up_to` (a missing bound is open): average living standard, low-income worker."""

    above: AreaAmounts | None
    up_to: AreaAmounts
    provenance: Provenance


@dataclass(frozen=True, slots=True)
class CodeList:
    """Answer codes of one question, each with its flags (durable, safe, rank...)."""

    name: str
    labels: Mapping[str, str]
    flags: Mapping[str, Mapping[str, int | bool]]
    provenance: Provenance

    @property
    def codes(self) -> frozenset[str]:
        return frozenset(self.labels)

    def with_flag(self, flag: str) -> frozenset[str]:
        return frozenset(code for code, values in self.flags.items() if values.get(flag) is True)

    def number(self, code: str, flag: str) -> int:
        value = self.flags[code][flag]
        return int(value)


@dataclass(frozen=True, slots=True)
class WorkingAge:
    """From `min_age` to the retirement age, which rises yearly and differs by sex."""

    min_age: int
    retirement_months: Mapping[str, tuple[tuple[int, int], ...]]  # sex -> ((from year, months), ...)
    provenance: Provenance

    def retirement_limit(self, sex: str, year: int) -> int:
        """Age in months at which a member of `sex` leaves working age in `year`."""
        steps = self.retirement_months[sex]
        months = steps[0][1]
        for from_year, step_months in steps:
            if from_year > year:
                break
            months = step_months
        return months


@dataclass(frozen=True, slots=True)
class IndicatorSpec:
    """One deprivation indicator: its names, its evaluator and the data it reads."""

    id: str
    number: int
    dimension: str
    dimension_label: str
    label: str
    evaluator_name: str
    params: Mapping[str, object]
    provenance: Provenance
    uses: tuple[str, ...]  # shared data read: "codes:material", "working_age"...
    evaluate: Evaluator = field(repr=False, compare=False)
    not_deprived: IndicatorResult = field(repr=False, compare=False)


@dataclass(frozen=True, slots=True)
class ScoreTable:
    """B1 points: column (scoring region or "urban") -> item -> answer -> points."""

    id: str
    version: str
    provenance: Provenance
    illustrative: bool
    urban_column: str
    points: Mapping[str, Mapping[str, Mapping[str, int]]]
    base: Mapping[str, int]
    item_labels: Mapping[str, str]
    answer_labels: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # item -> answer -> label


@dataclass(frozen=True, slots=True)
class PhieuACriteria:
    """Phiếu A criteria by group, and the stop rules: ≥ `min_ticked` in `group` stops."""

    id: str
    version: str
    provenance: Provenance
    illustrative: bool
    groups: Mapping[str, int]  # criterion code -> group
    labels: Mapping[str, str]
    stop_rules: tuple[tuple[int, int], ...]  # (group, min_ticked)
    stop_sets: tuple[tuple[frozenset[str], int], ...] = field(repr=False, compare=False)  # (group's codes, min)


@dataclass(frozen=True, slots=True)
class Paths:
    """Which measures may classify a household, in order of preference, and which are shown beside.

    `classify` holds Basis.SCORE_B1 and / or Basis.INCOME (direct income: Phiếu C or a given
    per-capita figure); the first one whose rule and answers exist classifies. `inform` lists the
    measures computed and shown "for information" without deciding the class.
    """

    classify: tuple[Basis, ...]
    inform: tuple[Basis, ...]
    provenance: Provenance


@dataclass(frozen=True, slots=True)
class Setting:
    """A single configured value with its provenance."""

    value: int | bool | str
    provenance: Provenance


class Usage(NamedTuple):
    """What one classification relied on; selects the unverified items to report.

    `RuleSet.unverified` takes it as a plain tuple in this field order: building a
    NamedTuple per household costs more than the lookup it keys.
    """

    phieu_a: bool
    indicators: bool
    basis: Basis
    itemised_b1: bool
    phieu_c_income: bool
    average_living_standard: bool
    low_income_worker: bool
    year_only_birth: bool


UsageKey = tuple[bool, bool, Basis, bool, bool, bool, bool, bool]  # a Usage as a plain tuple


@dataclass(frozen=True, slots=True)
class RuleSet:
    """One period's standard (or a province's local standard) with everything it needs."""

    id: str
    version: str
    title: str
    document_name: str  # how documents name it: "chuẩn nghèo đa chiều giai đoạn … theo Nghị định số …"
    kind: str  # "national" or "local"
    province: str | None
    base_id: str | None
    legal_basis: tuple[str, ...]
    applies_from: date
    applies_to: date
    labels: Mapping[str, str]
    lines: Mapping[str, AreaAmounts]
    b1_lines: Mapping[str, AreaAmounts]
    income_rule: GateRule | None
    b1_rule: GateRule | None
    average_living_standard: IncomeRange | None
    low_income_worker: IncomeRange | None
    b2_points: Setting
    indicators: tuple[IndicatorSpec, ...]
    codes: Mapping[str, CodeList]
    working_age: WorkingAge
    year_only_birthday: Setting  # "MM-DD" assumed when only the birth year is known
    phieu_c_net_income: Setting  # subtract production costs from Phiếu C income
    score_table: ScoreTable | None
    phieu_a: PhieuACriteria | None
    paths: Paths
    # Derived at load time for the hot path: the indicators' evaluators in order, the B2
    # points as an int and the parsed year_only_birthday.
    evaluators: tuple[Evaluator, ...] = field(repr=False, compare=False)
    b2_points_value: int = field(repr=False, compare=False)
    year_only_month_day: tuple[int, int] = field(repr=False, compare=False)
    # The paths that can classify here, in order: those of `paths.classify` whose rule exists, or
    # the income path alone when no B1 rule exists (a rule set without a B1 table).
    classifying_paths: tuple[Basis, ...] = field(repr=False, compare=False)
    _unverified: dict[UsageKey, tuple[str, ...]] = field(default_factory=dict, repr=False, compare=False)

    def covers(self, day: date) -> bool:
        return self.applies_from <= day <= self.applies_to

    def offers(self, basis: Basis) -> bool:
        """Whether `basis` may classify a household under this rule set."""
        return basis in self.classifying_paths

    def informs(self, basis: Basis) -> bool:
        """Whether `basis` is shown beside the classifying path, for information only."""
        return basis in self.paths.inform and basis not in self.classifying_paths

    def indicator(self, indicator_id: str) -> IndicatorSpec:
        for spec in self.indicators:
            if spec.id == indicator_id:
                return spec
        raise KeyError(indicator_id)

    def unverified(self, usage: UsageKey) -> tuple[str, ...]:
        """Ids of the unverified items a classification with this `Usage` relied on (cached)."""
        found = self._unverified.get(usage)
        if found is None:
            relied_on = self._relied_on(Usage(*usage))
            found = tuple(sorted({name for name, mark in relied_on if not mark.verified}))
            self._unverified[usage] = found
        return found

    def _relied_on(self, usage: Usage) -> list[tuple[str, Provenance]]:
        items: list[tuple[str, Provenance]] = []
        if usage.phieu_a and self.phieu_a is not None:
            items.append((f"phieu_a:{self.phieu_a.id}", self.phieu_a.provenance))
        if usage.indicators:
            items.append(("b2_points", self.b2_points.provenance))
            for spec in self.indicators:
                items.append((f"indicator:{spec.id}", spec.provenance))
                items.extend((name, self._shared(name)) for name in spec.uses)
        if usage.year_only_birth:
            items.append(("year_only_birthday", self.year_only_birthday.provenance))
        rule = self.b1_rule if usage.basis is Basis.SCORE_B1 else self.income_rule
        if usage.basis not in (Basis.SCORE_B1, Basis.INCOME, Basis.PHIEU_C):
            rule = None
        if rule is not None:
            items.append((f"rule:{'b1' if rule.measure is Basis.SCORE_B1 else 'income'}", rule.provenance))
            prefix = "b1_line" if rule.measure is Basis.SCORE_B1 else "line"
            items.extend((f"{prefix}:{band.up_to.name}", band.up_to.provenance) for band in rule.bands)
        if usage.basis is Basis.INCOME and Basis.INCOME in self.classifying_paths:
            items.append(("paths", self.paths.provenance))
        if usage.itemised_b1 and self.score_table is not None:
            items.append((f"score_table:{self.score_table.id}", self.score_table.provenance))
        if usage.average_living_standard and self.average_living_standard is not None:
            items.extend(self._range_items("average_living_standard", self.average_living_standard))
        if usage.phieu_c_income:
            items.append(("phieu_c_net_income", self.phieu_c_net_income.provenance))
        if usage.low_income_worker and self.low_income_worker is not None:
            items.extend(self._range_items("low_income_worker", self.low_income_worker))
        return items

    def _range_items(self, name: str, income_range: IncomeRange) -> list[tuple[str, Provenance]]:
        items = [
            (f"rule:{name}", income_range.provenance),
            (f"line:{income_range.up_to.name}", income_range.up_to.provenance),
        ]
        if income_range.above is not None:
            items.append((f"line:{income_range.above.name}", income_range.above.provenance))
        return items

    def _shared(self, name: str) -> Provenance:
        if name == "working_age":
            return self.working_age.provenance
        return self.codes[name.removeprefix("codes:")].provenance
