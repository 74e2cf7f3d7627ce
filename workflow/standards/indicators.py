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


def _members(found: list[str] | None) -> tuple[str, ...] | None:
    return None if found is None else tuple(sorted(found))


def _survey(household: HouseholdInput) -> PhieuB:
    if household.phieu_b is None:
        raise InvalidAnswer("phieu_b", "household-level answers are missing")
    return household.phieu_b


# The member loops below run a dozen times per household, a million households per run:
# they index `ages` instead of zipping, test the rare condition first and allocate the
# result list only when a member is found.


def _employment(params: Reader, shared: Shared) -> Built:
    statuses = shared.code_list("employment", params.where)
    known, deprived = statuses.codes, statuses.with_flag("deprived")
    needs_contract = statuses.with_flag("needs_contract")
    candidates = deprived | needs_contract
    working_age = shared.working_age
    min_months = working_age.min_age * 12
    limits_by_year: dict[int, dict[str, int]] = {}

    def retirement_limits(year: int) -> dict[str, int]:
        limits = limits_by_year.get(year)
        if limits is None:
            limits = limits_by_year[year] = {
                sex: working_age.retirement_limit(sex, year) for sex in working_age.retirement_months
            }
        return limits

    def evaluate(household: HouseholdInput, ages: Sequence[int]) -> tuple[str, ...] | None:
        found = None
        for index, member in enumerate(household.members):
            status = member.employment
            if status not in candidates:
                if status not in known:
                    raise unknown_code("employment", status)
                continue
            if status not in deprived and member.labour_contract:
                continue
            limit = retirement_limits(household.reference_date.year).get(member.sex)
            if limit is None:
                raise unknown_code("sex", member.sex)
            if min_months <= ages[index] < limit:
                found = [member.member_id] if found is None else [*found, member.member_id]
        return _members(found)

    return evaluate, ("codes:employment", "working_age")


def _dependents(params: Reader, shared: Shared) -> Built:
    child_below = params.integer("child_under_age") * 12
    elderly_from = params.integer("elderly_from_age") * 12
    allowance_required = params.flag("allowance_required")
    share_above = params.integer("share_above_percent")
    # Members unable to work because of a serious illness count as the rule text has it.
    illness_counts = params.flag("serious_illness", False)

    def evaluate(household: HouseholdInput, ages: Sequence[int]) -> tuple[str, ...] | None:
        found = []
        for index, member in enumerate(household.members):
            months = ages[index]
            if (
                months < child_below
                or (illness_counts and member.serious_illness)
                or ((months >= elderly_from or member.disabled) and (member.social_allowance or not allowance_required))
            ):
                found.append(member.member_id)
        # Strictly more than the share: 2 dependents of 4 is not deprived (standard.md E13).
        if len(found) * 100 > share_above * len(household.members):
            return tuple(sorted(found))
        return None

    return evaluate, ()


def _nutrition(params: Reader, shared: Shared) -> Built:
    child_below = params.integer("child_under_age") * 12

    def evaluate(household: HouseholdInput, ages: Sequence[int]) -> tuple[str, ...] | None:
        found = None
        for index, member in enumerate(household.members):
            if (member.stunted or member.underweight) and ages[index] < child_below:
                found = [member.member_id] if found is None else [*found, member.member_id]
        return _members(found)

    return evaluate, ()


def _health_insurance(params: Reader, shared: Shared) -> Built:
    from_months = params.integer("from_age") * 12

    def evaluate(household: HouseholdInput, ages: Sequence[int]) -> tuple[str, ...] | None:
        found = None
        for index, member in enumerate(household.members):
            if not member.health_insured and ages[index] >= from_months:
                found = [member.member_id] if found is None else [*found, member.member_id]
        return _members(found)

    return evaluate, ()


def _health_service_access(params: Reader, shared: Shared) -> Built:
    def evaluate(household: HouseholdInput, ages: Sequence[int]) -> tuple[str, ...] | None:
        found = [member.member_id for member in household.members if member.untreated_illness]
        return _members(found or None)

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

    youngest, oldest = min(band[0] for band in bands), max(band[1] for band in bands)

    def evaluate(household: HouseholdInput, ages: Sequence[int]) -> tuple[str, ...] | None:
        found = None
        for index, member in enumerate(household.members):
            months = ages[index]
            if months < youngest or months >= oldest or member.attending_school:
                continue
            level = rank.get(member.education_level)
            if level is None:
                raise unknown_code("education_level", member.education_level)
            if not member.certificates <= certificates:
                raise unknown_code("certificates", sorted(member.certificates - certificates))
            for start, end, min_rank, accepted in bands:
                if start <= months < end:
                    if level < min_rank and accepted.isdisjoint(member.certificates):
                        found = [member.member_id] if found is None else [*found, member.member_id]
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
        found = None
        for index, member in enumerate(household.members):
            months = ages[index]
            if not start <= months < end:
                continue
            if member.attending_school and check_level:
                if member.school_level not in school_levels:
                    raise unknown_code("school_level", member.school_level)
                if member.school_level in accepted_by_age[months // 12]:
                    continue
            elif member.attending_school:
                continue
            found = [member.member_id] if found is None else [*found, member.member_id]
        return _members(found)

    return evaluate, ("codes:school_level",)


def _housing_quality(params: Reader, shared: Shared) -> Built:
    materials = shared.code_list("material", params.where)
    known, durable = materials.codes, materials.with_flag("durable")
    min_non_durable = params.integer("min_non_durable")

    def evaluate(household: HouseholdInput, ages: Sequence[int]) -> tuple[str, ...] | None:
        dwelling = _survey(household).dwelling
        wall, pillar, roof = dwelling.wall, dwelling.pillar, dwelling.roof
        if wall not in known or pillar not in known or roof not in known:
            raise unknown_code("material", sorted({wall, pillar, roof} - known))
        non_durable = (wall not in durable) + (pillar not in durable) + (roof not in durable)
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
    "waste_treatment": _single_code("waste_handling", "safe", lambda survey: survey.waste_handling),
    "telecom_use": _code_set("telecom", "counts", lambda survey: survey.telecom_used),
    "information_access": _code_set("device", "counts", lambda survey: survey.devices),
}
