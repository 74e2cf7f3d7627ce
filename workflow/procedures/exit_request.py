"""Exit request (Mẫu 04), QĐ 24/2021 Điều 5 and QĐ 406/2023: survey, meeting, posting, decision.

The household is on the list already, so there is no Phiếu A screen; a household still poor or
near-poor is refused in writing with the reasons.
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
    name="exit_request",
    title=N_("Công nhận hộ thoát nghèo, hộ thoát cận nghèo thường xuyên hằng năm"),
    basis="Quyết định 24/2021/QĐ-TTg, Điều 5 (Mẫu 04)",
    subject="household",
    origins=("request",),
    states=(
        "requested",
        *MEETING_STATES,
        *POSTING_STATES,
        *DECISION_STATES,
    ),
    creations={"log_request": "requested"},
    transitions=(
        TransitionSpec("complete_survey", ("requested",), "surveyed", ("survey_classified",)),
        *village_meeting(),
        *public_posting(after="meeting_passed"),
        *commune_decision(),
        TransitionSpec(
            "withdraw", ("requested", "surveyed", "needs_resurvey", "meeting_passed", "posted"), "withdrawn", (DOC,)
        ),
    ),
)
