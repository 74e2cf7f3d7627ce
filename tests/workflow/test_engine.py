"""The engine: one shared machine per procedure, firing on plain objects, domain errors with reasons."""

from __future__ import annotations

import datetime as dt
import enum
import pickle
from typing import Any

import pytest
from transitions import Machine

from tests.workflow.procedures.support import TODAY, FakeCase, good_facts
from workflow.engine import (
    TransitionNotAllowed,
    available_triggers,
    fire,
    initial_state,
    machine_for,
)
from workflow.guards import FactError, ProcedureSettings
from workflow.procedures import PROCEDURES

MINUTES = frozenset({"meeting_minutes"})


class CaseType(enum.Enum):
    REGULAR_REVIEW = "regular_review"


def test_one_shared_machine_per_procedure() -> None:
    machines = {name: machine_for(name) for name in PROCEDURES}
    assert all(machine_for(name) is machine for name, machine in machines.items())
    assert len({id(m) for m in machines.values()}) == len(PROCEDURES)
    for machine in machines.values():
        assert isinstance(machine, Machine)
        assert machine.models == []


def test_no_back_door_transitions() -> None:
    for name, procedure in PROCEDURES.items():
        assert set(machine_for(name).events) == set(procedure.triggers)
        assert not any(event.startswith("to_") for event in machine_for(name).events)


def test_firing_on_two_cases_does_not_mix_their_states() -> None:
    first = FakeCase("regular_review", "surveyed")
    second = FakeCase("regular_review", "surveyed")
    third = FakeCase("exit_request", "posted")
    fire(first, "pass_meeting", today=TODAY, agree_count=20, attendee_count=30, documents=MINUTES)
    assert (first.state, second.state, third.state) == ("meeting_passed", "surveyed", "posted")
    fire(second, "fail_meeting", today=TODAY, agree_count=3, attendee_count=30, documents=MINUTES)
    fire(third, "file_complaint", complaint_received_on=TODAY, posting_end=TODAY)
    assert (first.state, second.state, third.state) == ("meeting_passed", "needs_resurvey", "under_recheck")
    assert not hasattr(first, "trigger")  # nothing was attached to the case
    assert not hasattr(first, "may_pass_meeting")


def test_a_failed_guard_leaves_the_state_unchanged_and_says_why() -> None:
    case = FakeCase("regular_review", "surveyed")
    with pytest.raises(TransitionNotAllowed) as raised:
        fire(case, "pass_meeting", today=TODAY, agree_count=12, attendee_count=30, documents=MINUTES)
    assert case.state == "surveyed"
    error = raised.value
    assert (error.trigger, error.state, error.guards) == ("pass_meeting", "surveyed", ("consent_reached",))
    assert error.reason == str(error) == "Chưa đủ 50% người dự họp đồng ý (12/30)."


def test_every_failing_guard_is_reported() -> None:
    case = FakeCase("regular_review", "surveyed")
    with pytest.raises(TransitionNotAllowed) as raised:
        fire(case, "pass_meeting", agree_count=0, attendee_count=0)
    assert raised.value.guards == ("consent_reached", "step_document_issued")
    assert "Số người dự họp phải lớn hơn 0." in raised.value.reason
    assert "biên bản họp dân" in raised.value.reason


def test_wrong_state_for_the_trigger() -> None:
    case = FakeCase("regular_review", "requested")
    with pytest.raises(TransitionNotAllowed, match="khi hồ sơ đang ở bước «Đã nhận giấy đề nghị»"):
        fire(case, "recognise", documents={"recognition_decision"})
    assert case.state == "requested"


def test_state_or_trigger_foreign_to_the_procedure() -> None:
    with pytest.raises(TransitionNotAllowed, match="không có bước «Trong danh sách rà soát»"):
        fire(FakeCase("regular_review", "listed"), "complete_survey")
    with pytest.raises(TransitionNotAllowed, match="không có thao tác «Báo cáo, xin ý kiến cấp trên»"):
        fire(FakeCase("regular_review", "posting_closed"), "send_upper")
    with pytest.raises(TransitionNotAllowed, match="không có thao tác «launch»"):
        fire(FakeCase("regular_review", "requested"), "launch")


def test_unknown_facts_and_wrongly_typed_facts_are_the_callers_bug() -> None:
    case = FakeCase("regular_review", "surveyed")
    with pytest.raises(TypeError, match="unknown facts"):
        fire(case, "pass_meeting", agree=20)  # type: ignore[call-arg]
    with pytest.raises(FactError):
        fire(case, "pass_meeting", agree_count="20", attendee_count=30)  # type: ignore[arg-type]
    assert case.state == "surveyed"


def test_case_type_may_be_an_enum() -> None:
    case = FakeCase(CaseType.REGULAR_REVIEW, "requested")
    facts = good_facts("regular_review", "complete_survey")
    assert fire(case, "complete_survey", **facts) == "surveyed"


def test_periodic_listed_household_cannot_withdraw_but_an_applicant_can() -> None:
    listed = FakeCase("periodic_review", "listed", origin="existing_list")
    with pytest.raises(TransitionNotAllowed, match="danh sách đang quản lý"):
        fire(listed, "withdraw", documents={"withdrawal_letter"})
    applicant = FakeCase("periodic_review", "listed", origin="request")
    assert fire(applicant, "withdraw", documents={"withdrawal_letter"}) == "withdrawn"


def test_origin_fact_overrides_the_case_attribute() -> None:
    case = FakeCase("periodic_review", "listed", origin="existing_list")
    facts = good_facts("periodic_review", "screen_out")
    with pytest.raises(TransitionNotAllowed, match="Phiếu A"):
        fire(case, "screen_out", **facts)
    assert fire(case, "screen_out", origin="request", **facts) == "screened_out"


def test_periodic_case_does_not_move_outside_the_window() -> None:
    case = FakeCase("periodic_review", "requested")
    with pytest.raises(TransitionNotAllowed, match="Ngoài thời gian rà soát định kỳ"):
        fire(case, "list_for_campaign", today=dt.date(2026, 12, 15))
    assert fire(case, "list_for_campaign", today=dt.date(2026, 12, 14)) == "listed"


def test_upper_level_none_skips_the_upper_review() -> None:
    none = ProcedureSettings(upper_review_level="none")
    district = ProcedureSettings(upper_review_level="district")
    case = FakeCase("periodic_review", "posting_closed")
    with pytest.raises(TransitionNotAllowed, match="xin ý kiến cấp huyện"):
        fire(case, "prepare_decision", today=TODAY, settings=district)
    with pytest.raises(TransitionNotAllowed, match="không xin ý kiến cấp trên"):
        fire(case, "send_upper", today=TODAY, settings=none, unsettled_cases=0, documents={"upper_report"})
    assert fire(case, "prepare_decision", today=TODAY, settings=none) == "ready_for_decision"


def _walk(case: FakeCase, steps: list[tuple[str, dict[str, Any]]]) -> list[str]:
    seen = []
    for trigger, extra in steps:
        facts = good_facts(str(case.case_type), trigger)
        facts.update(extra)
        seen.append(fire(case, trigger, **facts))
    return seen


def test_a_periodic_request_through_a_failed_meeting_a_complaint_and_an_upper_recheck() -> None:
    case = FakeCase("periodic_review", initial_state("periodic_review"))
    district = {"settings": ProcedureSettings()}
    states = _walk(
        case,
        [
            ("list_for_campaign", {}),
            ("complete_survey", {}),
            ("fail_meeting", {}),
            ("resurvey", {}),
            ("pass_meeting", {}),
            ("post", {}),
            ("file_complaint", {}),
            ("finish_recheck", {}),
            ("close_posting", {}),
            ("send_upper", district),
            ("request_recheck", district),
            ("resurvey", {}),
            ("pass_meeting", {}),
            ("post", {}),
            ("close_posting", {}),
            ("send_upper", district),
            ("record_upper_reply", district),
            ("recognise", {}),
        ],
    )
    assert states == [
        "listed",
        "surveyed",
        "needs_resurvey",
        "surveyed",
        "meeting_passed",
        "posted",
        "under_recheck",
        "posted",
        "posting_closed",
        "upper_review",
        "needs_resurvey",
        "surveyed",
        "meeting_passed",
        "posted",
        "posting_closed",
        "upper_review",
        "ready_for_decision",
        "recognised",
    ]


def test_a_screened_out_request_is_refused_with_reasons() -> None:
    case = FakeCase("regular_review", initial_state(CaseType.REGULAR_REVIEW))
    assert _walk(case, [("screen_out", {})]) == ["screened_out"]
    with pytest.raises(TransitionNotAllowed, match="nêu rõ lý do"):
        fire(case, "refuse", refusal_reasons="  ", documents={"refusal_letter"})
    assert _walk(case, [("refuse", {})]) == ["not_recognised"]


def test_initial_states() -> None:
    assert initial_state("periodic_review", "list_existing") == "listed"
    assert initial_state("low_income_worker") == "requested"
    with pytest.raises(ValueError, match="list_existing"):
        initial_state("exit_request", "list_existing")


def test_available_triggers_explain_the_unavailable_ones() -> None:
    case = FakeCase("regular_review", "surveyed")
    options = {o.trigger: o for o in available_triggers(case, agree_count=14, attendee_count=30, documents=MINUTES)}
    assert set(options) == {"pass_meeting", "fail_meeting", "withdraw"}
    assert not options["pass_meeting"].allowed
    assert options["pass_meeting"].reasons == ("Chưa đủ 50% người dự họp đồng ý (14/30).",)
    assert options["pass_meeting"].dest == "meeting_passed"
    assert options["fail_meeting"].allowed
    assert options["fail_meeting"].reasons == ()
    assert options["withdraw"].failed_guards == ("step_document_issued",)
    assert options["pass_meeting"].roles == frozenset({"village_head"})
    assert case.state == "surveyed"


def test_available_triggers_agree_with_fire() -> None:
    for name, procedure in PROCEDURES.items():
        for state in procedure.states:
            for option in available_triggers(FakeCase(name, state), **good_facts(name, "close_posting")):
                case = FakeCase(name, state)
                try:
                    fire(case, option.trigger, **good_facts(name, "close_posting"))
                    fired = True
                except TransitionNotAllowed:
                    fired = False
                assert fired is option.allowed, (name, state, option.trigger)


def test_no_triggers_from_terminal_or_foreign_states() -> None:
    assert available_triggers(FakeCase("exit_request", "recognised")) == []
    assert available_triggers(FakeCase("exit_request", "listed")) == []


def test_transition_not_allowed_survives_pickling() -> None:
    error = TransitionNotAllowed("post", "surveyed", "Chưa có thông báo.", ("step_document_issued",))
    copy = pickle.loads(pickle.dumps(error))  # noqa: S301 -- our own object
    assert (copy.trigger, copy.state, copy.reason, copy.guards) == (
        error.trigger,
        error.state,
        error.reason,
        error.guards,
    )
