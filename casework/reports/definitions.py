"""Report forms, bundles and reporting deadlines, read from the data files beside this module.

A form has versions by year (TT 02/2022 replaced 7.8-7.10): `form_for(form_id, year)` picks the one
in force, so a replaced form is a new version in its TOML file, not a change here.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
FORMS_DIR = HERE / "forms"


@dataclass(frozen=True)
class ReportColumn:
    key: str
    label: str
    group: tuple[str, ...] = ()
    measure: str | None = None
    rate: tuple[str, str] | None = None
    total_of: tuple[str, ...] = ()
    not_recorded: bool = False
    confidence: str | None = None

    @property
    def kind(self) -> str:
        if self.not_recorded:
            return "not_recorded"
        if self.rate:
            return "rate"
        return "count"

    @property
    def measures(self) -> tuple[str, ...]:
        """Every count this column needs from the database."""
        if self.measure:
            return (self.measure,)
        if self.rate:
            return self.rate
        return self.total_of


@dataclass(frozen=True)
class ReportForm:
    form_id: str
    title: str
    source: str
    confidence: str
    valid_from_year: int
    valid_to_year: int | None
    columns: tuple[ReportColumn, ...]
    note: str = ""

    @property
    def label(self) -> str:
        return f"Mẫu số {self.form_id}"

    @property
    def measures(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for column in self.columns:
            seen.update(dict.fromkeys(column.measures))
        return tuple(seen)

    def in_force(self, year: int) -> bool:
        return self.valid_from_year <= year and (self.valid_to_year is None or year <= self.valid_to_year)


class UnknownForm(LookupError):
    pass


def _column(raw: dict[str, Any]) -> ReportColumn:
    rate = raw.get("rate")
    return ReportColumn(
        key=raw["key"],
        label=raw["label"],
        group=tuple(raw.get("group", ())),
        measure=raw.get("measure"),
        rate=(rate[0], rate[1]) if rate else None,
        total_of=tuple(raw.get("sum", ())),
        not_recorded=bool(raw.get("not_recorded", False)),
        confidence=raw.get("confidence"),
    )


def _versions(raw: dict[str, Any]) -> list[ReportForm]:
    form_id = raw["form"]
    versions = []
    for version in raw["versions"]:
        columns = tuple(_column(c) for c in version["columns"])
        keys = [c.key for c in columns]
        if len(keys) != len(set(keys)):
            raise ValueError(f"Mẫu {form_id}: a column key is used twice")
        for column in columns:
            if not column.measures and not column.not_recorded:
                raise ValueError(f"Mẫu {form_id}: column {column.key} has no measure")
        versions.append(
            ReportForm(
                form_id=form_id,
                title=version["title"],
                source=version["source"],
                confidence=version.get("confidence", "S"),
                valid_from_year=int(version["valid_from_year"]),
                valid_to_year=version.get("valid_to_year"),
                columns=columns,
                note=version.get("note", ""),
            )
        )
    return versions


@cache
def all_forms() -> dict[str, tuple[ReportForm, ...]]:
    """Form id -> its versions, oldest first, in the order of the form numbers."""
    forms: dict[str, tuple[ReportForm, ...]] = {}
    for path in sorted(FORMS_DIR.glob("*.toml")):
        with path.open("rb") as handle:
            raw = tomllib.load(handle)
        forms[raw["form"]] = tuple(sorted(_versions(raw), key=lambda f: f.valid_from_year))
    return forms


def form_ids() -> list[str]:
    return list(all_forms())


def form_for(form_id: str, year: int) -> ReportForm:
    """The version of a form in force in a year (the newest when the year is before every version)."""
    versions = all_forms().get(form_id)
    if not versions:
        raise UnknownForm(form_id)
    for version in versions:
        if version.in_force(year):
            return version
    return versions[0] if year < versions[0].valid_from_year else versions[-1]


@dataclass(frozen=True)
class Bundle:
    key: str
    title: str
    period: str  # "monthly" or "year"
    forms: tuple[str, ...]


@dataclass(frozen=True)
class Deadline:
    key: str
    label: str
    day: int
    months: tuple[int, ...]
    before: bool
    bundle: str
    confidence: str

    def next_due(self, today: dt.date) -> dt.date:
        """The next date the report is due on or after today (the day before the date for 'before')."""
        for year in (today.year, today.year + 1):
            for month in self.months:
                due = dt.date(year, month, self.day) - dt.timedelta(days=1 if self.before else 0)
                if due >= today:
                    return due
        raise AssertionError("a deadline recurs every year")


@cache
def _schedule() -> dict[str, Any]:
    with (HERE / "schedule.toml").open("rb") as handle:
        return tomllib.load(handle)


def bundles() -> dict[str, Bundle]:
    return {
        key: Bundle(key=key, title=raw["title"], period=raw["period"], forms=tuple(raw["forms"]))
        for key, raw in _schedule()["bundles"].items()
    }


def deadlines() -> list[Deadline]:
    return [
        Deadline(
            key=raw["key"],
            label=raw["label"],
            day=int(raw["day"]),
            months=tuple(raw["months"]),
            before=bool(raw.get("before", False)),
            bundle=raw.get("bundle", ""),
            confidence=raw.get("confidence", "U"),
        )
        for raw in _schedule()["deadlines"]
    ]
