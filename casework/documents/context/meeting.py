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
from workflow.guards import consent_reached
from workflow.numbers import percent


def _people(count: int) -> str:
    """'02 người' as minutes write a head count; 'không có' for none."""
    return f"{count:02d} người" if count else "không có"


def _count(value: int | None) -> str:
    return "" if value is None else str(value)


def _vote_row(index: int, vote: MeetingVote, ratio: float) -> dict[str, Any]:
    passed = consent_reached(vote.agree_count, vote.attendee_count, ratio)
    return {
        "no": str(index),
        "head_name": vote.head_name,
        "proposed": CLASS_LABELS[vote.proposed_class],
        "agree": f"{vote.agree_count}/{vote.attendee_count}",
        "agree_count": vote.agree_count,
        "attendees": vote.attendee_count,
        "percent": percent_of(vote.agree_count, vote.attendee_count),
        "disagree": _count(vote.disagree_count),
        "abstain": _count(vote.abstain_count),
        "result": "Thông qua" if passed else "Không thông qua",
        "passed": passed,
        "opinion": vote.opinion,
    }


def _whole_list_line(whole: dict[str, Any]) -> str:
    """'30 người đồng ý, 02 người không đồng ý, không có người không biểu quyết, trên tổng số 42 người dự họp'."""
    parts = [f"{whole['agree_count']} người đồng ý"]
    for key, label in (("disagree", "không đồng ý"), ("abstain", "không biểu quyết")):
        if whole[key] != "":
            parts.append(f"{whole[key]} người {label}")
    return f"{', '.join(parts)} trên tổng số {whole['attendees']} người dự họp ({whole['percent']} đồng ý)"


def _opening(started_at: time, held_on: date, venue: str, village: str, commune: str) -> str:
    """'Hôm nay, vào hồi …, tại <venue>, thôn …, xã …': the village is not named twice when the venue names it."""
    where = [venue.strip().rstrip("."), village, commune]
    if village.lower() in venue.lower():
        where.remove(village)
    return f"Hôm nay, vào hồi {clock(started_at)}, {vn_date(held_on)}, tại {', '.join(where)}"


def _vote_outcome(rows: list[dict[str, Any]], whole: dict[str, Any] | None) -> tuple[list[str], list[str]]:
    """Households agreed and households sent back to re-survey: one by one, or all by the list vote."""
    names = [row["head_name"] for row in rows]
    if whole is not None:
        return (names, []) if whole["passed"] else ([], names)
    return [row["head_name"] for row in rows if row["passed"]], [row["head_name"] for row in rows if not row["passed"]]


def _check_mode(vote_mode: str, whole_list_vote: MeetingVote | None) -> None:
    if vote_mode not in ("per_household", "whole_list"):
        raise ValueError(f"unknown vote mode {vote_mode!r}")
    if vote_mode == "whole_list" and whole_list_vote is None:
        raise ValueError("a whole-list vote needs its counts")


def _results(votes: Sequence[MeetingVote], whole_list_vote: MeetingVote | None, ratio: float) -> dict[str, Any]:
    """The table of votes, the whole list's vote, and who passed and who goes back to re-survey."""
    rows = [_vote_row(index, vote, ratio) for index, vote in enumerate(votes, start=1)]
    whole = _vote_row(0, whole_list_vote, ratio) if whole_list_vote is not None else None
    if whole is not None:
        whole["line"] = _whole_list_line(whole)
    passed, failed = _vote_outcome(rows, whole)
    return {
        "votes": rows,
        "whole_list_vote": whole,
        "passed": passed,
        "failed": failed,
        "consent_share": percent(ratio),
    }


def _signatures(
    secretary: str,
    chair: str,
    chair_title: str,
    household_signers: Sequence[str],
    supervisors: Sequence[str],
    front: str,
) -> dict[str, Any]:
    """The Front's supervisor (when one attended), the secretary and the chair on one row; then the
    representatives of the households discussed, one line each."""
    supervisor = (
        [{"lines": ["ĐẠI DIỆN", front.upper()], "hint": "(Ký, ghi rõ họ tên)", "name": supervisors[0]}]
        if supervisors
        else []
    )
    return {
        "signatures": [
            *supervisor,
            {"lines": ["THƯ KÝ"], "hint": "(Ký, ghi rõ họ tên)", "name": secretary},
            {"lines": ["CHỦ TRÌ", chair_title.upper()], "hint": "(Ký, ghi rõ họ tên)", "name": chair},
        ],
        "household_signers": list(household_signers),
    }


def _attendance(attendees: Sequence[AttendeeGroup]) -> list[dict[str, Any]]:
    return [
        {"label": g.label, "count": g.count, "count_text": _people(g.count), "names": list(g.names)} for g in attendees
    ]


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
    village_kind: str = "thôn",
    chair_title: str = "Trưởng thôn",
    opinions: str = "",
    supervisor_remarks: str = "",
    consent_ratio: float = 0.5,
) -> Context:
    """Biên bản họp dân: attendance by category, agree / disagree / abstain per household (or the whole
    list), the opinions raised, the Front's supervision, and who signs."""
    _check_mode(vote_mode, whole_list_vote)
    return document(
        "meeting_minutes",
        issue,
        date_line=None,  # the minutes state time and place in the opening sentence instead
        title="BIÊN BẢN HỌP DÂN",
        summary=f"Thống nhất kết quả rà soát hộ nghèo, hộ cận nghèo {period_label}",
        year=year,
        opening=_opening(started_at, held_on, venue, f"{village_kind} {village}", f"{commune_kind} {commune}")
        + f" tổ chức họp dân thống nhất kết quả rà soát hộ nghèo, hộ cận nghèo {period_label}.",
        held_on=held_on.isoformat(),
        village=village,
        village_kind=village_kind,
        commune=commune,
        commune_kind=commune_kind,
        chair=chair,
        chair_title=chair_title,
        secretary=secretary,
        attendee_count=attendee_count,
        attendees=_attendance(attendees),
        supervisors=list(supervisors),
        vote_mode=vote_mode,
        **_results(votes, whole_list_vote, consent_ratio),
        opinions=[line.strip() for line in opinions.splitlines() if line.strip()],
        supervisor_remarks=supervisor_remarks.strip(),
        closing=wording.text("meeting_minutes", "closing", ended_at=clock(ended_at)),
        copies=2,
        **_signatures(secretary, chair, chair_title, household_signers, supervisors, f"MTTQ Việt Nam {commune_kind}"),
    )
