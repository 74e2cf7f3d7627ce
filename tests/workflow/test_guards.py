"""Guards on both sides of their thresholds, and the settings they read."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workflow.calendar import WorkingCalendar
from workflow.guards import (
    FACT_NAMES,
    GUARDS,
    FactError,
    GuardContext,
    ProcedureSettings,
    consent_reached,
    failed_guards,
)

D = dt.date


def check(name: str, procedure: str = "regular_review", origin: str | None = "request", **facts: Any) -> str | None:
    context = GuardContext(
        procedure=procedure,
        trigger="test",
        facts=facts,
        origin=origin,
        document=facts.pop("_document", None),
        document_label="biên bản họp dân có chữ ký",
    )
    return GUARDS[name](context)


# ---- meeting consent --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("agree", "attendees", "passes"),
    [
        (15, 30, True),  # exactly half
        (14, 30, False),
        (30, 30, True),
        (16, 31, True),
        (15, 31, False),
        (1, 1, True),
        (0, 1, False),
        (1, 2, True),
        (0, 0, False),  # nobody attended
        (31, 30, False),  # more agree than attend: a data error, never a pass
        (-1, 30, False),
    ],
)
def test_consent_of_at_least_half_the_attendees(agree: int, attendees: int, passes: bool) -> None:
    assert consent_reached(agree, attendees) is passes
    reason = check("consent_reached", agree_count=agree, attendee_count=attendees)
    assert (reason is None) is passes


@pytest.mark.parametrize(("agree", "passes"), [(20, True), (19, False)])
def test_consent_ratio_is_configurable(agree: int, passes: bool) -> None:
    settings = ProcedureSettings(meeting_consent_ratio=2 / 3)
    assert consent_reached(agree, 30, 2 / 3) is passes
    assert (check("consent_reached", agree_count=agree, attendee_count=30, settings=settings) is None) is passes


@given(st.integers(0, 500), st.integers(1, 500))
def test_consent_at_one_half_is_agree_twice_at_least_attendees(agree: int, attendees: int) -> None:
    if agree <= attendees:
        assert consent_reached(agree, attendees) is (agree * 2 >= attendees)


def test_consent_reasons_in_plain_vietnamese() -> None:
    assert check("consent_reached", agree_count=12, attendee_count=30) == "Chưa đủ 50% người dự họp đồng ý (12/30)."
    assert check("consent_reached", agree_count=0, attendee_count=0) == "Số người dự họp phải lớn hơn 0."
    assert check("consent_reached") == "Chưa ghi số người dự họp và số người đồng ý."
    assert "(31)" in (check("consent_reached", agree_count=31, attendee_count=30) or "")


@pytest.mark.parametrize(("agree", "failed"), [(14, True), (15, False), (0, True)])
def test_a_meeting_is_recorded_as_failed_only_when_its_counts_fail(agree: int, failed: bool) -> None:
    assert (check("consent_failed", agree_count=agree, attendee_count=30) is None) is failed


@pytest.mark.parametrize("trigger", ["consent_reached", "consent_failed"])
def test_votes_cast_never_exceed_the_people_attending(trigger: str) -> None:
    """Agree + disagree + abstain ≤ attendees: a meeting whose counts do not add up neither passes nor fails."""
    counts = {"agree_count": 20, "attendee_count": 30, "disagree_count": 8}
    assert check(trigger, **counts, abstain_count=3) == (
        "Số người đồng ý, không đồng ý và không biểu quyết (31) nhiều hơn số người dự họp (30)."
    )
    assert check(trigger, **counts, abstain_count=-1) == "Số người biểu quyết không thể là số âm."
    fits = check(trigger, **counts, abstain_count=2)
    assert (fits is None) is (trigger == "consent_reached")


def test_fewer_than_half_agreeing_fail_whatever_the_others_voted() -> None:
    # 14 agree, 6 disagree, 10 abstain of 30: more agree than disagree, still below half of those attending.
    counts = {"agree_count": 14, "disagree_count": 6, "abstain_count": 10, "attendee_count": 30}
    assert check("consent_reached", **counts) == "Chưa đủ 50% người dự họp đồng ý (14/30)."
    assert check("consent_failed", **counts) is None


def test_a_failed_meeting_needs_people_at_it() -> None:
    assert check("consent_failed", agree_count=0, attendee_count=0) == "Số người dự họp phải lớn hơn 0."


# ---- campaign window --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "inside"),
    [(D(2026, 8, 31), False), (D(2026, 9, 1), True), (D(2026, 12, 14), True), (D(2026, 12, 15), False)],
)
def test_window_boundaries_are_inclusive(today: dt.date, inside: bool) -> None:
    assert (check("in_campaign_window", today=today) is None) is inside


@pytest.mark.parametrize(
    ("today", "inside"),
    [(D(2025, 9, 30), False), (D(2025, 10, 1), True), (D(2025, 11, 5), True), (D(2025, 11, 6), False)],
)
def test_a_province_may_narrow_the_window(today: dt.date, inside: bool) -> None:
    settings = ProcedureSettings(periodic_window_start="10-01", periodic_window_end="11-05")  # Ea Ly 2025
    assert (check("in_campaign_window", today=today, settings=settings) is None) is inside


def test_window_is_the_campaign_year_not_the_current_one() -> None:
    reason = check("in_campaign_window", today=D(2027, 1, 5), campaign_year=2026)
    assert reason == "Ngoài thời gian rà soát định kỳ năm 2026 (01/09/2026 - 14/12/2026); hôm nay là 05/01/2027."


def test_guards_that_read_dates_need_today() -> None:
    with pytest.raises(FactError, match="today"):
        check("in_campaign_window")


# ---- posting, complaints, re-check -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "open_complaints", "closes"),
    [
        (D(2026, 10, 20), 0, False),  # the last day of posting
        (D(2026, 10, 21), 0, True),
        (D(2026, 10, 21), 1, False),
        (D(2026, 10, 21), None, False),
    ],
)
def test_posting_closes_after_its_last_day_with_no_open_complaint(
    today: dt.date, open_complaints: int | None, closes: bool
) -> None:
    facts: dict[str, Any] = {"today": today, "posting_end": D(2026, 10, 20)}
    if open_complaints is not None:
        facts["open_complaints"] = open_complaints
    assert (check("posting_over", **facts) is None) is closes


def test_posting_reasons() -> None:
    assert check("posting_over", today=D(2026, 10, 20), posting_end=D(2026, 10, 20)) == (
        "Chưa hết thời gian niêm yết (đến hết ngày 20/10/2026)."
    )
    reason = check("posting_over", today=D(2026, 10, 21), posting_end=D(2026, 10, 20), open_complaints=2)
    assert reason == "Còn 2 khiếu nại chưa giải quyết."


@pytest.mark.parametrize(("received", "accepted"), [(D(2026, 10, 20), True), (D(2026, 10, 21), False)])
def test_complaint_must_arrive_by_the_end_of_posting(received: dt.date, accepted: bool) -> None:
    reason = check("complaint_in_time", complaint_received_on=received, posting_end=D(2026, 10, 20))
    assert (reason is None) is accepted


@pytest.mark.parametrize(
    ("procedure", "end", "enough"),
    [
        # Thursday 15/10/2026 + 3 working days, the start day not counted: Fri 16, Mon 19, Tue 20.
        ("regular_review", D(2026, 10, 20), True),
        ("regular_review", D(2026, 10, 19), False),
        # Điều 6: 5 working days: ends Thursday 22/10.
        ("average_living_standard", D(2026, 10, 22), True),
        ("average_living_standard", D(2026, 10, 21), False),
    ],
)
def test_posting_lasts_the_configured_working_days(procedure: str, end: dt.date, enough: bool) -> None:
    reason = check("posting_scheduled", procedure=procedure, posting_start=D(2026, 10, 15), posting_end=end)
    assert (reason is None) is enough


def test_short_posting_reason_names_the_earliest_end() -> None:
    reason = check("posting_scheduled", posting_start=D(2026, 10, 15), posting_end=D(2026, 10, 19))
    assert reason is not None
    assert "3 ngày làm việc" in reason
    assert "20/10/2026" in reason


def test_posting_dates_must_be_present_and_in_order() -> None:
    assert check("posting_scheduled", posting_end=D(2026, 10, 20)) == "Chưa ghi ngày bắt đầu niêm yết."
    reason = check("reposting_scheduled", posting_start=D(2026, 10, 20), posting_end=D(2026, 10, 19))
    assert reason is not None
    assert "trước ngày bắt đầu" in reason
    assert check("reposting_scheduled", posting_start=D(2026, 10, 20), posting_end=D(2026, 10, 20)) is None


@pytest.mark.parametrize(
    ("today", "count_first_day", "late_reason", "in_time"),
    [
        # Complaint accepted Monday 12/10/2026: 3 working days are Tue 13, Wed 14, Thu 15.
        (D(2026, 10, 15), False, "", True),
        (D(2026, 10, 16), False, "", False),
        (D(2026, 10, 16), False, "Tổ phúc tra chờ hộ về địa phương.", True),
        (D(2026, 10, 14), True, "", True),  # counting the first day: Mon, Tue, Wed
        (D(2026, 10, 15), True, "", False),
    ],
)
def test_recheck_within_its_working_days(
    today: dt.date, count_first_day: bool, late_reason: str, in_time: bool
) -> None:
    settings = ProcedureSettings(count_first_day=count_first_day)
    reason = check(
        "recheck_in_time", today=today, recheck_started_on=D(2026, 10, 12), settings=settings, late_reason=late_reason
    )
    assert (reason is None) is in_time


def test_recheck_limit_skips_the_national_day_holidays() -> None:
    # Friday 28/08/2026; 31/08 (swapped), 01/09 and 02/09 are days off: Thu 3, Fri 4, Mon 7 September.
    started = D(2026, 8, 28)
    assert check("recheck_in_time", today=D(2026, 9, 7), recheck_started_on=started) is None
    reason = check("recheck_in_time", today=D(2026, 9, 8), recheck_started_on=started)
    assert reason == (
        "Quá hạn phúc tra: phải xong trong 3 ngày làm việc, tức hết ngày 07/09/2026. Ghi lý do chậm để tiếp tục."
    )


def test_recheck_limit_uses_the_calendar_given() -> None:
    calendar = WorkingCalendar(holidays=[D(2026, 10, 13)])  # an override: Tuesday off
    started = D(2026, 10, 12)
    assert check("recheck_in_time", today=D(2026, 10, 16), recheck_started_on=started, calendar=calendar) is None


# ---- survey and Phiếu A -----------------------------------------------------------------------------

SURVEY = {"survey_complete": True, "rule_set_id": "vn_2022_2025", "provisional_class": "near_poor"}


@pytest.mark.parametrize(
    ("change", "passes"),
    [
        ({}, True),
        ({"survey_complete": False}, False),
        ({"survey_complete": None}, False),
        ({"rule_set_id": ""}, False),
        ({"provisional_class": ""}, False),
        ({"provisional_class": "undetermined"}, False),
        ({"provisional_class": "average_living_standard"}, True),
    ],
)
def test_survey_complete_and_classified_with_a_rule_set(change: dict[str, Any], passes: bool) -> None:
    facts = {k: v for k, v in {**SURVEY, **change}.items() if v is not None}
    assert (check("survey_classified", **facts) is None) is passes


@pytest.mark.parametrize(
    ("routing", "origin", "applies"),
    [
        ("requesters_only", "request", True),
        ("requesters_only", "existing_list", False),
        ("all", "existing_list", True),
        ("all", "request", True),
    ],
)
def test_phieu_a_routing(routing: str, origin: str, applies: bool) -> None:
    settings = ProcedureSettings(phieu_a_routing=routing)
    assert (check("phieu_a_applies", origin=origin, settings=settings) is None) is applies
    # Where Phiếu A does not apply, the full survey needs no Phiếu A result.
    assert (check("phieu_a_cleared", origin=origin, settings=settings) is None) is (not applies)


@pytest.mark.parametrize(
    ("result", "stopped", "cleared"),
    [("stop_not_poor", True, False), ("continue_to_b", False, True), ("", False, False)],
)
def test_phieu_a_result_decides_between_screening_out_and_surveying(result: str, stopped: bool, cleared: bool) -> None:
    assert (check("phieu_a_stopped", phieu_a_result=result) is None) is stopped
    assert (check("phieu_a_cleared", phieu_a_result=result) is None) is cleared


def test_a_standard_without_phieu_a_criteria_needs_no_phieu_a_result() -> None:
    # 2027-2030 has no Phiếu A criteria yet: an applicant's survey goes straight to Phiếu B.
    assert check("phieu_a_cleared", origin="request", phieu_a_result="", phieu_a_configured=False) is None
    refused = check("phieu_a_cleared", origin="request", phieu_a_result="", phieu_a_configured=True)
    assert refused == "Chưa có kết quả Phiếu A (hộ có giấy đề nghị phải rà soát nhanh trước)."
    # A stop still stops, whatever the standard.
    assert check("phieu_a_cleared", origin="request", phieu_a_result="stop_not_poor", phieu_a_configured=False)


def test_only_applicants_withdraw_or_are_refused() -> None:
    assert check("applicant_case", origin="request") is None
    assert check("applicant_case", origin="existing_list") is not None
    assert check("applicant_case", origin=None) is not None


# ---- upper level, refusal, documents -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "outcome", "required", "approved"),
    [
        ("district", "", True, False),
        ("district", "agreed", True, True),
        ("province", "agreed_with_changes", True, True),
        ("province", "recheck_requested", True, False),
        ("none", "", False, True),
    ],
)
def test_upper_approval_when_the_level_requires_it(level: str, outcome: str, required: bool, approved: bool) -> None:
    settings = ProcedureSettings(upper_review_level=level)
    assert (check("upper_review_required", settings=settings) is None) is required
    assert (check("upper_review_not_required", settings=settings) is None) is (not required)
    assert (check("upper_approval_present", settings=settings, upper_reply_outcome=outcome) is None) is approved


def test_upper_review_waits_for_the_whole_campaign() -> None:
    assert check("campaign_settled", unsettled_cases=0) is None
    assert check("campaign_settled", unsettled_cases=3) == "Còn 3 hồ sơ của đợt chưa kết thúc niêm yết."
    assert check("campaign_settled") is not None


@pytest.mark.parametrize(
    ("reasons", "given"),
    [("Thu nhập cao hơn chuẩn.", True), ("", False), ("   ", False), ([], False), (["", " "], False), (["x"], True)],
)
def test_refusal_needs_written_reasons(reasons: str | list[str], given: bool) -> None:
    assert (check("refusal_reasons_given", refusal_reasons=reasons) is None) is given


def test_refusal_reasons_missing() -> None:
    assert check("refusal_reasons_given") == "Văn bản không công nhận phải nêu rõ lý do."


def test_step_document_must_be_on_file() -> None:
    assert check("step_document_issued", _document="meeting_minutes", documents=["meeting_minutes"]) is None
    reason = check("step_document_issued", _document="meeting_minutes", documents=["posting_notice"])
    assert reason == "Chưa có biên bản họp dân có chữ ký trong hồ sơ."
    assert check("step_document_issued", _document=None) is None


def test_failed_guards_lists_every_failure_in_order() -> None:
    context = GuardContext("regular_review", "pass_meeting", {"agree_count": 1, "attendee_count": 3}, "request")
    failures = failed_guards(("applicant_case", "consent_reached", "refusal_reasons_given"), context)
    assert [name for name, _ in failures] == ["consent_reached", "refusal_reasons_given"]


@pytest.mark.parametrize(
    ("name", "facts"),
    [
        ("consent_reached", {"agree_count": "15", "attendee_count": 30}),
        ("consent_reached", {"agree_count": True, "attendee_count": 30}),
        ("in_campaign_window", {"today": dt.datetime(2026, 10, 1, 9, 0)}),
        ("refusal_reasons_given", {"refusal_reasons": 3}),
        ("step_document_issued", {"_document": "meeting_minutes", "documents": "meeting_minutes"}),
    ],
)
def test_facts_of_the_wrong_type_are_a_programming_error(name: str, facts: dict[str, Any]) -> None:
    with pytest.raises(FactError):
        check(name, **facts)


def test_every_fact_a_guard_reads_is_declared() -> None:
    assert {"today", "agree_count", "attendee_count", "posting_end", "documents", "refusal_reasons"} <= FACT_NAMES


@pytest.mark.parametrize(("proof", "passes"), [("verified", True), ("paper", True), ("", False), ("forged", False)])
def test_a_decision_or_approval_needs_a_verified_or_paper_signature(proof: str, passes: bool) -> None:
    reason = check("document_signed", signature=proof) if proof else check("document_signed")
    assert (reason is None) is passes
    if not passes:
        assert reason == "Văn bản chưa có chữ ký số hợp lệ của người có thẩm quyền."
