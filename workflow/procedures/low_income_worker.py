"""Low-income workers, Nghị định 30/2025/NĐ-CP: an individual status, "similar to" Điều 6.

Same steps as the average-living-standard procedure (income, posting, decision); the subject
is a person, not a household. Local plans run it monthly from the 15th [L].
"""

from __future__ import annotations

from workflow.i18n import N_
from workflow.procedures.model import Procedure, TransitionSpec

DOC = "step_document_issued"
SIGNED = "document_signed"

PROCEDURE = Procedure(
    name="low_income_worker",
    title=N_("Xác định người lao động có thu nhập thấp"),
    basis="Nghị định 30/2025/NĐ-CP (sửa đổi Nghị định 07/2021/NĐ-CP)",
    subject="person",
    origins=("request",),
    states=(
        "requested",
        "surveyed",
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
        TransitionSpec("post", ("surveyed",), "posted", ("posting_scheduled", DOC)),
        TransitionSpec("file_complaint", ("posted",), "under_recheck", ("complaint_in_time",)),
        TransitionSpec("finish_recheck", ("under_recheck",), "posted", ("recheck_in_time", "reposting_scheduled", DOC)),
        TransitionSpec("close_posting", ("posted",), "posting_closed", ("posting_over",)),
        TransitionSpec("prepare_decision", ("posting_closed",), "ready_for_decision"),
        TransitionSpec("recognise", ("ready_for_decision",), "recognised", (SIGNED, DOC)),
        TransitionSpec("refuse", ("ready_for_decision",), "not_recognised", ("refusal_reasons_given", DOC)),
        TransitionSpec("withdraw", ("requested", "surveyed", "posted"), "withdrawn", (DOC,)),
    ),
)
