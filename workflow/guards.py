"""Guards of the review procedures (procedure.md §14.4 and §14.6): pure checks with plain reasons.

A guard is a pure function of a `GuardContext` (the facts of one attempted transition, read typed
by `workflow.facts` and re-exported here) that
returns None when the transition may go ahead, or the reason it may not, in plain Vietnamese.
`GUARDS` maps the guard names used by the procedure definitions to those functions; the engine
turns them into `transitions` conditions and collects their reasons.

Numbers the official texts do not confirm (posting and re-check durations, the regular-review
deadline and its unit, the upper review level, Phiếu A routing...) are fields of
`ProcedureSettings` (`workflow.procedures.settings`, re-exported here) with the documented
defaults, never constants here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Sequence
from fractions import Fraction

from workflow.dates import format_date
from workflow.facts import FACT_NAMES, FactError, Facts, GuardContext
from workflow.numbers import percent
from workflow.procedures.settings import UPPER_REVIEW_LEVELS, ProcedureSettings, SettingsError
from workflow.standards.vocabulary import HouseholdClass, PhieuAResult

UPPER_REPLY_APPROVALS = ("agreed", "agreed_with_changes")


Guard = Callable[[GuardContext], str | None]
GUARDS: dict[str, Guard] = {}


def _guard(name: str) -> Callable[[Guard], Guard]:
    def register(func: Guard) -> Guard:
        GUARDS[name] = func
        return func

    return register


# ---- thresholds, as plain functions ------------------------------------------------------------------


def consent_reached(agree_count: int, attendee_count: int, ratio: float = 0.5) -> bool:
    """At least `ratio` of the people attending agree (inclusive); nobody attending never passes.

    With the default 0.5 this is `agree_count * 2 >= attendee_count` (QĐ 24 Điều 4 khoản 3).
    """
    if attendee_count <= 0 or not 0 <= agree_count <= attendee_count:
        return False
    return Fraction(agree_count) >= Fraction(str(ratio)) * attendee_count


def _period(start: dt.date, end: dt.date) -> str:
    return f"{format_date(start)} - {format_date(end)}"


# ---- the guards ------------------------------------------------------------------------------------


@_guard("in_campaign_window")
def in_campaign_window(ctx: GuardContext) -> str | None:
    """Periodic cases move only inside the campaign window of the campaign's year."""
    today = ctx.today
    year = ctx.count("campaign_year") or today.year
    start, end = ctx.settings.periodic_window(year)
    if start <= today <= end:
        return None
    return f"Ngoài thời gian rà soát định kỳ năm {year} ({_period(start, end)}); hôm nay là {format_date(today)}."


@_guard("applicant_case")
def applicant_case(ctx: GuardContext) -> str | None:
    """Only a household that asked (Mẫu 01 / 04) can withdraw or be refused."""
    if ctx.origin == "request":
        return None
    if ctx.origin is None:
        return "Chưa rõ hồ sơ có từ giấy đề nghị hay từ danh sách hộ đang quản lý."
    return "Hộ thuộc danh sách đang quản lý được rà soát theo quy định, không có giấy đề nghị để rút hay trả lời."


def _phieu_a_applies(ctx: GuardContext) -> bool:
    return ctx.settings.phieu_a_routing == "all" or ctx.origin == "request"


@_guard("phieu_a_applies")
def phieu_a_applies(ctx: GuardContext) -> str | None:
    if _phieu_a_applies(ctx):
        return None
    return "Theo cấu hình, chỉ hộ có giấy đề nghị mới rà soát nhanh bằng Phiếu A."


@_guard("phieu_a_stopped")
def phieu_a_stopped(ctx: GuardContext) -> str | None:
    if ctx.text("phieu_a_result") == PhieuAResult.STOP_NOT_POOR:
        return None
    if not ctx.text("phieu_a_result"):
        return "Chưa có kết quả Phiếu A."
    return "Kết quả Phiếu A là tiếp tục rà soát bằng Phiếu B, không phải dừng."


@_guard("phieu_a_cleared")
def phieu_a_cleared(ctx: GuardContext) -> str | None:
    """Where Phiếu A applies, the full survey follows only a Phiếu A that says continue."""
    if not _phieu_a_applies(ctx):
        return None
    result = ctx.text("phieu_a_result")
    if result == PhieuAResult.CONTINUE_TO_B:
        return None
    if not result and ctx.facts.get("phieu_a_configured") is False:
        return None  # the standard applied has no Phiếu A criteria (2027-2030 until they are issued)
    if not result:
        return "Chưa có kết quả Phiếu A (hộ có giấy đề nghị phải rà soát nhanh trước)."
    return "Phiếu A kết luận dừng rà soát: hãy ghi dừng theo Phiếu A thay vì hoàn thành khảo sát."


@_guard("survey_classified")
def survey_classified(ctx: GuardContext) -> str | None:
    if not ctx.flag("survey_complete"):
        return "Phiếu khảo sát chưa hoàn thành (còn thiếu câu trả lời bắt buộc)."
    if not ctx.text("rule_set_id"):
        return "Kết quả chưa ghi bộ tiêu chí (chuẩn nghèo) đã dùng để phân loại."
    provisional = ctx.text("provisional_class")
    if not provisional:
        return "Chưa có kết quả phân loại hộ."
    if provisional == HouseholdClass.UNDETERMINED:
        return "Chưa xác định được loại hộ từ các câu trả lời (cần bổ sung Phiếu B)."
    return None


def _meeting_counts(ctx: GuardContext) -> tuple[int, int] | str:
    """Agree and attendees, when the votes fit the attendance: agree + disagree + abstain ≤ attendees."""
    agree, attendees = ctx.count("agree_count"), ctx.count("attendee_count")
    if agree is None or attendees is None:
        return "Chưa ghi số người dự họp và số người đồng ý."
    if attendees <= 0:
        return "Số người dự họp phải lớn hơn 0."
    disagree, abstain = ctx.count("disagree_count") or 0, ctx.count("abstain_count") or 0
    if min(agree, disagree, abstain) < 0:
        return "Số người biểu quyết không thể là số âm."
    if agree + disagree + abstain > attendees:
        return (
            f"Số người đồng ý, không đồng ý và không biểu quyết ({agree + disagree + abstain}) "
            f"nhiều hơn số người dự họp ({attendees})."
        )
    return agree, attendees


@_guard("consent_reached")
def consent_reached_guard(ctx: GuardContext) -> str | None:
    counts = _meeting_counts(ctx)
    if isinstance(counts, str):
        return counts
    agree, attendees = counts
    ratio = ctx.settings.meeting_consent_ratio
    if consent_reached(agree, attendees, ratio):
        return None
    return f"Chưa đủ {percent(ratio)} người dự họp đồng ý ({agree}/{attendees})."


@_guard("consent_failed")
def consent_failed(ctx: GuardContext) -> str | None:
    """A meeting is recorded as failed only when its counts say so."""
    counts = _meeting_counts(ctx)
    if isinstance(counts, str):
        return counts
    agree, attendees = counts
    ratio = ctx.settings.meeting_consent_ratio
    if not consent_reached(agree, attendees, ratio):
        return None
    return f"Cuộc họp đã đạt ({agree}/{attendees} người đồng ý, từ {percent(ratio)}): hãy ghi kết quả đạt."


def _posting_dates(ctx: GuardContext) -> tuple[dt.date, dt.date] | str:
    start, end = ctx.day("posting_start"), ctx.day("posting_end")
    if start is None:
        return "Chưa ghi ngày bắt đầu niêm yết."
    if end is None:
        return "Chưa ghi ngày kết thúc niêm yết."
    if end < start:
        return f"Ngày kết thúc niêm yết ({format_date(end)}) trước ngày bắt đầu ({format_date(start)})."
    return start, end


@_guard("posting_scheduled")
def posting_scheduled(ctx: GuardContext) -> str | None:
    """The posting lasts at least the configured number of working days."""
    dates = _posting_dates(ctx)
    if isinstance(dates, str):
        return dates
    start, end = dates
    settings = ctx.settings
    earliest = settings.posting_end(ctx.procedure, start, ctx.calendar)
    if end >= earliest:
        return None
    days = settings.posting_days(ctx.procedure)
    return (
        f"Niêm yết phải đủ {days} ngày làm việc: bắt đầu {format_date(start)} thì kết thúc "
        f"sớm nhất hết ngày {format_date(earliest)}, không phải {format_date(end)}."
    )


@_guard("reposting_scheduled")
def reposting_scheduled(ctx: GuardContext) -> str | None:
    """The re-check result is posted again; its duration is not set by the texts, only its dates are needed."""
    dates = _posting_dates(ctx)
    return dates if isinstance(dates, str) else None


@_guard("complaint_in_time")
def complaint_in_time(ctx: GuardContext) -> str | None:
    received, end = ctx.day("complaint_received_on"), ctx.day("posting_end")
    if received is None:
        return "Chưa ghi ngày nhận khiếu nại."
    if end is None:
        return "Chưa ghi ngày kết thúc niêm yết."
    if received <= end:
        return None
    return f"Khiếu nại nhận ngày {format_date(received)}, sau khi hết thời gian niêm yết ({format_date(end)})."


def _recheck_overdue(ctx: GuardContext) -> str | None:
    started = ctx.day("recheck_started_on")
    if started is None:
        return "Chưa ghi ngày bắt đầu phúc tra (ngày nhận khiếu nại)."
    settings = ctx.settings
    deadline = settings.recheck_deadline(started, ctx.calendar)
    if (ctx.day("recheck_finished_on") or ctx.today) <= deadline:
        return None
    return (
        f"Quá hạn phúc tra: phải xong trong {settings.recheck_working_days} ngày làm việc, "
        f"tức hết ngày {format_date(deadline)}. Ghi lý do chậm để tiếp tục."
    )


@_guard("recheck_in_time")
def recheck_in_time(ctx: GuardContext) -> str | None:
    """Within the re-check limit, or late with a written reason (a late re-check must not strand the case)."""
    reason = _recheck_overdue(ctx)
    if reason is None or ctx.text("late_reason"):
        return None
    return reason


@_guard("posting_over")
def posting_over(ctx: GuardContext) -> str | None:
    end = ctx.day("posting_end")
    if end is None:
        return "Chưa ghi ngày kết thúc niêm yết."
    if ctx.today <= end:
        return f"Chưa hết thời gian niêm yết (đến hết ngày {format_date(end)})."
    open_complaints = ctx.count("open_complaints")
    if open_complaints is None:
        return "Chưa xác nhận tình trạng khiếu nại của hồ sơ."
    if open_complaints > 0:
        return f"Còn {open_complaints} khiếu nại chưa giải quyết."
    return None


@_guard("campaign_settled")
def campaign_settled(ctx: GuardContext) -> str | None:
    unsettled = ctx.count("unsettled_cases")
    if unsettled is None:
        return "Chưa kiểm tra các hồ sơ khác của đợt rà soát."
    if unsettled > 0:
        return f"Còn {unsettled} hồ sơ của đợt chưa kết thúc niêm yết."
    return None


@_guard("upper_review_required")
def upper_review_required(ctx: GuardContext) -> str | None:
    if ctx.settings.upper_review_level != "none":
        return None
    return "Theo cấu hình, đợt rà soát này không xin ý kiến cấp trên: hãy chuyển trình quyết định."


@_guard("upper_review_not_required")
def upper_review_not_required(ctx: GuardContext) -> str | None:
    level = ctx.settings.upper_review_level
    if level == "none":
        return None
    return f"Phải báo cáo, xin ý kiến {UPPER_REVIEW_LEVELS.get(level or '', 'cấp trên')} trước khi trình quyết định."


@_guard("upper_approval_present")
def upper_approval_present(ctx: GuardContext) -> str | None:
    level = ctx.settings.upper_review_level
    if level == "none" or ctx.text("upper_reply_outcome") in UPPER_REPLY_APPROVALS:
        return None
    if ctx.text("upper_reply_outcome") == "recheck_requested":
        return f"Ý kiến {UPPER_REVIEW_LEVELS.get(level or '', 'cấp trên')} là yêu cầu rà soát lại, không phải đồng ý."
    return f"Chưa có ý kiến đồng ý của {UPPER_REVIEW_LEVELS.get(level or '', 'cấp trên')}."


# How the signature on a step's document was established: a digital signature the system verified, or
# a wet-signed and sealed paper original scanned in (documents.md §5.3 d).
SIGNATURE_PROOFS = ("verified", "paper")


@_guard("document_signed")
def document_signed(ctx: GuardContext) -> str | None:
    if ctx.text("signature") in SIGNATURE_PROOFS:
        return None
    return "Văn bản chưa có chữ ký số hợp lệ của người có thẩm quyền."


@_guard("refusal_reasons_given")
def refusal_reasons_given(ctx: GuardContext) -> str | None:
    reasons = ctx.facts.get("refusal_reasons")
    if isinstance(reasons, str):
        given = bool(reasons.strip())
    elif isinstance(reasons, Sequence):
        given = any(isinstance(r, str) and r.strip() for r in reasons)
    elif reasons is None:
        given = False
    else:
        raise FactError(f"fact 'refusal_reasons' must be a str or a list of str, got {type(reasons).__name__}")
    return None if given else "Văn bản không công nhận phải nêu rõ lý do."


@_guard("step_document_issued")
def step_document_issued(ctx: GuardContext) -> str | None:
    if ctx.document is None:
        return None
    documents = ctx.facts.get("documents") or ()
    if isinstance(documents, str) or not isinstance(documents, Collection):
        raise FactError(f"fact 'documents' must be a collection of document kinds, got {type(documents).__name__}")
    if ctx.document in documents:
        return None
    return f"Chưa có {ctx.document_label or ctx.document} trong hồ sơ."


def failed_guards(names: Sequence[str], ctx: GuardContext) -> list[tuple[str, str]]:
    """(guard name, reason) for every guard in `names` that does not pass, in order."""
    failures = []
    for name in names:
        reason = GUARDS[name](ctx)
        if reason is not None:
            failures.append((name, reason))
    return failures


__all__ = [
    "FACT_NAMES",
    "GUARDS",
    "FactError",
    "Facts",
    "GuardContext",
    "ProcedureSettings",
    "SettingsError",
    "consent_reached",
    "failed_guards",
]
