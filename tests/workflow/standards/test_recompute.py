"""A stored result recomputes from its raw answers; differences are reported, never applied silently."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.workflow.standards.builders import deprived_on, household
from workflow.standards import HouseholdClass, classify, load_local_rule_set, load_rule_set, recompute

LOCAL = Path(__file__).parent / "data" / "local_example.toml"


def stored_result() -> dict[str, Any]:
    answers = deprived_on("employment", "nutrition", "water_source", base=household(b1=100))
    stored = classify(answers, load_rule_set(2025), HouseholdClass.POOR).to_dict()
    restored: dict[str, Any] = json.loads(json.dumps(stored))  # as it comes back from the database
    return restored


def test_recompute_reproduces_the_stored_result() -> None:
    result, changed = recompute(stored_result())
    assert changed == ()
    assert result.household_class is HouseholdClass.POOR
    assert result.previous_class is HouseholdClass.POOR


def test_recompute_reports_what_differs() -> None:
    stored = stored_result()
    stored["class"] = "near_poor"
    stored["score_b2"] = 20
    _, changed = recompute(stored)
    assert changed == ("class", "score_b2")


def test_recompute_a_local_classification_needs_its_file() -> None:
    local = load_local_rule_set(2024, "27", [LOCAL])
    assert local is not None
    stored = classify(household(income=1_600_000), local).to_dict()
    result, changed = recompute(stored, local_files=[LOCAL])
    assert changed == ()
    assert result.rule_set.id == "example_local_2022"
