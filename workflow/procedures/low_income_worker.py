"""Low-income workers, Nghị định 30/2025/NĐ-CP: an individual status, "similar to" Điều 6.

Same steps as the average-living-standard procedure (income, posting, decision); the subject
is a person, not a household. Local plans run it monthly from the 15th [L].
"""

from __future__ import annotations

from workflow.i18n import N_
from workflow.procedures.model import Procedure, TransitionSpec
from workflow.procedures.steps import DECISION_STATES, DOC, POSTING_STATES, commune_decision, public_posting

PROCEDURE = Procedure(
    name="low_income_worker",
    title=N_("Xác định người lao động có thu nhập thấp"),
    basis="Nghị định 30/2025/NĐ-CP (sửa đổi Nghị định 07/2021/NĐ-CP)",
    subject="person",
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
