"""Who may fire each trigger, per procedure: kept apart from the transitions (procedure.md §3, §14.4).

`vice_chairman` stands beside `commune_chairman` because a vice-chairman signs when delegated
(KT. CHỦ TỊCH); whether a delegation is in force is the application's check. The system job
that closes postings acts with the `commune_staff` permission.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from workflow.procedures.model import Procedure

CHAIRMEN = frozenset({"commune_chairman", "vice_chairman"})

# The actor column of procedure.md §14.4, the same in every procedure that has the trigger.
DEFAULT_TRIGGER_ROLES: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        "log_request": frozenset({"commune_staff", "village_head"}),
        "list_existing": frozenset({"commune_staff"}),
        "list_for_campaign": frozenset({"commune_staff"}),
        # Village heads often act as surveyors (procedure.md §3, local practice).
        "screen_out": frozenset({"reviewer", "village_head"}),
        "complete_survey": frozenset({"reviewer", "steering_member", "village_head"}),
        "resurvey": frozenset({"reviewer", "steering_member", "village_head"}),
        "pass_meeting": frozenset({"village_head"}),
        "fail_meeting": frozenset({"village_head", "steering_member"}),
        "post": frozenset({"commune_staff", "records_clerk"}),
        # The commune's poverty officer logs complaints and runs the re-check for the BCĐ.
        "file_complaint": frozenset({"steering_member", "commune_staff"}),
        "finish_recheck": frozenset({"steering_member", "commune_staff"}),
        "close_posting": frozenset({"commune_staff"}),
        "send_upper": CHAIRMEN,
        "request_recheck": frozenset({"upper_reviewer", "commune_staff"}),
        "record_upper_reply": frozenset({"upper_reviewer", "commune_staff"}),
        "prepare_decision": frozenset({"commune_staff"}),
        # The records clerk only adds the agency's signature and keeps the register: the chairman decides.
        "recognise": CHAIRMEN,
        "refuse": CHAIRMEN,
        "withdraw": frozenset({"commune_staff"}),
    }
)


def build_trigger_roles(procedures: Mapping[str, Procedure]) -> Mapping[tuple[str, str], frozenset[str]]:
    """(procedure, trigger) -> roles, for every trigger and creation trigger of every procedure."""
    table: dict[tuple[str, str], frozenset[str]] = {}
    for name, procedure in procedures.items():
        for trigger in (*procedure.creations, *procedure.triggers):
            table[(name, trigger)] = DEFAULT_TRIGGER_ROLES[trigger]
    return MappingProxyType(table)
