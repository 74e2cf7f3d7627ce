"""A stand-in case and, per trigger, facts that satisfy every guard (for the state x trigger matrix)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from workflow.guards import ProcedureSettings
from workflow.procedures import DOCUMENT_LABELS

TODAY = dt.date(2026, 10, 15)  # a Thursday inside the 2026 periodic window


@dataclass
class FakeCase:
    case_type: object
    state: str
    origin: str = "request"


def good_facts(procedure: str, trigger: str) -> dict[str, Any]:
    """Facts under which `trigger` passes its guards in `procedure` (upper level: province)."""
    level = "none" if trigger == "prepare_decision" else "province"
    facts: dict[str, Any] = {
        "today": TODAY,
        "settings": ProcedureSettings(upper_review_level=level),
        "documents": frozenset(DOCUMENT_LABELS),
    }
    per_trigger: dict[str, dict[str, Any]] = {
        "screen_out": {"phieu_a_result": "stop_not_poor"},
        "complete_survey": {
            "phieu_a_result": "continue_to_b",
            "survey_complete": True,
            "rule_set_id": "vn_2022_2025",
            "provisional_class": "poor",
        },
        "resurvey": {"survey_complete": True, "rule_set_id": "vn_2022_2025", "provisional_class": "near_poor"},
        "pass_meeting": {"agree_count": 20, "attendee_count": 30},
        "fail_meeting": {"agree_count": 10, "attendee_count": 30},
        "post": {"posting_start": TODAY, "posting_end": dt.date(2026, 10, 30)},
        "file_complaint": {"complaint_received_on": TODAY, "posting_end": dt.date(2026, 10, 20)},
        "finish_recheck": {
            "recheck_started_on": dt.date(2026, 10, 13),
            "posting_start": TODAY,
            "posting_end": dt.date(2026, 10, 20),
        },
        "close_posting": {"posting_end": dt.date(2026, 10, 14), "open_complaints": 0},
        "send_upper": {"unsettled_cases": 0},
        "record_upper_reply": {"upper_reply_outcome": "agreed", "signature": "verified"},
        "recognise": {"signature": "verified"},
        "refuse": {"refusal_reasons": "Thu nhập bình quân cao hơn chuẩn cận nghèo."},
    }
    facts.update(per_trigger.get(trigger, {}))
    return facts
