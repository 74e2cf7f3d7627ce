"""The steps several procedures share, written once: the village meeting, the public posting with its
complaints and re-checks, and the commune's decision (QĐ 24/2021 Điều 4-6).

Each function returns transition specs; `always` are guards every step of that procedure adds first
(the periodic review's campaign window, for instance).
"""

from __future__ import annotations

from workflow.procedures.model import TransitionSpec

DOC = "step_document_issued"
SIGNED = "document_signed"

Guards = tuple[str, ...]


def village_meeting(always: Guards = ()) -> tuple[TransitionSpec, ...]:
    """At least half of the attendees agree, or the case waits to be surveyed again (QĐ 24 Điều 4
    khoản 3) and goes to a meeting again once re-surveyed."""
    return (
        TransitionSpec("pass_meeting", ("surveyed",), "meeting_passed", (*always, "consent_reached", DOC)),
        TransitionSpec("fail_meeting", ("surveyed",), "needs_resurvey", (*always, "consent_failed", DOC)),
        TransitionSpec("resurvey", ("needs_resurvey",), "surveyed", (*always, "survey_classified")),
    )


def public_posting(after: str, always: Guards = ()) -> tuple[TransitionSpec, ...]:
    """Posted after `after`; a complaint in time is re-checked and the result posted again; then closed."""
    return (
        TransitionSpec("post", (after,), "posted", (*always, "posting_scheduled", DOC)),
        TransitionSpec("file_complaint", ("posted",), "under_recheck", (*always, "complaint_in_time")),
        TransitionSpec(
            "finish_recheck", ("under_recheck",), "posted", (*always, "recheck_in_time", "reposting_scheduled", DOC)
        ),
        TransitionSpec("close_posting", ("posted",), "posting_closed", (*always, "posting_over")),
    )


def commune_decision(refusable: tuple[str, ...] = ("ready_for_decision",)) -> tuple[TransitionSpec, ...]:
    """With no upper level: the chairman recognises (signed) or refuses with reasons."""
    return (
        TransitionSpec("prepare_decision", ("posting_closed",), "ready_for_decision"),
        TransitionSpec("recognise", ("ready_for_decision",), "recognised", (SIGNED, DOC)),
        TransitionSpec("refuse", refusable, "not_recognised", ("refusal_reasons_given", DOC)),
    )


# The states those steps pass through, in the order pages list them.
MEETING_STATES = ("surveyed", "needs_resurvey", "meeting_passed")
POSTING_STATES = ("posted", "under_recheck", "posting_closed")
DECISION_STATES = ("ready_for_decision", "recognised", "not_recognised", "withdrawn")
