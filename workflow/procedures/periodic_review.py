"""Periodic (annual) review, QĐ 24/2021 Điều 4: list, survey, meeting, posting, upper level, decision.

Every move happens inside the campaign window, except a withdrawal. A request (Mẫu 01) joins
the review list before it is surveyed, so every list entry has a legal origin.
"""

from __future__ import annotations

from workflow.i18n import N_
from workflow.procedures.model import Procedure, TransitionSpec
from workflow.procedures.steps import (
    DECISION_STATES,
    DOC,
    MEETING_STATES,
    POSTING_STATES,
    SIGNED,
    public_posting,
    village_meeting,
)

W = "in_campaign_window"

PROCEDURE = Procedure(
    name="periodic_review",
    title=N_("Rà soát hộ nghèo, hộ cận nghèo định kỳ hằng năm"),
    basis="Quyết định 24/2021/QĐ-TTg, Điều 4",
    subject="household",
    origins=("existing_list", "request"),
    states=(
        "requested",
        "listed",
        "screened_out",
        *MEETING_STATES,
        *POSTING_STATES,
        "upper_review",
        *DECISION_STATES,
    ),
    creations={"log_request": "requested", "list_existing": "listed"},
    transitions=(
        TransitionSpec("list_for_campaign", ("requested",), "listed", (W,)),
        TransitionSpec("screen_out", ("listed",), "screened_out", (W, "phieu_a_applies", "phieu_a_stopped")),
        TransitionSpec("complete_survey", ("listed",), "surveyed", (W, "phieu_a_cleared", "survey_classified")),
        *village_meeting(always=(W,)),
        *public_posting(after="meeting_passed", always=(W,)),
        TransitionSpec(
            "send_upper", ("posting_closed",), "upper_review", (W, "upper_review_required", "campaign_settled", DOC)
        ),
        TransitionSpec("request_recheck", ("upper_review",), "needs_resurvey", (W, DOC)),
        TransitionSpec(
            "record_upper_reply", ("upper_review",), "ready_for_decision", (W, "upper_approval_present", SIGNED, DOC)
        ),
        TransitionSpec("prepare_decision", ("posting_closed",), "ready_for_decision", (W, "upper_review_not_required")),
        TransitionSpec("recognise", ("ready_for_decision",), "recognised", (W, SIGNED, DOC)),
        TransitionSpec(
            "refuse",
            ("screened_out", "ready_for_decision"),
            "not_recognised",
            (W, "applicant_case", "refusal_reasons_given", DOC),
        ),
        TransitionSpec(
            "withdraw",
            ("requested", "listed", "screened_out", "surveyed", "needs_resurvey", "meeting_passed", "posted"),
            "withdrawn",
            ("applicant_case", DOC),
        ),
    ),
)
