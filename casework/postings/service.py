"""Public posting (niêm yết) of review results, complaints during it, re-checks, and its close.

Procedure.md §5 step 4 and §13.2-§13.3. A posting is a batch: one notice for a village or the
whole commune, and the `post` step on every case in it. Nothing here commits: any refusal raises
`Refused` and the view rolls the whole batch back, so a posting is applied to all of its cases or
to none.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from flask_babel import gettext as _

from casework import clock, permissions
from casework.cases import queries as case_queries
from casework.cases.step_dates import StepDate
from casework.cases.transitions import apply
from casework.cycles.settings import run_settings, working_calendar
from casework.documents import service as documents
from casework.documents.context.values import Context
from casework.errors import Refused
from casework.extensions import db
from casework.models import Case, CaseEvent, Complaint, Posting, Recheck, ReviewRun, Role, User, Village
from casework.postings import documents as posting_documents
from casework.postings import queries
from casework.postings.policy import refusal
from casework.postings.queries import head_name
from casework.register import service as register
from casework.register.service import Series, number_text
from workflow.calendar import CalendarError
from workflow.dates import format_date
from workflow.engine import TransitionNotAllowed
from workflow.step_dates import earliest_on_time, not_before

log = logging.getLogger(__name__)

NOTICE_SYMBOL = "TB-UBND"
RECHECK_CLASSES = ("poor", "near_poor", "not_poor", "average_living_standard")


def posting_end(run: ReviewRun, procedure: str, start: dt.date, field: str = "starts_on") -> dt.date:
    """The last day of a posting starting on `start`, by the run's settings and the working-day calendar."""
    try:
        return run_settings(run).posting_end(procedure, start, working_calendar())
    except CalendarError as error:
        raise Refused(str(error), field) from None


def reposting_dates(case: Case, finished_on: dt.date) -> tuple[dt.date, dt.date]:
    """The re-check result is posted from the finish day (or the next working day) for the usual period."""
    try:
        start = working_calendar().roll_forward(finished_on)
    except CalendarError as error:
        raise Refused(str(error), "finished_on") from None
    return start, posting_end(case.run, case.case_type.value, start, "finished_on")


def recheck_deadline(run: ReviewRun, received_on: dt.date, field: str = "received_on") -> dt.date:
    try:
        return run_settings(run).recheck_deadline(received_on, working_calendar())
    except CalendarError as error:
        raise Refused(str(error), field) from None


@dataclass(frozen=True)
class PostingPlan:
    """A checked posting, shown to the user with its computed end before they confirm it."""

    run: ReviewRun
    village: Village | None
    cases: tuple[Case, ...]
    places: tuple[str, ...]
    starts_on: dt.date
    ends_on: dt.date
    notice_number: int | None  # from the register: entered, or its next number (never None once planned)
    number_warning: str | None = None  # a number past the register's next one leaves a gap

    @property
    def number_text(self) -> str:
        return number_text(self.notice_number, NOTICE_SYMBOL) if self.notice_number else ""

    @property
    def procedure(self) -> str:
        return self.cases[0].case_type.value

    @property
    def working_days(self) -> int:
        return run_settings(self.run).posting_days(self.procedure)


def notice_series(run: ReviewRun, today: dt.date) -> Series:
    """The register series the posting notice (TB-UBND) takes its number from; issued today."""
    return Series.of(run.commune, NOTICE_SYMBOL, today)


def split_places(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.replace("\n", ";").split(";") if part.strip())


def plan_posting(
    run: ReviewRun,
    village: Village | None,
    ready: Sequence[Case],
    case_ids: Iterable[int],
    places: str,
    starts_on: dt.date,
    notice_number: int | None = None,
    *,
    today: dt.date | None = None,
) -> PostingPlan:
    wanted = set(case_ids)
    chosen = tuple(case for case in ready if case.id in wanted)
    if wanted - {case.id for case in chosen}:
        raise Refused(_("Có hộ đã chọn không còn chờ niêm yết. Hãy tải lại trang và chọn lại."), "case_ids")
    if not chosen:
        raise Refused(_("Chọn ít nhất một hộ để niêm yết."), "case_ids")
    if len({case.case_type for case in chosen}) > 1:
        raise Refused(
            _("Mỗi thông báo chỉ niêm yết hồ sơ của một thủ tục (thời gian niêm yết khác nhau). Hãy chọn lại."),
            "case_ids",
        )
    unclassified = [head_name(c) for c in chosen if c.provisional_class in (None, "", "undetermined")]
    if unclassified:
        raise Refused(_("Chưa có kết quả phân loại: %(names)s.", names=", ".join(unclassified)), "case_ids")
    place_list = split_places(places)
    if not place_list:
        raise Refused(_("Ghi ít nhất một địa điểm niêm yết."), "places")
    today = today or clock.today()
    _check_start(run, chosen, starts_on, today)
    ends_on = posting_end(run, chosen[0].case_type.value, starts_on)
    series = notice_series(run, today)
    number = series.resolve(notice_number, "notice_number")
    warning = series.gap_warning(number)
    return PostingPlan(run, village, chosen, place_list, starts_on, ends_on, number, warning)


def _check_start(run: ReviewRun, cases: Sequence[Case], starts_on: dt.date, today: dt.date) -> None:
    """A posting starts after the meeting that passed its households, and not before it is recorded
    (less the grace): the notice cannot have been on the board before it existed."""
    if starts_on > today:
        raise Refused(_("Ngày bắt đầu niêm yết không được ở tương lai."), "starts_on")
    meeting = not_before(starts_on, queries.passed_meeting_days(cases))
    if meeting is not None:
        raise Refused(
            _(
                "Ngày bắt đầu niêm yết (%(d)s) trước ngày họp dân đã thông qua các hộ này (%(m)s).",
                d=format_date(starts_on),
                m=format_date(meeting),
            ),
            "starts_on",
        )
    earliest = earliest_on_time(today, run_settings(run).late_entry_grace_days, working_calendar())
    if starts_on < earliest:
        raise Refused(
            _(
                "Ngày bắt đầu niêm yết (%(d)s) trước ngày ghi nhận thông báo: sớm nhất là ngày %(e)s.",
                d=format_date(starts_on),
                e=format_date(earliest),
            ),
            "starts_on",
        )


def open_posting(
    plan: PostingPlan, actor: User, today: dt.date, rendered: tuple[Context, bytes] | None = None
) -> Posting:
    """Issue the notice, record the posting and post every case; a refused case raises (roll back).

    `rendered` is the notice's context and PDF when a job rendered them beforehand.
    """
    roles: dict[int, Role] = {}
    for case in plan.cases:  # one role check per village, not per case
        village = case.household.village
        if village.id not in roles:
            roles[village.id] = permissions.require_step(actor, village, plan.procedure, "post")
    # A notice without a number from the register is a draft: it never moves a case.
    number = register.require(plan.notice_number, "notice_number")
    context, pdf = rendered if rendered else (posting_documents.notice_context(plan, today), None)
    notice = documents.issue(
        "posting_notice",
        context,
        actor=actor,
        commune_id=plan.run.commune_id,
        document_number=number_text(number, NOTICE_SYMBOL),
        issued_on=today,
        pdf=pdf,
    )
    notice_series(plan.run, today).take(number, issued_on=today, document=notice, actor=actor, field="notice_number")
    posting = Posting(
        run_id=plan.run.id,
        village_id=plan.village.id if plan.village else None,
        places="\n".join(plan.places),
        starts_on=plan.starts_on,
        ends_on=plan.ends_on,
        document_id=notice.id,
        created_by_id=actor.id,
    )
    posting.cases = list(plan.cases)
    db.session.add(posting)
    for case in plan.cases:
        try:
            apply(
                case,
                "post",
                actor=actor,
                documents=[notice],
                today=today,
                role=roles[case.household.village.id],
                step_date=StepDate(plan.starts_on, "starts_on"),
                posting_start=plan.starts_on,
                posting_end=plan.ends_on,
            )
        except TransitionNotAllowed as error:
            raise refusal(case, error) from None
    return posting


@dataclass(frozen=True)
class ComplaintData:
    case_id: int
    received_on: dt.date
    received_time: dt.time
    channel: str
    complainant: str | None  # None: not disclosed, to protect the complainant
    contact: str
    kind: str
    content: str
    late_reason: str = ""


def file_complaint(posting: Posting, data: ComplaintData, actor: User, today: dt.date) -> Complaint:
    """Record the complaint and its record, and move the case to re-check; refused after the posting ends."""
    case = next((c for c in posting.cases if c.id == data.case_id), None)
    if case is None:
        raise Refused(_("Hộ này không có trong đợt niêm yết."), "case_id")
    if data.received_on < posting.starts_on:
        raise Refused(
            _("Ngày nhận trước ngày bắt đầu niêm yết (%(d)s).", d=format_date(posting.starts_on)), "received_on"
        )
    posting_ends = case_queries.posting_end_of(case) or posting.ends_on
    if data.received_on > posting_ends:
        raise Refused(
            _(
                "Khiếu nại nhận ngày %(r)s, sau khi hết thời gian niêm yết (%(d)s).",
                r=format_date(data.received_on),
                d=format_date(posting_ends),
            ),
            "received_on",
            status=409,
        )
    deadline = recheck_deadline(case.run, data.received_on)
    complaint = Complaint(
        posting=posting,
        case_id=case.id,
        received_on=data.received_on,
        channel=data.channel,
        complainant=data.complainant or "",
        kind=data.kind,
        content=data.content,
        status="open",
    )
    db.session.add(complaint)
    db.session.flush()  # the record prints the complaint's number
    context = posting_documents.complaint_context(case, complaint, data, deadline, actor)
    record = documents.issue("complaint_record", context, actor=actor, case_id=case.id, issued_on=data.received_on)
    complaint.document_id = record.id
    try:
        event = apply(
            case,
            "file_complaint",
            actor=actor,
            documents=[record],
            today=today,
            step_date=StepDate(data.received_on, "received_on", data.late_reason),
            complaint_received_on=data.received_on,
            posting_end=posting_ends,
        )
    except TransitionNotAllowed as error:
        raise refusal(case, error) from None
    # Set before anything flushes the event: events are append-only once written.
    event.facts = {**event.facts, "complaint_id": complaint.id}
    return complaint


@dataclass(frozen=True)
class RecheckData:
    team: tuple[tuple[str, str], ...]  # (name, position); the first leads the team
    started_on: dt.date
    finished_on: dt.date
    conclusion: str
    new_class: str | None
    notes: str
    late_reason: str = ""


def _check_recheck(case: Case, complaint: Complaint, data: RecheckData) -> str:
    """The class after the re-check, or Refused for dates and classes that do not fit together."""
    if data.started_on < complaint.received_on:
        raise Refused(
            _("Phúc tra không thể bắt đầu trước ngày nhận khiếu nại (%(d)s).", d=format_date(complaint.received_on)),
            "started_on",
        )
    if data.finished_on < data.started_on:
        raise Refused(_("Ngày kết thúc phúc tra không thể trước ngày bắt đầu."), "finished_on")
    old = case.provisional_class or ""
    if data.conclusion == "class_changed" and (not data.new_class or data.new_class == old):
        raise Refused(_("Chọn loại hộ sau phúc tra, khác loại hộ đang niêm yết."), "new_class")
    if data.conclusion == "rejected" and data.new_class and data.new_class != old:
        raise Refused(_("Giữ nguyên kết quả rà soát thì không đổi loại hộ."), "new_class")
    return data.new_class or old


def record_recheck(case: Case, data: RecheckData, actor: User, today: dt.date) -> Recheck:
    """Issue the re-check record, resolve the complaint and post the result again with new dates."""
    complaint = case_queries.open_complaint(case)
    if complaint is None or case.state != "under_recheck":
        raise Refused(_("Hồ sơ không có khiếu nại đang chờ phúc tra."), status=409)
    new_class = _check_recheck(case, complaint, data)
    team = "; ".join(f"{name}, {position}" if position else name for name, position in data.team)
    if len(team) > 300:  # the column's size
        raise Refused(_("Danh sách tổ phúc tra quá dài (tối đa 300 ký tự)."), "team")
    start, end = reposting_dates(case, data.finished_on)
    context = posting_documents.recheck_context(case, complaint, data, new_class)
    record = documents.issue("recheck_record", context, actor=actor, case_id=case.id, issued_on=data.finished_on)
    recheck = Recheck(
        complaint=complaint,
        started_on=data.started_on,
        finished_on=data.finished_on,
        team=team,
        old_class=case.provisional_class,
        new_class=new_class,
        conclusion=data.conclusion,
        notes=data.notes,
        document_id=record.id,
    )
    db.session.add(recheck)
    complaint.status = "resolved"
    late = {"late_reason": data.late_reason} if data.late_reason else {}
    try:
        apply(
            case,
            "finish_recheck",
            actor=actor,
            documents=[record],
            today=today,
            step_date=StepDate(data.finished_on, "finished_on", data.late_reason),
            recheck_started_on=complaint.received_on,
            recheck_finished_on=data.finished_on,
            posting_start=start,
            posting_end=end,
            **late,
        )
    except TransitionNotAllowed as error:
        raise refusal(case, error) from None
    case.provisional_class = new_class
    return recheck


def _current_cases(posting: Posting) -> list[Case]:
    # A case posted again later (after an upper-level re-check) belongs to its newer posting.
    return [c for c in posting.cases if c.state in ("posted", "under_recheck") and c.postings[-1].id == posting.id]


def last_posting_day(posting: Posting) -> dt.date:
    """The posting's last day: its own end, a re-posted case's later end, or a later end the working
    calendar gives now (a holiday added by the commune within the period lengthens it)."""
    ends = [posting.ends_on, *(case_queries.posting_end_of(case) for case in _current_cases(posting))]
    if posting.cases:
        try:
            first = posting.cases[0]
            ends.append(posting_end(first.run, first.case_type.value, posting.starts_on))
        except Refused as refused:
            # A calendar that cannot count (a year without holiday data) keeps the end computed when the
            # posting opened; the administrator is told, the commune is not blocked.
            log.warning("posting %s: end not recomputed: %s", posting.id, refused.message)
    return max(day for day in ends if day is not None)


def closes_from(posting: Posting) -> dt.date:
    """The first day the posting may close: its whole period has passed."""
    return last_posting_day(posting) + dt.timedelta(days=1)


def close_posting(posting: Posting, actor: User, today: dt.date) -> list[CaseEvent]:
    """Close the posting for every case still in it; one case not ready refuses the whole close."""
    current = _current_cases(posting)
    if not current:
        raise Refused(_("Không còn hộ nào đang niêm yết trong đợt này."), status=409)
    last_day = last_posting_day(posting)
    if today <= last_day:
        raise Refused(
            _(
                "Chưa hết thời gian niêm yết (đến hết ngày %(d)s). Kết thúc được từ ngày %(n)s.",
                d=format_date(last_day),
                n=format_date(last_day + dt.timedelta(days=1)),
            ),
            status=409,
        )
    roles: dict[tuple[int, str], Role] = {}
    events = []
    for case in current:
        key = (case.household.village.id, case.case_type.value)
        if key not in roles:
            roles[key] = permissions.require_step(actor, case.household.village, key[1], "close_posting")
        try:
            events.append(
                apply(
                    case,
                    "close_posting",
                    actor=actor,
                    today=today,
                    role=roles[key],
                    posting_end=case_queries.posting_end_of(case),
                    open_complaints=case_queries.open_complaints(case),
                )
            )
        except TransitionNotAllowed as error:
            raise refusal(case, error) from None
    posting.closed_on = today
    return events
