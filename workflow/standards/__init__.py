"""The poverty-standard engine: versioned rule sets (data files) and a pure classification.

Load the rule set for the period the status is for (`load_rule_set(2026)`, never today's
date), then `classify(household, rule_set, previous_class)`; the result carries the class,
the movement, the 12 indicators, plain-Vietnamese reasons, the rule-set id and version, and
`unverified`, the configuration it relied on that is not confirmed. `to_dict()` gives the
JSON to store, raw answers included, and `recompute(stored)` replays it.
"""

from workflow.standards.catalog import (
    load_local_rule_set,
    load_rule_set,
    load_rule_set_by_id,
    load_rule_set_file,
    national_rule_sets,
)
from workflow.standards.classify import classify
from workflow.standards.inputs import (
    B1Input,
    Dwelling,
    HouseholdInput,
    InvalidAnswer,
    Member,
    PhieuA,
    PhieuB,
    PhieuC,
    household_from_dict,
    household_to_dict,
)
from workflow.standards.movement import movement
from workflow.standards.reader import RuleSetError
from workflow.standards.recompute import recompute
from workflow.standards.results import Classification, IndicatorResult
from workflow.standards.rule_set import RuleSet
from workflow.standards.vocabulary import AreaType, Basis, HouseholdClass, Movement, PhieuAResult

__all__ = [
    "AreaType",
    "B1Input",
    "Basis",
    "Classification",
    "Dwelling",
    "HouseholdClass",
    "HouseholdInput",
    "IndicatorResult",
    "InvalidAnswer",
    "Member",
    "Movement",
    "PhieuA",
    "PhieuAResult",
    "PhieuB",
    "PhieuC",
    "RuleSet",
    "RuleSetError",
    "classify",
    "household_from_dict",
    "household_to_dict",
    "load_local_rule_set",
    "load_rule_set",
    "load_rule_set_by_id",
    "load_rule_set_file",
    "movement",
    "national_rule_sets",
    "recompute",
]
