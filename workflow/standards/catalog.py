"""Finding rule sets: the national ones shipped in `rulesets/`, and provincial overlays.

The rule set is chosen by the period the status is for (a review run's period), never by
today's date. Files are read once per process and cached; a local file is re-read only when
its modification time changes.
"""

from __future__ import annotations

import copy
import functools
import itertools
import os
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from importlib.abc import Traversable
from importlib.resources import files
from pathlib import Path
from typing import Any

from workflow.standards.parsing import parse_phieu_a, parse_rule_set, parse_score_table
from workflow.standards.reader import Reader, RuleSetError
from workflow.standards.rule_set import RuleSet

RULESET_DIR: Traversable = files("workflow.standards") / "rulesets"

# What a provincial file may replace, table by table; indicators always come from the base.
_OVERRIDABLE = ("lines", "b1_lines", "rules", "labels", "paths")


@dataclass(frozen=True, slots=True)
class _Catalog:
    rule_sets: tuple[RuleSet, ...]
    raw: dict[str, dict[str, Any]]


def load_rule_set(period: date | int) -> RuleSet:
    """The national rule set for the period a status is for (a date, or a year meaning 1 January)."""
    day = period_day(period)
    for rule_set in _catalog().rule_sets:
        if rule_set.covers(day):
            return rule_set
    raise LookupError(f"no national rule set covers {day.isoformat()}")


def national_rule_sets() -> tuple[RuleSet, ...]:
    """Every national rule set shipped, oldest first (a campaign may apply any; the field app downloads all)."""
    return _catalog().rule_sets


def load_rule_set_by_id(rule_set_id: str, *, local_files: Iterable[str | os.PathLike[str]] = ()) -> RuleSet:
    """A rule set by id, to recompute a stored result; local ids are looked up in `local_files`."""
    candidates = [*_catalog().rule_sets, *(_local(Path(path)) for path in local_files)]
    for rule_set in candidates:
        if rule_set.id == rule_set_id:
            return rule_set
    raise LookupError(f"no rule set with id {rule_set_id!r}")


def load_local_rule_set(
    period: date | int, province: str, local_files: Iterable[str | os.PathLike[str]]
) -> RuleSet | None:
    """The province's local standard in force for the period, if any.

    It gives a separate local classification beside the national one, never instead of it
    (standard.md §11.9).
    """
    day = period_day(period)
    matches = [
        rule_set
        for rule_set in (_local(Path(path)) for path in local_files)
        if rule_set.province == province and rule_set.covers(day)
    ]
    if len(matches) > 1:
        raise RuleSetError(f"local standards {[m.id for m in matches]} of province {province} overlap on {day}")
    return matches[0] if matches else None


def load_rule_set_file(path: str | os.PathLike[str]) -> RuleSet:
    """A national rule set read from any file (an official table arriving is a data change).

    Its score table and Phiếu A files are looked up beside it first, then among the shipped ones.
    """
    file = Path(path)
    data = _read(file)
    if data.get("kind") != "national":
        raise RuleSetError(f"{file.name}: kind must be 'national'")
    tables_dir = file.parent if (file.parent / str(data.get("score_table", ""))).is_file() else RULESET_DIR
    criteria_dir = file.parent if (file.parent / str(data.get("phieu_a", ""))).is_file() else RULESET_DIR
    return _build(data, file.name, tables_dir, criteria_dir)


def period_day(period: date | int) -> date:
    """A year stands for its first day: statuses set by a periodic review run from 1 January."""
    if isinstance(period, datetime):
        return period.date()
    if isinstance(period, date):
        return period
    if isinstance(period, bool) or not isinstance(period, int):
        raise TypeError(f"period must be a date or a year, not {period!r}")
    return date(period, 1, 1)


def _read(path: Traversable | Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise RuleSetError(f"{path.name}: {error}") from None


@functools.cache
def _catalog() -> _Catalog:
    rule_sets, raw = [], {}
    for entry in sorted(RULESET_DIR.iterdir(), key=lambda item: item.name):
        if not entry.name.endswith(".toml"):
            continue
        data = _read(entry)
        if data.get("kind") != "national":
            continue
        rule_set = _build(data, entry.name, RULESET_DIR, RULESET_DIR)
        rule_sets.append(rule_set)
        raw[rule_set.id] = data
    rule_sets.sort(key=lambda rule_set: rule_set.applies_from)
    for earlier, later in itertools.pairwise(rule_sets):
        if later.applies_from <= earlier.applies_to:
            raise RuleSetError(f"national rule sets {earlier.id} and {later.id} overlap")
    return _Catalog(tuple(rule_sets), raw)


def _build(
    data: dict[str, Any], where: str, tables_dir: Traversable | Path, criteria_dir: Traversable | Path
) -> RuleSet:
    root = Reader(data, where)
    score_table = None
    if root.has("score_table"):
        name = root.text("score_table")
        score_table = parse_score_table(Reader(_read(tables_dir / name), name))
    phieu_a = None
    if root.has("phieu_a"):
        name = root.text("phieu_a")
        phieu_a = parse_phieu_a(Reader(_read(criteria_dir / name), name))
    return parse_rule_set(root, score_table, phieu_a)


def _local(path: Path) -> RuleSet:
    resolved = path.resolve()
    return _local_cached(str(resolved), resolved.stat().st_mtime_ns)


@functools.lru_cache(maxsize=64)
def _local_cached(path: str, mtime_ns: int) -> RuleSet:
    local_path = Path(path)
    overlay = Reader(_read(local_path), local_path.name)
    if overlay.text("kind") != "local":
        raise overlay.fail("kind must be 'local'")
    base_id = overlay.text("base")
    catalog = _catalog()
    if base_id not in catalog.raw:
        raise overlay.fail(f"base {base_id!r} is not a national rule set")
    merged = _merge(copy.deepcopy(catalog.raw[base_id]), overlay)
    rule_set = _build(
        merged,
        local_path.name,
        local_path.parent if overlay.has("score_table") else RULESET_DIR,
        local_path.parent if overlay.has("phieu_a") else RULESET_DIR,
    )
    base = next(item for item in catalog.rule_sets if item.id == base_id)
    if not (base.applies_from <= rule_set.applies_from and rule_set.applies_to <= base.applies_to):
        raise overlay.fail(f"effective dates must lie within the base {base_id}")
    return rule_set


def _merge(merged: dict[str, Any], overlay: Reader) -> dict[str, Any]:
    data = overlay.as_dict()
    gate_lines = {band["up_to"] for band in merged["rules"].get("income", {}).get("bands", [])}
    for key in _OVERRIDABLE:
        if key in data:
            merged[key] = {**merged.get(key, {}), **overlay.table(key).as_dict()}
    # B1 thresholds estimate "income at or below the national line"; they say nothing about a
    # higher local line, so a local standard keeps B1 only with thresholds of its own.
    overridden_lines = set(overlay.table("lines").names()) if overlay.has("lines") else set()
    if gate_lines & overridden_lines and not overlay.has("b1_lines"):
        merged["rules"].pop("b1", None)
        merged.pop("b1_lines", None)
    for key in ("score_table", "phieu_a"):
        if key in data:
            merged[key] = data[key]
    merged.update(
        kind="local",
        id=overlay.text("id"),
        version=overlay.text("version"),
        title=overlay.text("title"),
        document_name=overlay.text("document_name", default=overlay.text("title")),
        province=overlay.text("province"),
        base=overlay.text("base"),
        legal_basis=[*overlay.texts("legal_basis"), *merged.get("legal_basis", [])],
        applies_from=overlay.day("effective_from"),
        applies_to=overlay.day("effective_to"),
    )
    return merged
