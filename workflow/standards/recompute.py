"""Recompute a stored result from its raw answers, and say what changed.

A recomputation must never silently change a status already recognised by a decision
(standard.md §11.4): the caller gets the differences and decides what to show.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import Any

from workflow.standards.catalog import load_rule_set_by_id
from workflow.standards.classify import classify
from workflow.standards.inputs import household_from_dict
from workflow.standards.results import Classification
from workflow.standards.vocabulary import HouseholdClass

# The fields a decision or a report depends on.
COMPARED = ("class", "movement", "low_income_worker", "score_b1", "score_b2", "phieu_a_result", "deprived")


def recompute(
    stored: Mapping[str, Any], *, local_files: Iterable[str | os.PathLike[str]] = (), formerly_poor: bool = False
) -> tuple[Classification, tuple[str, ...]]:
    """The result recomputed with the current files of the same rule set id, and the fields that differ."""
    rule_set = load_rule_set_by_id(stored["rule_set"]["id"], local_files=local_files)
    previous = stored.get("previous_class")
    result = classify(
        household_from_dict(stored["input"]),
        rule_set,
        None if previous is None else HouseholdClass(previous),
        formerly_poor=formerly_poor,
    )
    fresh = result.to_dict()
    changed = tuple(key for key in COMPARED if _view(stored, key) != _view(fresh, key))
    return result, changed


def _view(result: Mapping[str, Any], key: str) -> object:
    if key == "deprived":
        return sorted(item["id"] for item in result["indicators"] if item["deprived"])
    if key == "phieu_a_result":
        return result.get("phieu_a_result")
    return result[key]
