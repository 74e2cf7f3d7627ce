"""Average-living-standard households, QĐ 24/2021 Điều 6: 12-month income (Phiếu C), posting, decision.

No village meeting and no upper level; posting at the commune office for 5 working days by
default (`ProcedureSettings.posting_working_days`).
"""

from __future__ import annotations

from workflow.i18n import N_
from workflow.procedures.model import Procedure, TransitionSpec

DOC = "step_document_issued"
SIGNED = "document_signed"

PROCEDURE = Procedure(
    name="average_living_standard",
    title=N_("Xác định hộ làm nông nghiệp, lâm nghiệp, ngư nghiệp và diêm nghiệp có mức sống trung bình"),
    basis="Quyết định 24/2021/QĐ-TTg, Điều 6",
    subject="household",
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
