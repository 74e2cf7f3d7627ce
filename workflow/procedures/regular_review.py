"""Regular (monthly) review on request, QĐ 24/2021 Điều 5 with Mẫu 01: no list and no upper level.

The decision is due 15 days from the cycle's start (`ProcedureSettings.regular_deadline`);
an overdue case is flagged by the application, never moved by a guard.
"""

from __future__ import annotations

from workflow.i18n import N_
from workflow.procedures.model import Procedure, TransitionSpec
from workflow.procedures.steps import (
    DECISION_STATES,
    DOC,
    MEETING_STATES,
    POSTING_STATES,
    commune_decision,
    public_posting,
    village_meeting,
)

PROCEDURE = Procedure(
    name="regular_review",
    title=N_("Rà soát hộ nghèo, hộ cận nghèo thường xuyên hằng năm"),
    basis="Quyết định 24/2021/QĐ-TTg, Điều 5 (Mẫu 01)",
    subject="household",
    origins=("request",),
    states=(
        "requested",
        "screened_out",
        *MEETING_STATES,
        *POSTING_STATES,
        *DECISION_STATES,
    ),
    creations={"log_request": "requested"},
    transitions=(
        TransitionSpec("screen_out", ("requested",), "screened_out", ("phieu_a_stopped",)),
        TransitionSpec("complete_survey", ("requested",), "surveyed", ("phieu_a_cleared", "survey_classified")),
        *village_meeting(),
        *public_posting(after="meeting_passed"),
        *commune_decision(refusable=("screened_out", "ready_for_decision")),
        TransitionSpec(
            "withdraw",
            ("requested", "screened_out", "surveyed", "needs_resurvey", "meeting_passed", "posted"),
            "withdrawn",
            (DOC,),
        ),
    ),
)
