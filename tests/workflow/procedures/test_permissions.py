"""Every trigger of every procedure has roles that may fire it, kept apart from the transitions."""

from __future__ import annotations

import pytest

from workflow.procedures import PROCEDURES, ROLE_LABELS, ROLES, TRIGGER_ROLES, role_may_fire, roles_for

EVERY_TRIGGER = [(name, t) for name, p in PROCEDURES.items() for t in (*p.creations, *p.triggers)]


@pytest.mark.parametrize(("procedure", "trigger"), EVERY_TRIGGER, ids=["-".join(row) for row in EVERY_TRIGGER])
def test_every_trigger_has_a_permission(procedure: str, trigger: str) -> None:
    roles = roles_for(procedure, trigger)
    assert roles
    assert roles <= set(ROLES)


def test_the_map_covers_exactly_the_triggers_of_the_procedures() -> None:
    assert set(TRIGGER_ROLES) == set(EVERY_TRIGGER)


def test_the_eleven_roles() -> None:
    assert set(ROLES) == {
        "admin",
        "province_viewer",
        "upper_reviewer",
        "commune_chairman",
        "vice_chairman",
        "commune_staff",
        "records_clerk",
        "steering_member",
        "reviewer",
        "village_head",
        "front_supervisor",
    }
    assert all(ROLE_LABELS[role] for role in ROLES)


@pytest.mark.parametrize("role", ["admin", "province_viewer", "front_supervisor"])
def test_configuration_and_read_only_roles_move_no_case(role: str) -> None:
    assert not any(role in roles for roles in TRIGGER_ROLES.values())


@pytest.mark.parametrize(
    ("role", "procedure", "trigger", "allowed"),
    [
        ("village_head", "periodic_review", "pass_meeting", True),
        ("commune_staff", "periodic_review", "pass_meeting", False),
        ("village_head", "regular_review", "log_request", True),
        ("reviewer", "regular_review", "screen_out", True),
        ("reviewer", "regular_review", "recognise", False),
        ("commune_chairman", "regular_review", "recognise", True),
        ("vice_chairman", "exit_request", "refuse", True),
        ("records_clerk", "exit_request", "refuse", False),
        ("steering_member", "average_living_standard", "file_complaint", True),
        ("upper_reviewer", "periodic_review", "record_upper_reply", True),
        ("upper_reviewer", "periodic_review", "recognise", False),
        ("commune_chairman", "periodic_review", "send_upper", True),
        ("commune_staff", "low_income_worker", "close_posting", True),
        ("village_head", "average_living_standard", "pass_meeting", False),  # no meeting in Điều 6
    ],
)
def test_the_actor_column_of_the_spec(role: str, procedure: str, trigger: str, allowed: bool) -> None:
    assert role_may_fire(role, procedure, trigger) is allowed
