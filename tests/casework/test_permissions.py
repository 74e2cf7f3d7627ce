"""The permission door, table-driven over the test world's users: role permissions (data) × scope.

Each test walks its whole table in one app (one world per database) and reports every row that
differs, so a changed permission shows as a diff of the table.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from flask import Flask

from casework import permissions
from casework.extensions import db
from casework.models import Case, CaseType, ReviewRun, Role, RunKind, User, Village
from casework.models.signing import SigningRequest
from casework.permissions import NotPermitted, Permission
from tests.support.world import World

USERS = ("admin", "tinh", "huyen", "chutich", "canbo", "rasoat", "truongthon", "mttq", "canbo_b")


@dataclass
class Door:
    """The world seen from inside an app context: users, villages, a campaign of commune a, its cases."""

    users: dict[str, User]
    villages: dict[str, Village]
    run: ReviewRun
    cases: dict[str, Case]  # a case per village key: a1, a2, b1


@pytest.fixture
def door(app: Flask, world: World) -> Iterator[Door]:
    with app.test_request_context():  # the refusals' messages are translated
        run = ReviewRun(
            commune_id=world.ids["commune_a"],
            kind=RunKind.PERIODIC_CAMPAIGN,
            period_year=2026,
            starts_on=dt.date(2026, 9, 1),
            settings={},
        )
        cases = {
            key: Case(
                case_type=CaseType.PERIODIC_REVIEW,
                run=run,
                household_id=world.households[key],
                origin="existing_list",
                state="meeting_passed",
            )
            for key in ("a1", "a2", "b1")
        }
        db.session.add_all([run, *cases.values()])
        db.session.commit()
        yield Door(
            users={name: db.session.get_one(User, world.users[name]) for name in USERS},
            villages={
                key: db.session.get_one(Village, world.ids[f"village_{key}"]) for key in ("a1", "a2", "b1", "c1", "d1")
            },
            run=run,
            cases=cases,
        )


def _differences(table: dict[tuple[str, ...], set[str]], answer) -> list[str]:  # type: ignore[no-untyped-def]
    """Rows (key, user) where the door's answer differs from the table (the users listed may, the rest may not)."""
    wrong = []
    for key, allowed in table.items():
        for user in USERS:
            if answer(user, *key) != (user in allowed):
                wrong.append(f"{key} {user}: expected {'yes' if user in allowed else 'no'}")
    return wrong


# (permission, where: a village key, "run" for commune a, or None for anywhere) -> who may
MAY = {
    (Permission.HOUSEHOLD_VIEW, None): set(USERS),
    (Permission.HOUSEHOLD_EDIT, None): {"admin", "canbo", "truongthon", "canbo_b"},
    (Permission.HOUSEHOLD_VIEW, "a1"): {"admin", "tinh", "huyen", "chutich", "canbo", "rasoat", "truongthon", "mttq"},
    (Permission.HOUSEHOLD_VIEW, "a2"): {"admin", "tinh", "huyen", "chutich", "canbo", "rasoat", "mttq"},
    (Permission.HOUSEHOLD_VIEW, "b1"): {"admin", "tinh", "huyen", "canbo_b"},
    (Permission.HOUSEHOLD_VIEW, "c1"): {"admin", "tinh"},  # commune c came from another district
    (Permission.HOUSEHOLD_VIEW, "d1"): {"admin"},  # another province
    (Permission.HOUSEHOLD_EDIT, "a1"): {"admin", "canbo", "truongthon"},
    (Permission.PERSONAL_ID_REVEAL, "a1"): {"admin", "chutich", "canbo"},
    (Permission.REPORT_VIEW, None): {"admin", "tinh", "huyen", "chutich", "canbo", "canbo_b"},
    (Permission.RUN_LIST_ISSUE, "run"): {"admin", "chutich", "canbo"},
    (Permission.USER_MANAGE, None): {"admin"},
}


def test_may_combines_role_permissions_with_the_scope(door: Door) -> None:
    def answer(user: str, permission: Permission, where: str | None) -> bool:
        obj = door.run if where == "run" else door.villages.get(where or "")
        return permissions.may(door.users[user], permission, obj)

    assert _differences(MAY, answer) == []


# (trigger, case's village) -> who may fire it on a periodic-review case of that village
FIRE = {
    ("pass_meeting", "a1"): {"truongthon"},
    ("pass_meeting", "a2"): set(),
    ("complete_survey", "a1"): {"rasoat", "truongthon"},
    ("post", "a1"): {"canbo"},
    ("post", "b1"): {"canbo_b"},
    ("file_complaint", "a1"): {"canbo"},
    ("close_posting", "a2"): {"canbo"},
    ("send_upper", "a1"): {"chutich"},
    ("request_recheck", "a1"): {"huyen", "canbo"},
    ("request_recheck", "b1"): {"huyen", "canbo_b"},
    ("recognise", "a1"): {"chutich"},
    ("refuse", "b1"): set(),
    ("withdraw", "a1"): {"canbo"},
}


def test_may_fire_takes_the_procedures_role_data_in_the_cases_village(door: Door) -> None:
    def answer(user: str, trigger: str, village: str) -> bool:
        return permissions.may_fire(door.users[user], door.cases[village], trigger)

    assert _differences(FIRE, answer) == []


def test_the_acting_role_is_the_one_recorded_and_require_fire_refuses_with_403(door: Door) -> None:
    case = door.cases["a1"]
    assert permissions.acting_role(door.users["chutich"], case, "recognise") is Role.COMMUNE_CHAIRMAN
    assert permissions.acting_role(door.users["canbo"], case, "recognise") is None
    assert permissions.require_fire(door.users["truongthon"], case, "pass_meeting") is Role.VILLAGE_HEAD
    with pytest.raises(NotPermitted) as refused:
        permissions.require_fire(door.users["canbo_b"], case, "post")
    assert refused.value.status == 403
    assert "Vai trò của bạn không được thực hiện bước này" in refused.value.message


# (door function, village key or None for the whole commune) -> who may
RUN_STEPS = {
    ("post", "a1"): {"canbo"},
    ("post", None): {"canbo"},
    ("send", None): {"chutich"},
    ("record_reply", None): {"canbo"},  # the upper-level official replies on their own page
    ("reply_or_record", None): {"huyen", "canbo"},
    ("inbox", None): {"huyen", "canbo", "canbo_b"},
}


def test_the_runs_steps_posting_and_the_upper_level(door: Door) -> None:
    def answer(user: str, step: str, village: str | None) -> bool:
        who, run = door.users[user], door.run
        return {
            "post": lambda: permissions.may_post(who, run, door.villages.get(village or "")),
            "send": lambda: permissions.may_take_upper_step(who, run, "send_upper"),
            "record_reply": lambda: permissions.may_record_upper_reply(who, run),
            "reply_or_record": lambda: permissions.may_take_upper_step(who, run, *permissions.UPPER_REPLY_TRIGGERS),
            "inbox": lambda: permissions.may_use_inbox(who),
        }[step]()

    assert _differences(RUN_STEPS, answer) == []


def test_signing_asks_for_the_role_in_the_signers_unit(door: Door, world: World) -> None:
    request = SigningRequest(
        purpose="recognition_decision",
        commune_id=world.ids["commune_a"],
        signer_roles=[Role.COMMUNE_CHAIRMAN.value, Role.VICE_CHAIRMAN.value],
        signer_unit_id=world.ids["commune_a"],
        status="pending",
    )
    table = {("sign",): {"chutich"}, ("countersign",): set()}  # nothing signed yet: no agency signature

    def answer(user: str, step: str) -> bool:
        ask = permissions.may_sign if step == "sign" else permissions.may_countersign
        return ask(door.users[user], request)

    assert _differences(table, answer) == []
    request.status = "signed"
    assert not permissions.may_sign(door.users["chutich"], request)  # signed once only
    assert permissions.is_signer(door.users["chutich"], request)
