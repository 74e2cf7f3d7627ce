"""Regular (monthly) review on request, QĐ 24/2021 Điều 5 with Mẫu 01: no list and no upper level.

The decision is due 15 days from the cycle's start (`ProcedureSettings.regular_deadline`);
an overdue case is flagged by the application, never moved by a guard.
"""

from __future__ import annotations

from workflow.i18n import N_
from workflow.procedures.model import Procedure, TransitionSpec

DOC = "step_document_issued"
SIGNED = "document_signed"

PROCEDURE = Procedure(
    name="regular_review",
    title=N_("Rà soát hộ nghèo, hộ cận nghèo thường xuyên hằng năm"),
    basis="Quyết định 24/2021/QĐ-TTg, Điều 5 (Mẫu 01)",
    subject="household",
    origins=("request",),
    states=(
        "requested",
        "screened_out",
        "surveyed",
        "meeting_passed",
        "posted",
        "under_recheck",
        "posting_closed",
        "ready_for_decision",
        "recognised",
        "not_recognised",
        "withdrawn",
    ),
    creations={"log_request": "requested"},
    transitions=(
        TransitionSpec("screen_out", ("requested",), "screened_out", ("phieu_a_stopped",)),
        TransitionSpec("complete_survey", ("requested",), "surveyed", ("phieu_a_cleared", "survey_classified")),
        TransitionSpec("pass_meeting", ("surveyed",), "meeting_passed", ("survey_current", "consent_reached", DOC)),
        TransitionSpec("fail_meeting", ("surveyed",), "surveyed", ("survey_current", "consent_failed", DOC)),
        TransitionSpec("post", ("meeting_passed",), "posted", ("posting_scheduled", DOC)),
        TransitionSpec("file_complaint", ("posted",), "under_recheck", ("complaint_in_time",)),
        TransitionSpec("finish_recheck", ("under_recheck",), "posted", ("recheck_in_time", "reposting_scheduled", DOC)),
        TransitionSpec("close_posting", ("posted",), "posting_closed", ("posting_over",)),
        TransitionSpec("prepare_decision", ("posting_closed",), "ready_for_decision"),
        TransitionSpec("recognise", ("ready_for_decision",), "recognised", (SIGNED, DOC)),
        TransitionSpec(
            "refuse", ("screened_out", "ready_for_decision"), "not_recognised", ("refusal_reasons_given", DOC)
        ),
        TransitionSpec(
            "withdraw", ("requested", "screened_out", "surveyed", "meeting_passed", "posted"), "withdrawn", (DOC,)
        ),
    ),
)
