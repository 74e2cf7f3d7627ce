"""Periodic (annual) review, QĐ 24/2021 Điều 4: list, survey, meeting, posting, upper level, decision.

Every move happens inside the campaign window, except a withdrawal. A request (Mẫu 01) joins
the review list before it is surveyed, so every list entry has a legal origin.
"""

from __future__ import annotations

from workflow.i18n import N_
from workflow.procedures.model import Procedure, TransitionSpec

W = "in_campaign_window"
DOC = "step_document_issued"
SIGNED = "document_signed"

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
        "surveyed",
        "meeting_passed",
        "posted",
        "under_recheck",
        "posting_closed",
        "upper_review",
        "ready_for_decision",
        "recognised",
        "not_recognised",
        "withdrawn",
    ),
    creations={"log_request": "requested", "list_existing": "listed"},
    transitions=(
        TransitionSpec("list_for_campaign", ("requested",), "listed", (W,)),
        TransitionSpec("screen_out", ("listed",), "screened_out", (W, "phieu_a_applies", "phieu_a_stopped")),
        TransitionSpec("complete_survey", ("listed",), "surveyed", (W, "phieu_a_cleared", "survey_classified")),
        TransitionSpec("pass_meeting", ("surveyed",), "meeting_passed", (W, "survey_current", "consent_reached", DOC)),
        TransitionSpec("fail_meeting", ("surveyed",), "surveyed", (W, "survey_current", "consent_failed", DOC)),
        TransitionSpec("post", ("meeting_passed",), "posted", (W, "posting_scheduled", DOC)),
        TransitionSpec("file_complaint", ("posted",), "under_recheck", (W, "complaint_in_time")),
        TransitionSpec(
            "finish_recheck", ("under_recheck",), "posted", (W, "recheck_in_time", "reposting_scheduled", DOC)
        ),
        TransitionSpec("close_posting", ("posted",), "posting_closed", (W, "posting_over")),
        TransitionSpec(
            "send_upper", ("posting_closed",), "upper_review", (W, "upper_review_required", "campaign_settled", DOC)
        ),
        TransitionSpec("request_recheck", ("upper_review",), "surveyed", (W, DOC)),
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
            ("requested", "listed", "screened_out", "surveyed", "meeting_passed", "posted"),
            "withdrawn",
            ("applicant_case", DOC),
        ),
    ),
)
