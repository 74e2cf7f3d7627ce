"""Movements for the reports (Mẫu 7.2, 7.3) from the last recognised class and the new one."""

from __future__ import annotations

import pytest

from workflow.standards import HouseholdClass, Movement, movement

POOR, NEAR, NOT = HouseholdClass.POOR, HouseholdClass.NEAR_POOR, HouseholdClass.NOT_POOR
ALS = HouseholdClass.AVERAGE_LIVING_STANDARD


@pytest.mark.parametrize(
    ("previous", "current", "expected"),
    [
        (None, POOR, Movement.NEW_POOR),
        (NOT, POOR, Movement.NEW_POOR),
        (ALS, POOR, Movement.NEW_POOR),
        (POOR, POOR, Movement.EXISTING_POOR),
        (NEAR, POOR, Movement.NEAR_POOR_TO_POOR),
        (POOR, NEAR, Movement.POOR_TO_NEAR_POOR),
        (POOR, NOT, Movement.EXITED_POOR),
        (POOR, ALS, Movement.EXITED_POOR),
        (None, NEAR, Movement.NEW_NEAR_POOR),
        (NOT, NEAR, Movement.NEW_NEAR_POOR),
        (NEAR, NEAR, Movement.EXISTING_NEAR_POOR),
        (NEAR, NOT, Movement.EXITED_NEAR_POOR),
        (NEAR, ALS, Movement.EXITED_NEAR_POOR),
        (None, NOT, Movement.REMAINS_NOT_POOR),
        (NOT, ALS, Movement.REMAINS_NOT_POOR),
        (POOR, HouseholdClass.UNDETERMINED, Movement.UNDETERMINED),
    ],
)
def test_movement(previous: HouseholdClass | None, current: HouseholdClass, expected: Movement) -> None:
    assert movement(previous, current) is expected


@pytest.mark.parametrize("previous", [None, NOT, ALS])
def test_a_formerly_poor_household_falling_back_is_re_poor(previous: HouseholdClass | None) -> None:
    assert movement(previous, POOR, formerly_poor=True) is Movement.RE_POOR


def test_formerly_poor_changes_nothing_else() -> None:
    assert movement(NEAR, POOR, formerly_poor=True) is Movement.NEAR_POOR_TO_POOR
    assert movement(None, NEAR, formerly_poor=True) is Movement.NEW_NEAR_POOR


def test_undetermined_is_never_a_recognised_class() -> None:
    with pytest.raises(ValueError, match="recognised"):
        movement(HouseholdClass.UNDETERMINED, POOR)
