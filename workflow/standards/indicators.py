"""Evaluators of the deprivation indicators, built from rule-set parameters.

Each factory reads its parameters once, at load time, and returns a closure for the hot
path plus the names of the shared data it reads (code lists, working age), so a result can
list what it relied on. An evaluator returns None when the household is not deprived, else
the sorted ids of the members concerned (empty for household-level indicators).

Members are aggregated with "at least one member"; an indicator with no eligible member is
not deprived (standard.md §3).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from workflow.standards.inputs import HouseholdInput, InvalidAnswer, PhieuB, unknown_code
from workflow.standards.reader import Reader, RuleSetError
from workflow.standards.rule_set import CodeList, Evaluator, WorkingAge

Built = tuple[Evaluator, tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class Shared:
    """Rule-set data several indicators read."""

    codes: Mapping[str, CodeList]
    working_age: WorkingAge

    def code_list(self, name: str, where: str) -> CodeList:
        if name not in self.codes:
            raise RuleSetError(f"{where}: needs the code list [codes.{name}]")
        return self.codes[name]


def _members(found: list[str]) -> tuple[str, ...] | None:
    return tuple(sorted(found)) if found else None


def _survey(household: HouseholdInput) -> PhieuB:
    if household.phieu_b is None:
        raise InvalidAnswer("phieu_b", "household-level answers are missing")
    return household.phieu_b


def _employment(params: Reader, shared: Shared) -> Built:
    statuses = shared.code_list("employment", params.where)
    known, deprived = statuses.codes, statuses.with_flag("deprived")
    needs_contract = statuses.with_flag("needs_contract")
    working_age = shared.working_age
    min_months = working_age.min_age * 12
    limits: dict[tuple[str, int], int] = {}

    def retirement(sex: str, year: int) -> int:
        limit = limits.get((sex, year))
        if limit is None:
            if sex not in working_age.retirement_months:
                raise unknown_code("sex", sex)
            limit = limits[(sex, year)] = working_age.retirement_limit(sex, year)
        return limit

    def evaluate(household: HouseholdInput, ages: Sequence[int]) -> tuple[str, ...] | None:
        year = household.reference_date.year
        found = []
        for member, months in zip(household.members, ages):
            status = member.employment
            if status not in known:
                raise unknown_code("employment", status)
            if months < min_months or months >= retirement(member.sex, year):
                continue
            if status in deprived or (status in needs_contract and not member.labour_contract):
                found.append(member.member_id)
        return _members(found)

    return evaluate, ("codes:employment", "working_age")


def _dependents(params: Reader, shared: Shared) -> Built:
    child_below = params.integer("child_under_age") * 12
    elderly_from = params.integer("elderly_from_age") * 12
    allowance_required = params.flag("allowance_required")
    share_above = params.integer("share_above_percent")

    def evaluate(household: HouseholdInput, ages: Sequence[int]) -> tuple[str, ...] | None:
        found = []
        for member, months in zip(household.members, ages):
            if months < child_below:
                found.append(member.member_id)
            elif (months >= elderly_from or member.disabled) and (member.social_allowance or not allowance_required):
                found.append(member.member_id)
        # Strictly more than the share: 2 dependents of 4 is not deprived (standard.md E13).
        if len(found) * 100 > share_above * len(household.members):
            return tuple(sorted(found))
        return None

    return evaluate, ()


def _nutrition(params: Reader, shared: Shared) -> Built:
    child_below = params.integer("child_under_age") * 12

    def evaluate(household: HouseholdInput, ages: Sequence[int]) -> tuple[str, ...] | None:
        return _members(
            [
                member.member_id
                for member, months in zip(household.members, ages)
                if months < child_below and (member.stunted or member.underweight)
            ]
        )

    return evaluate, ()


def _health_insurance(params: Reader, shared: Shared) -> Built:
    from_months = params.integer("from_age") * 12

    def evaluate(household: HouseholdInput, ages: Sequence[int]) -> tuple[str, ...] | None:
        return _members(
            [
                member.member_id
                for member, months in zip(household.members, ages)
                if months >= from_months and not member.health_insured
            ]
        )

    return evaluate, ()


def _health_service_access(params: Reader, shared: Shared) -> Built:
    def evaluate(household: HouseholdInput, ages: Sequence[int]) -> tuple[str, ...] | None:
        return _members([member.member_id for member in household.members if member.untreated_illness])

    return evaluate, ()


def _adult_education(params: Reader, shared: Shared) -> Built:
    levels = shared.code_list("education_level", params.where)
    certificates = shared.code_list("certificate", params.where).codes
    rank = {code: levels.number(code, "rank") for code in levels.codes}
    bands = []
    for band in params.tables("age_bands"):
        min_level = band.text("min_level")
        accepted = frozenset(band.texts("accepted_certificates"))
        if min_level not in rank or not accepted <= certificates:
            raise band.fail("unknown education level or certificate code")
        bands.append((band.integer("from_age") * 12, (band.integer("to_age") + 1) * 12, rank[min_level], accepted))
    if not bands:
        raise params.fail("needs at least one [[age_bands]] entry")

    def evaluate(household: HouseholdInput, ages: Sequence[int]) -> tuple[str, ...] | None:
        found = []
        for member, months in zip(household.members, ages):
            level = rank.get(member.education_level)
            if level is None:
                raise unknown_code("education_level", member.education_level)
            if not member.certificates <= certificates:
                raise unknown_code("certificates", sorted(member.certificates - certificates))
            if member.attending_school:
                continue
            for start, end, min_rank, accepted in bands:
                if start <= months < end:
                    if level < min_rank and accepted.isdisjoint(member.certificates):
                        found.append(member.member_id)
                    break
        return _members(found)

    return evaluate, ("codes:education_level", "codes:certificate")


def _child_school_attendance(params: Reader, shared: Shared) -> Built:
    school_levels = shared.code_list("school_level", params.where).codes
    start = params.integer("from_age") * 12
    end = (params.integer("to_age") + 1) * 12
    check_level = params.flag("check_level")
    accepted_by_age: dict[int, frozenset[str]] = {}
    for band in params.tables("levels_by_age"):
        accepted = frozenset(band.texts("levels"))
        if not accepted <= school_levels:
            raise band.fail("unknown school level code")
        for age in range(band.integer("from_age"), band.integer("to_age") + 1):
            accepted_by_age[age] = accepted_by_age.get(age, frozenset()) | accepted
    if check_level and any(age not in accepted_by_age for age in range(start // 12, end // 12)):
        raise params.fail("levels_by_age must cover every age of the indicator")

    def evaluate(household: HouseholdInput, ages: Sequence[int]) -> tuple[str, ...] | None:
        found = []
        for member, months in zip(household.members, ages):
            if not start <= months < end:
                continue
            if not member.attending_school:
                found.append(member.member_id)
            elif check_level:
                if member.school_level not in school_levels:
                    raise unknown_code("school_level", member.school_level)
                if member.school_level not in accepted_by_age[months // 12]:
                    found.append(member.member_id)
        return _members(found)

    return evaluate, ("codes:school_level",)


def _housing_quality(params: Reader, shared: Shared) -> Built:
    materials = shared.code_list("material", params.where)
    known, durable = materials.codes, materials.with_flag("durable")
    min_non_durable = params.integer("min_non_durable")

    def evaluate(household: HouseholdInput, ages: Sequence[int]) -> tuple[str, ...] | None:
        dwelling = _survey(household).dwelling
        parts = (dwelling.wall, dwelling.pillar, dwelling.roof)
        for part in parts:
            if part not in known:
                raise unknown_code("material", part)
        non_durable = sum(part not in durable for part in parts)
        return () if non_durable >= min_non_durable else None

    return evaluate, ("codes:material",)


def _housing_area(params: Reader, shared: Shared) -> Built:
    below = params.number("min_m2_per_person")

    def evaluate(household: HouseholdInput, ages: Sequence[int]) -> tuple[str, ...] | None:
        # Compared without dividing: area / persons < limit ⇔ area < limit × persons.
        area = _survey(household).dwelling.floor_area_m2
        return () if area < below * len(household.members) else None

    return evaluate, ()


def _single_code(list_name: str, flag: str, read: Callable[[PhieuB], str | None]) -> Callable[[Reader, Shared], Built]:
    """An indicator deprived when one household-level answer lacks `flag` in its code list."""

    def factory(params: Reader, shared: Shared) -> Built:
        codes = shared.code_list(list_name, params.where)
        known, good = codes.codes, codes.with_flag(flag)

        def evaluate(household: HouseholdInput, ages: Sequence[int]) -> tuple[str, ...] | None:
            answer = read(_survey(household))
            if answer is None:
                raise InvalidAnswer(list_name, "answer missing; this rule set asks it")
            if answer not in known:
                raise unknown_code(list_name, answer)
            return None if answer in good else ()

        return evaluate, (f"codes:{list_name}",)

    return factory


def _code_set(list_name: str, flag: str, read: Callable[[PhieuB], frozenset[str]]) -> Callable[[Reader, Shared], Built]:
    """An indicator deprived when none of a set of answers has `flag` in its code list."""

    def factory(params: Reader, shared: Shared) -> Built:
        codes = shared.code_list(list_name, params.where)
        known, counted = codes.codes, codes.with_flag(flag)
        loudspeaker_counts = params.flag("loudspeaker_counts", False)

        def evaluate(household: HouseholdInput, ages: Sequence[int]) -> tuple[str, ...] | None:
            survey = _survey(household)
            answers = read(survey)
            if not answers <= known:
                raise unknown_code(list_name, sorted(answers - known))
            if not counted.isdisjoint(answers) or (loudspeaker_counts and survey.hears_loudspeaker):
                return None
            return ()

        return evaluate, (f"codes:{list_name}",)

    return factory


EVALUATORS: Mapping[str, Callable[[Reader, Shared], Built]] = {
    "employment": _employment,
    "dependents": _dependents,
    "nutrition": _nutrition,
    "health_insurance": _health_insurance,
    "health_service_access": _health_service_access,
    "adult_education": _adult_education,
    "child_school_attendance": _child_school_attendance,
    "housing_quality": _housing_quality,
    "housing_area": _housing_area,
    "water_source": _single_code("water_source", "safe", lambda survey: survey.water_source),
    "hygienic_latrine": _single_code("latrine", "hygienic", lambda survey: survey.latrine),
    "waste_treatment": _single_code("waste", "safe", lambda survey: survey.waste_handling),
    "telecom_use": _code_set("telecom", "counts", lambda survey: survey.telecom_used),
    "information_access": _code_set("device", "counts", lambda survey: survey.devices),
}
