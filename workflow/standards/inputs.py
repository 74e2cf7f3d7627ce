"""The survey answers the engine reads: plain frozen values, no I/O.

Answer codes (materials, water sources, employment statuses...) are plain strings whose meaning
lives in the rule set's code lists, so a corrected list needs no release. Defaults are the
answer that deprives nobody; the forms layer is responsible for asking every question.

`household_to_dict` / `household_from_dict` turn an input into JSON-ready values and back, so
the raw answers can be stored next to a result and the result recomputed later.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, is_dataclass
from datetime import date
from typing import Any

from workflow.standards.vocabulary import AreaType


class InvalidAnswer(ValueError):
    """An answer the rule set cannot read: an unknown code, or a required answer missing."""

    def __init__(self, question: str, problem: str) -> None:
        super().__init__(f"{question}: {problem}")
        self.question = question
        self.problem = problem


def unknown_code(question: str, code: object) -> InvalidAnswer:
    return InvalidAnswer(question, f"unknown answer code {code!r}")


@dataclass(frozen=True, slots=True)
class Member:
    """One household member as recorded on the roster and in Phiếu B."""

    member_id: str
    birth_date: date
    sex: str  # "male" / "female": the retirement age differs
    birth_year_only: bool = False  # only the year is known; the day is assumed (rule-set data)
    # health
    health_insured: bool = True
    stunted: bool = False
    underweight: bool = False
    untreated_illness: bool = False  # 2016-2020 indicator only
    # schooling and qualifications
    attending_school: bool = False  # studying or in training now
    school_level: str | None = None
    education_level: str = "none"  # highest general level completed
    certificates: frozenset[str] = frozenset()  # vocational or employer-certified training
    # employment
    employment: str = "outside_labour_force"
    labour_contract: bool = False
    # dependency
    disabled: bool = False
    serious_illness: bool = False  # unable to work because of a serious illness
    social_allowance: bool = False  # receives a monthly social allowance


@dataclass(frozen=True, slots=True)
class Dwelling:
    """Material codes of the three main structures and the total floor area."""

    wall: str
    pillar: str
    roof: str
    floor_area_m2: float


@dataclass(frozen=True, slots=True)
class B1Input:
    """The B1 income-proxy part of Phiếu B: itemised answers, the paper total, or both.

    When both are given the itemised answers are scored and a differing paper total is
    reported, never silently preferred.
    """

    items: tuple[tuple[str, str], ...] = ()  # (item code, answer code)
    form_total: int | None = None

    def __post_init__(self) -> None:
        if not self.items and self.form_total is None:
            raise ValueError("B1Input needs itemised answers or the form total")
        codes = [item for item, _ in self.items]
        if len(codes) != len(set(codes)):
            raise ValueError("B1Input answers an item more than once")
        # Item order carries no meaning: keep one canonical order so equal answers compare equal.
        object.__setattr__(self, "items", tuple(sorted(self.items)))


@dataclass(frozen=True, slots=True)
class PhieuA:
    """The Phiếu A criteria ticked for the household (codes of the criteria file)."""

    ticked: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class PhieuB:
    """Household-level Phiếu B answers; member-level ones are on `Member`."""

    dwelling: Dwelling
    water_source: str
    latrine: str
    telecom_used: frozenset[str]  # services any member uses (internet, phone...)
    devices: frozenset[str]  # information devices owned
    hears_loudspeaker: bool
    waste_handling: str | None = None  # asked from 2027
    b1: B1Input | None = None


@dataclass(frozen=True, slots=True)
class PhieuC:
    """Actual income of the last 12 months in VND, by source (QĐ 24/2021 Điều 2).

    `social_allowances` records state-budget allowances the household received; they are
    shown but never counted, because the method excludes them.
    """

    crops: int = 0
    livestock: int = 0
    forestry: int = 0
    fishery: int = 0
    salt_making: int = 0
    wages: int = 0
    non_farm_business: int = 0
    other: int = 0
    production_costs: int = 0
    social_allowances: int = 0


@dataclass(frozen=True, slots=True)
class HouseholdInput:
    """Everything one classification reads.

    `reference_date` is the date ages are computed at (most likely the survey date); the
    period the status is for is chosen by the caller when loading the rule set.
    `income_per_capita` (VND per person per month) is the direct-income figure for the
    procedures that use income instead of the B1 proxy.
    """

    reference_date: date
    area_type: AreaType
    members: tuple[Member, ...]
    scoring_region: str | None = None  # B1 column of a rural commune (via its legacy province)
    farm_household: bool = False  # livelihood is farming, forestry, fishery or salt-making
    phieu_a: PhieuA | None = None
    phieu_b: PhieuB | None = None
    income_per_capita: int | None = None
    phieu_c: PhieuC | None = None

    def __post_init__(self) -> None:
        if not self.members:
            raise ValueError("a household has at least one member")
        ids = [member.member_id for member in self.members]
        if len(ids) != len(set(ids)):
            raise ValueError("member ids must be unique within a household")


def household_to_dict(household: HouseholdInput) -> dict[str, Any]:
    """The raw answers as JSON-ready values (dates ISO, sets as sorted lists)."""
    plain = _plain(household)
    assert isinstance(plain, dict)
    return plain


def household_from_dict(data: Mapping[str, Any]) -> HouseholdInput:
    """Rebuild an input stored with `household_to_dict`."""
    phieu_a = data.get("phieu_a")
    phieu_b = data.get("phieu_b")
    phieu_c = data.get("phieu_c")
    return HouseholdInput(
        reference_date=date.fromisoformat(data["reference_date"]),
        area_type=AreaType(data["area_type"]),
        members=tuple(_member_from_dict(member) for member in data["members"]),
        scoring_region=data.get("scoring_region"),
        farm_household=bool(data.get("farm_household", False)),
        phieu_a=None if phieu_a is None else PhieuA(frozenset(phieu_a["ticked"])),
        phieu_b=None if phieu_b is None else _phieu_b_from_dict(phieu_b),
        income_per_capita=data.get("income_per_capita"),
        phieu_c=None if phieu_c is None else PhieuC(**phieu_c),
    )


def _member_from_dict(data: Mapping[str, Any]) -> Member:
    values = dict(data)
    values["birth_date"] = date.fromisoformat(values["birth_date"])
    values["certificates"] = frozenset(values.get("certificates", ()))
    return Member(**values)


def _phieu_b_from_dict(data: Mapping[str, Any]) -> PhieuB:
    b1 = data.get("b1")
    return PhieuB(
        dwelling=Dwelling(**data["dwelling"]),
        water_source=data["water_source"],
        latrine=data["latrine"],
        telecom_used=frozenset(data["telecom_used"]),
        devices=frozenset(data["devices"]),
        hears_loudspeaker=data["hears_loudspeaker"],
        waste_handling=data.get("waste_handling"),
        b1=None
        if b1 is None
        else B1Input(
            items=tuple((str(item), str(answer)) for item, answer in b1["items"].items()),
            form_total=b1.get("form_total"),
        ),
    )


def _plain(value: object) -> object:
    if isinstance(value, B1Input):
        # A mapping reads better in storage than pairs.
        return {"items": dict(value.items), "form_total": value.form_total}
    if isinstance(value, AreaType):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, frozenset):
        return sorted(value)
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    return value


__all__ = [
    "B1Input",
    "Dwelling",
    "HouseholdInput",
    "InvalidAnswer",
    "Member",
    "PhieuA",
    "PhieuB",
    "PhieuC",
    "household_from_dict",
    "household_to_dict",
]
