"""Inputs: checked on construction, and stored as plain JSON values that rebuild the same input."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from tests.workflow.standards.builders import adult, child, household, phieu_c, screened, survey
from workflow.standards import B1Input, household_from_dict, household_to_dict


def test_household_needs_a_member() -> None:
    with pytest.raises(ValueError, match="at least one member"):
        household(())


def test_member_ids_are_unique() -> None:
    with pytest.raises(ValueError, match="unique"):
        household((adult("a1"), adult("a1")))


def test_round_trip_through_json_rebuilds_the_same_input() -> None:
    items = (("household_size", "3"), ("assets", "some"))
    original = replace(
        household(
            (adult("a1", certificates=frozenset({"employer_certified"}), birth_year_only=True), child("c1")),
            phieu_b=survey(b1=B1Input(items=items, form_total=120), waste_handling="dumped"),
            income=1_234_567,
        ),
        phieu_a=screened("car"),
        phieu_c=phieu_c(90_000_000),
        farm_household=True,
    )
    stored = json.loads(json.dumps(household_to_dict(original)))
    assert household_from_dict(stored) == original
    assert stored["phieu_b"]["b1"]["items"] == {"assets": "some", "household_size": "3"}
    assert stored["members"][0]["birth_date"] == original.members[0].birth_date.isoformat()


def test_round_trip_without_optional_parts() -> None:
    original = household(surveyed=False)
    assert household_from_dict(household_to_dict(original)) == original
