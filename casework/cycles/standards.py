"""Which poverty standard a run applies, and a province's local standard beside it.

A campaign applies the national rule set of the year its lists are for (standard.md §11.2), unless
its `rule_set` setting names another (whether the late-2026 review sets 2027 status under the
2027-2030 standard is unconfirmed, so it is a per-campaign choice). A province whose setting
`local_standard` names one of the local standards in `casework/data/local_standards/` gets a
second classification of every survey under it (under its local standard of the survey's period,
when the one named covers another period); the national one still drives the procedure
(§11.9). Pages and documents name a standard by its title, never by its id.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from casework.cycles.settings import lists_year, province_settings, run_settings
from casework.models import AdminUnit, ReviewRun
from workflow.standards import (
    RuleSet,
    RuleSetError,
    load_local_rule_set,
    load_rule_set,
    load_rule_set_by_id,
    national_rule_sets,
)

LOCAL_STANDARDS_DIR = Path(__file__).resolve().parent.parent / "data" / "local_standards"


def local_files() -> tuple[Path, ...]:
    """The local standards shipped as data, one TOML file each."""
    return tuple(sorted(LOCAL_STANDARDS_DIR.glob("*.toml")))


def default_rule_set(run: ReviewRun) -> RuleSet:
    """The national standard of the year the run's lists are for."""
    return load_rule_set(lists_year(run))


def campaign_rule_set(run: ReviewRun) -> RuleSet:
    """The standard the run applies: its own choice, else the default by the lists' year."""
    chosen = run_settings(run).rule_set
    if not chosen:
        return default_rule_set(run)
    try:
        return load_rule_set_by_id(chosen)
    except LookupError:  # a rule set no longer shipped: the default, rather than breaking every page of the run
        return default_rule_set(run)


def campaign_title(run: ReviewRun) -> str:
    """The title of the standard the run applies, for its pages and documents; empty when no national
    standard covers the year of its lists (a campaign opened for a year beyond the last one shipped)."""
    try:
        return campaign_rule_set(run).title
    except LookupError:
        return ""


def is_chosen(run: ReviewRun) -> bool:
    """Whether the run's standard was chosen on it rather than taken by default."""
    return bool((run.settings or {}).get("rule_set"))


def choices() -> tuple[RuleSet, ...]:
    """The standards a campaign may apply: every national one, newest first."""
    return tuple(reversed(national_rule_sets()))


def title_of(rule_set_id: str | None) -> str:
    """A stored result's standard by its title, for pages; empty when the id is no longer known."""
    try:
        return load_rule_set_by_id(rule_set_id or "", local_files=local_files()).title
    except (LookupError, OSError):
        return ""


def local_choices(province: AdminUnit) -> tuple[RuleSet, ...]:
    """The local standards shipped for the province (by its code), that its settings may name."""
    found = []
    for path in local_files():
        try:
            rule_set = load_rule_set_by_id(path.stem, local_files=(path,))
        except LookupError:
            continue
        if rule_set.province == province.code:
            found.append(rule_set)
    return tuple(found)


def local_rule_set(commune: AdminUnit, period: dt.date | int) -> RuleSet | None:
    """The province's local standard in force for the period, when its settings name one."""
    chosen = province_settings(commune).local_standard
    if not chosen:
        return None
    try:
        rule_set = load_rule_set_by_id(chosen, local_files=local_files())
    except LookupError:
        return None
    day = period if isinstance(period, dt.date) else dt.date(period, 1, 1)
    if rule_set.province is None:
        return None
    if rule_set.covers(day):
        return rule_set
    # The province applies a local standard: for another period, its local standard of that period.
    try:
        return load_local_rule_set(day, rule_set.province, local_files())
    except RuleSetError:
        return None


def local_beside(commune: AdminUnit, year: int, national: RuleSet) -> RuleSet | None:
    """The province's local standard over `national` for a status of `year`; for a year `national` does
    not cover (a late-2026 review under 2027-2030), the local standard of the first year it does."""
    local = local_rule_set(commune, year)
    if local is None or local.base_id != national.id:
        local = local_rule_set(commune, max(year, national.applies_from.year))
    return local if local is not None and local.base_id == national.id else None


def campaign_local(run: ReviewRun) -> RuleSet | None:
    """The province's local standard beside the campaign's national one."""
    try:
        national = campaign_rule_set(run)
    except LookupError:
        return None
    return local_beside(run.commune, lists_year(run), national)
