"""The procedures as specified in procedure.md §14.4-§14.5: states, and the full state x trigger matrix.

The expected tables are written out here, not derived from the definitions, so a change to a
definition has to be made twice: once in the code and once in this spec.
"""

from __future__ import annotations

import pytest

from tests.workflow.procedures.support import FakeCase, good_facts
from workflow.engine import TransitionNotAllowed, _machine_transition, fire
from workflow.guards import GUARDS
from workflow.procedures import (
    CREATION_TRIGGERS,
    DOCUMENT_LABELS,
    PROCEDURES,
    STATE_LABELS,
    STEP_DOCUMENTS,
    TRIGGER_LABELS,
)

ALL_STATES = [
    "requested",
    "listed",
    "screened_out",
    "surveyed",
    "needs_resurvey",
    "meeting_passed",
    "posted",
    "under_recheck",
    "posting_closed",
    "upper_review",
    "ready_for_decision",
    "recognised",
    "not_recognised",
    "withdrawn",
]
ALL_TRIGGERS = [
    "log_request",
    "list_existing",
    "list_for_campaign",
    "screen_out",
    "complete_survey",
    "resurvey",
    "pass_meeting",
    "fail_meeting",
    "post",
    "file_complaint",
    "finish_recheck",
    "close_posting",
    "send_upper",
    "request_recheck",
    "record_upper_reply",
    "prepare_decision",
    "recognise",
    "refuse",
    "withdraw",
]

# procedure.md §14.5: the states each case type uses.
STATES = {
    "periodic_review": ALL_STATES,
    "regular_review": [s for s in ALL_STATES if s not in ("listed", "upper_review")],
    "exit_request": [s for s in ALL_STATES if s not in ("listed", "screened_out", "upper_review")],
    "average_living_standard": [
        s for s in ALL_STATES if s not in ("listed", "screened_out", "needs_resurvey", "meeting_passed", "upper_review")
    ],
}
STATES["low_income_worker"] = STATES["average_living_standard"]

# trigger: (sources, destination). procedure.md §14.4, with the choices noted in the modules.
_POSTING = {
    "file_complaint": ("posted", "under_recheck"),
    "finish_recheck": ("under_recheck", "posted"),
    "close_posting": ("posted", "posting_closed"),
    "prepare_decision": ("posting_closed", "ready_for_decision"),
    "recognise": ("ready_for_decision", "recognised"),
}
_MEETING = {
    "pass_meeting": ("surveyed", "meeting_passed"),
    "fail_meeting": ("surveyed", "needs_resurvey"),
    "resurvey": ("needs_resurvey", "surveyed"),
    "post": ("meeting_passed", "posted"),
}
_INCOME_ONLY = {
    "complete_survey": ("requested", "surveyed"),
    "post": ("surveyed", "posted"),
    **_POSTING,
    "refuse": ("ready_for_decision", "not_recognised"),
    "withdraw": ("requested surveyed posted", "withdrawn"),
}
EXPECTED: dict[str, dict[str, tuple[str, str]]] = {
    "periodic_review": {
        "list_for_campaign": ("requested", "listed"),
        "screen_out": ("listed", "screened_out"),
        "complete_survey": ("listed", "surveyed"),
        **_MEETING,
        **_POSTING,
        "send_upper": ("posting_closed", "upper_review"),
        "request_recheck": ("upper_review", "needs_resurvey"),
        "record_upper_reply": ("upper_review", "ready_for_decision"),
        "refuse": ("screened_out ready_for_decision", "not_recognised"),
        "withdraw": ("requested listed screened_out surveyed needs_resurvey meeting_passed posted", "withdrawn"),
    },
    "regular_review": {
        "screen_out": ("requested", "screened_out"),
        "complete_survey": ("requested", "surveyed"),
        **_MEETING,
        **_POSTING,
        "refuse": ("screened_out ready_for_decision", "not_recognised"),
        "withdraw": ("requested screened_out surveyed needs_resurvey meeting_passed posted", "withdrawn"),
    },
    "exit_request": {
        "complete_survey": ("requested", "surveyed"),
        **_MEETING,
        **_POSTING,
        "refuse": ("ready_for_decision", "not_recognised"),
        "withdraw": ("requested surveyed needs_resurvey meeting_passed posted", "withdrawn"),
    },
    "average_living_standard": _INCOME_ONLY,
    "low_income_worker": _INCOME_ONLY,
}


def _destination(procedure: str, state: str, trigger: str) -> str | None:
    sources, dest = EXPECTED[procedure].get(trigger, ("", ""))
    return dest if state in sources.split() else None


MATRIX = [(p, s, t) for p in EXPECTED for s in ALL_STATES for t in ALL_TRIGGERS]


def test_the_five_procedures_are_defined() -> None:
    assert set(PROCEDURES) == set(EXPECTED) == set(STATES)


@pytest.mark.parametrize("procedure", sorted(STATES))
def test_each_procedure_uses_exactly_its_states(procedure: str) -> None:
    assert list(PROCEDURES[procedure].states) == STATES[procedure]


@pytest.mark.parametrize(("procedure", "state", "trigger"), MATRIX, ids=["-".join(row) for row in MATRIX])
def test_state_trigger_matrix(procedure: str, state: str, trigger: str) -> None:
    case = FakeCase(procedure, state)
    dest = _destination(procedure, state, trigger)
    if dest is None:
        with pytest.raises(TransitionNotAllowed) as raised:
            fire(case, trigger, **good_facts(procedure, trigger))
        assert (raised.value.trigger, raised.value.state) == (trigger, state)
        assert raised.value.reason
        assert case.state == state
    else:
        assert fire(case, trigger, **good_facts(procedure, trigger)) == dest
        assert case.state == dest


@pytest.mark.parametrize("procedure", sorted(EXPECTED))
def test_definition_has_no_transition_beyond_the_spec(procedure: str) -> None:
    definition = PROCEDURES[procedure]
    actual = {(source, spec.trigger): spec.dest for spec in definition.transitions for source in spec.sources}
    expected = {
        (source, trigger): dest
        for trigger, (sources, dest) in EXPECTED[procedure].items()
        for source in sources.split()
    }
    assert actual == expected


@pytest.mark.parametrize("procedure", sorted(EXPECTED))
def test_cases_open_in_requested_and_periodic_also_from_the_list(procedure: str) -> None:
    expected = {"log_request": "requested"}
    if procedure == "periodic_review":
        expected["list_existing"] = "listed"
    assert dict(PROCEDURES[procedure].creations) == expected


@pytest.mark.parametrize("procedure", sorted(EXPECTED))
def test_only_decisions_and_withdrawal_end_a_case(procedure: str) -> None:
    assert PROCEDURES[procedure].terminal_states == ("recognised", "not_recognised", "withdrawn")


def test_every_name_is_known_and_labelled() -> None:
    assert set(STATE_LABELS) == set(ALL_STATES)
    assert set(TRIGGER_LABELS) == set(ALL_TRIGGERS)
    assert set(CREATION_TRIGGERS) <= set(TRIGGER_LABELS)
    assert set(STEP_DOCUMENTS) <= set(TRIGGER_LABELS)
    assert set(STEP_DOCUMENTS.values()) == set(DOCUMENT_LABELS)
    for procedure in PROCEDURES.values():
        for spec in procedure.transitions:
            assert set(spec.guards) <= set(GUARDS), spec


@pytest.mark.parametrize("procedure", sorted(EXPECTED))
def test_periodic_cases_move_only_inside_the_window_and_others_never_check_it(procedure: str) -> None:
    for spec in PROCEDURES[procedure].transitions:
        checks_window = "in_campaign_window" in spec.guards
        assert checks_window == (procedure == "periodic_review" and spec.trigger != "withdraw"), spec.trigger


def test_only_the_periodic_review_has_an_upper_level_or_a_list() -> None:
    for name, procedure in PROCEDURES.items():
        has_upper = {"send_upper", "record_upper_reply", "request_recheck"} & set(procedure.triggers)
        assert bool(has_upper) == (name == "periodic_review")


def test_steps_that_issue_a_document_check_for_it() -> None:
    for procedure in PROCEDURES.values():
        for spec in procedure.transitions:
            assert ("step_document_issued" in spec.guards) == (spec.trigger in STEP_DOCUMENTS), spec.trigger


def test_machine_transition_dicts_carry_only_keys_transitions_accepts() -> None:
    for procedure in PROCEDURES.values():
        for spec in procedure.transitions:
            assert set(_machine_transition(procedure, spec)) <= {"trigger", "source", "dest", "conditions"}
