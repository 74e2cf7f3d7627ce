"""The national rule sets as the field app downloads them: an index, and one JSON file per rule set."""

from __future__ import annotations

import functools
from typing import Any

from workflow.standards.catalog import national_rule_sets
from workflow.standards.export import rule_set_to_json


@functools.cache
def exported() -> dict[str, dict[str, Any]]:
    """Every national rule set by id, exported once per process (the files are read once too)."""
    return {rule_set.id: rule_set_to_json(rule_set) for rule_set in national_rule_sets()}


def index() -> list[dict[str, Any]]:
    """What the app compares with its copies: id, file versions, digest and the period covered."""
    return [
        {key: data[key] for key in ("id", "version", "digest", "title", "applies_from", "applies_to")}
        for data in exported().values()
    ]
