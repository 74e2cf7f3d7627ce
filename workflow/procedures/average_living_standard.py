"""Average-living-standard households, QĐ 24/2021 Điều 6: 12-month income (Phiếu C), posting, decision.

No village meeting and no upper level; posting at the commune office for 5 working days by
default (`ProcedureSettings.posting_working_days`).
"""

from __future__ import annotations

from workflow.i18n import N_
from workflow.procedures.model import Procedure, TransitionSpec
from workflow.procedures.steps import DECISION_STATES, DOC, POSTING_STATES, commune_decision, public_posting

PROCEDURE = Procedure(
    name="average_living_standard",
    title=N_("Xác định hộ làm nông nghiệp, lâm nghiệp, ngư nghiệp và diêm nghiệp có mức sống trung bình"),
    basis="Quyết định 24/2021/QĐ-TTg, Điều 6",
    subject="household",
    origins=("request",),
    states=(
        "requested",
        "surveyed",
        *POSTING_STATES,
        *DECISION_STATES,
    ),
    creations={"log_request": "requested"},
    transitions=(
        TransitionSpec("complete_survey", ("requested",), "surveyed", ("survey_classified",)),
        *public_posting(after="surveyed"),
        *commune_decision(),
        TransitionSpec("withdraw", ("requested", "surveyed", "posted"), "withdrawn", (DOC,)),
    ),
)
