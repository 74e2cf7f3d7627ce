"""The village meeting's minutes (Biên bản họp dân, procedure.md §13.1)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, time
from typing import Any

from casework.documents import wording
from casework.documents.context.formatting import clock, vn_date
from casework.documents.context.pieces import document
from casework.documents.context.values import AttendeeGroup, Context, Issue, MeetingVote
from casework.formatting import percent_of
from casework.vocabulary import CLASS_LABELS


def _vote_row(index: int, vote: MeetingVote) -> dict[str, Any]:
    return {
        "no": str(index),
        "head_name": vote.head_name,
        "proposed": CLASS_LABELS[vote.proposed_class],
        "agree": f"{vote.agree_count}/{vote.attendee_count}",
        "agree_count": vote.agree_count,
        "attendees": vote.attendee_count,
        "percent": percent_of(vote.agree_count, vote.attendee_count),
        "disagree": "" if vote.disagree_count is None else str(vote.disagree_count),
        "abstain": "" if vote.abstain_count is None else str(vote.abstain_count),
        "result": "Thông qua" if vote.passed else "Không thông qua",
        "passed": vote.passed,
        "opinion": vote.opinion,
    }


def _vote_outcome(rows: list[dict[str, Any]], whole: dict[str, Any] | None) -> tuple[list[str], list[str]]:
    """Households agreed and households sent back to re-survey: one by one, or all by the list vote."""
    names = [row["head_name"] for row in rows]
    if whole is not None:
        return (names, []) if whole["passed"] else ([], names)
    return [row["head_name"] for row in rows if row["passed"]], [row["head_name"] for row in rows if not row["passed"]]


def _signatures(
    secretary: str, chair: str, household_signers: Sequence[str], supervisors: Sequence[str]
) -> dict[str, Any]:
    """Secretary and chair sign, then the households whose results were discussed, then the Front's supervisor."""
    return {
        "signatures": [
            {"lines": ["THƯ KÝ"], "hint": "(Ký, ghi rõ họ tên)", "name": secretary},
            {"lines": ["CHỦ TRÌ", "TRƯỞNG THÔN"], "hint": "(Ký, ghi rõ họ tên)", "name": chair},
        ],
        "household_signers": list(household_signers),
        "supervisor_signature": {
            "lines": ["ĐẠI DIỆN ỦY BAN MTTQ VIỆT NAM XÃ"],
            "hint": "(Giám sát)",
            "name": supervisors[0],
        }
        if supervisors
        else None,
    }


def meeting_minutes(
    issue: Issue,
    *,
    year: int,
    period_label: str,
    commune: str,
    village: str,
    held_on: date,
    started_at: time,
    ended_at: time,
    venue: str,
    chair: str,
    secretary: str,
    attendee_count: int,
    attendees: Sequence[AttendeeGroup],
    supervisors: Sequence[str],
    vote_mode: str,
    votes: Sequence[MeetingVote],
    household_signers: Sequence[str],
    whole_list_vote: MeetingVote | None = None,
    commune_kind: str = "xã",
) -> Context:
    """Biên bản họp dân: attendance by category, one vote per household (or the whole list)."""
    if vote_mode not in ("per_household", "whole_list"):
        raise ValueError(f"unknown vote mode {vote_mode!r}")
    if vote_mode == "whole_list" and whole_list_vote is None:
        raise ValueError("a whole-list vote needs its counts")
    rows = [_vote_row(index, vote) for index, vote in enumerate(votes, start=1)]
    whole = _vote_row(0, whole_list_vote) if whole_list_vote is not None else None
    passed, failed = _vote_outcome(rows, whole)
    return document(
        "meeting_minutes",
        issue,
        date_line=None,  # the minutes state time and place in the opening sentence instead
        title="BIÊN BẢN HỌP DÂN",
        summary=f"Thống nhất kết quả rà soát hộ nghèo, hộ cận nghèo {period_label}",
        year=year,
        opening=f"Hôm nay, vào hồi {clock(started_at)}, {vn_date(held_on)}, tại {venue}, thôn {village}, "
        f"{commune_kind} {commune} tổ chức họp dân thống nhất kết quả rà soát hộ nghèo, hộ cận nghèo {period_label}.",
        held_on=held_on.isoformat(),
        village=village,
        chair=chair,
        secretary=secretary,
        attendee_count=attendee_count,
        attendees=[{"label": g.label, "count": g.count, "names": list(g.names)} for g in attendees],
        supervisors=list(supervisors),
        vote_mode=vote_mode,
        votes=rows,
        whole_list_vote=whole,
        passed=passed,
        failed=failed,
        closing=wording.text("meeting_minutes", "closing", ended_at=clock(ended_at)),
        copies=2,
        **_signatures(secretary, chair, household_signers, supervisors),
    )
