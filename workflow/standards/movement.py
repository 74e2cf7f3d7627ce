"""Report movements (Mẫu 7.2 / 7.3) from the last recognised class and the new one."""

from __future__ import annotations

from workflow.standards.vocabulary import HouseholdClass, Movement

_POOR, _NEAR = HouseholdClass.POOR, HouseholdClass.NEAR_POOR

# (previous group, current group) -> movement; "other" is neither poor nor near-poor.
_TABLE: dict[tuple[str, str], Movement] = {
    ("poor", "poor"): Movement.EXISTING_POOR,
    ("poor", "near_poor"): Movement.POOR_TO_NEAR_POOR,
    ("poor", "other"): Movement.EXITED_POOR,
    ("near_poor", "poor"): Movement.NEAR_POOR_TO_POOR,
    ("near_poor", "near_poor"): Movement.EXISTING_NEAR_POOR,
    ("near_poor", "other"): Movement.EXITED_NEAR_POOR,
    ("other", "poor"): Movement.NEW_POOR,
    ("other", "near_poor"): Movement.NEW_NEAR_POOR,
    ("other", "other"): Movement.REMAINS_NOT_POOR,
}


def _group(household_class: HouseholdClass | None) -> str:
    if household_class is _POOR:
        return "poor"
    if household_class is _NEAR:
        return "near_poor"
    return "other"


_RECOGNISED = [None, *(item for item in HouseholdClass if item is not HouseholdClass.UNDETERMINED)]
# Every (previous, current) pair, resolved once: movement() runs for every household.
_BY_CLASS: dict[tuple[HouseholdClass | None, HouseholdClass], Movement] = {
    (previous, current): _TABLE[(_group(previous), _group(current))]
    for previous in _RECOGNISED
    for current in HouseholdClass
    if current is not HouseholdClass.UNDETERMINED
}


def movement(previous: HouseholdClass | None, current: HouseholdClass, *, formerly_poor: bool = False) -> Movement:
    """The movement for the reports.

    `previous` is the class recognised at the start of the period (None: not on the list).
    `formerly_poor` says the household once exited poverty, so falling back is `re_poor`
    rather than `new_poor`; the last class alone cannot tell the two apart.
    A poor household that becomes near-poor has also exited poverty: the decision lists it
    as exited_poor, the reports count it as poor_to_near_poor.
    """
    if current is HouseholdClass.UNDETERMINED and previous is not HouseholdClass.UNDETERMINED:
        return Movement.UNDETERMINED
    found = _BY_CLASS.get((previous, current))
    if found is None:
        raise ValueError("an undetermined class is never recognised; pass the recognised one")
    if found is Movement.NEW_POOR and formerly_poor:
        return Movement.RE_POOR
    return found
