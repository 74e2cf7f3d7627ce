"""Exit request (Mẫu 04), QĐ 24/2021 Điều 5 and QĐ 406/2023: survey, meeting, posting, decision.

The household is on the list already, so there is no Phiếu A screen; a household still poor or
near-poor is refused in writing with the reasons.
"""

from __future__ import annotations

from workflow.i18n import N_
from workflow.procedures.model import Procedure, TransitionSpec

DOC = "step_document_issued"
SIGNED = "document_signed"

PROCEDURE = Procedure(
    name="exit_request",
    title=N_("Công nhận hộ thoát nghèo, hộ thoát cận nghèo thường xuyên hằng năm"),
    basis="Quyết định 24/2021/QĐ-TTg, Điều 5 (Mẫu 04)",
    subject="household",
    origins=("request",),
    states=(
        "requested",
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
        TransitionSpec("complete_survey", ("requested",), "surveyed", ("survey_classified",)),
        TransitionSpec("pass_meeting", ("surveyed",), "meeting_passed", ("survey_current", "consent_reached", DOC)),
        TransitionSpec("fail_meeting", ("surveyed",), "surveyed", ("survey_current", "consent_failed", DOC)),
        TransitionSpec("post", ("meeting_passed",), "posted", ("posting_scheduled", DOC)),
        TransitionSpec("file_complaint", ("posted",), "under_recheck", ("complaint_in_time",)),
        TransitionSpec("finish_recheck", ("under_recheck",), "posted", ("recheck_in_time", "reposting_scheduled", DOC)),
        TransitionSpec("close_posting", ("posted",), "posting_closed", ("posting_over",)),
        TransitionSpec("prepare_decision", ("posting_closed",), "ready_for_decision"),
        TransitionSpec("recognise", ("ready_for_decision",), "recognised", (SIGNED, DOC)),
        TransitionSpec("refuse", ("ready_for_decision",), "not_recognised", ("refusal_reasons_given", DOC)),
        TransitionSpec("withdraw", ("requested", "surveyed", "meeting_passed", "posted"), "withdrawn", (DOC,)),
    ),
)
