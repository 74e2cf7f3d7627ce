"""Public posting (niêm yết) of review results, complaints during it, re-checks, and its close.

Procedure.md §5 step 4 and §13.2-§13.3. A posting is a batch: one notice for a village or the
whole commune, and the `post` step on every case in it. Nothing here commits: any refusal raises
`PostingError` and the view rolls the whole batch back, so a posting is applied to all of its
cases or to none.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from flask import abort
from flask_babel import gettext as _
from sqlalchemy import func, select

from casework.cases import paperwork, queries
from casework.cases.settings import run_settings, working_calendar
from casework.cases.transitions import apply, latest_survey, role_for_step, roles_in
from casework.documents import context as ctx
from casework.documents import service as documents
from casework.extensions import db
from casework.models import (
    AdminUnit,
    Case,
    CaseEvent,
    CaseType,
    Complaint,
    Household,
    HouseholdStatus,
    Posting,
    Recheck,
    ReviewRun,
    Role,
    RoleAssignment,
    RunKind,
    User,
    Village,
)
from casework.permissions import Permission
from casework.scoping import Scope, household_scope
from workflow.calendar import CalendarError
from workflow.dates import format_date
from workflow.engine import TransitionNotAllowed
from workflow.procedures import PROCEDURES, get_procedure, role_may_fire
from workflow.standards import load_rule_set_by_id

# States a case may be posted from, whatever its procedure (meeting_passed, or surveyed without a meeting).
READY_STATES = tuple(
    sorted({s for p in PROCEDURES.values() for t in p.transitions if t.trigger == "post" for s in t.sources})
)
RUN_PROCEDURES = {
    RunKind.PERIODIC_CAMPAIGN: (CaseType.PERIODIC_REVIEW.value,),
    RunKind.MONTHLY_CYCLE: tuple(t.value for t in CaseType if t is not CaseType.PERIODIC_REVIEW),
}
COMPLAINT_CHANNELS = {
    "in_person": "Trực tiếp",
    "written": "Bằng văn bản",
    "phone": "Qua điện thoại",
    "via_village_head": "Qua trưởng thôn",
}
RECHECK_CLASSES = ("poor", "near_poor", "not_poor", "average_living_standard")
QD24 = (
    "Căn cứ Quyết định số 24/2021/QĐ-TTg ngày 16 tháng 7 năm 2021 của Thủ tướng Chính phủ quy định quy trình rà soát "
    "hộ nghèo, hộ cận nghèo hằng năm và quy trình xác định hộ làm nông nghiệp, lâm nghiệp, ngư nghiệp và diêm nghiệp "
    "có mức sống trung bình giai đoạn 2022 - 2025"
)
STEERING = ("BAN CHỈ ĐẠO RÀ SOÁT", "HỘ NGHÈO, HỘ CẬN NGHÈO")
# Which form field a failed guard's reason belongs next to; the others are shown at the top of the page.
GUARD_FIELDS = {
    "posting_scheduled": "starts_on",
    "complaint_in_time": "received_on",
    "recheck_in_time": "late_reason",
    "reposting_scheduled": "finished_on",
}


class PostingError(ValueError):
    """A step that cannot be taken; `field` is the form field the message goes next to (None: the page)."""

    def __init__(self, message: str, field: str | None = None, status: int = 422) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.status = status


# ---- scoped reads --------------------------------------------------------------------------------


def _scope(user: User) -> Scope:
    return household_scope(user, Permission.HOUSEHOLD_VIEW)


def _reaches(scope: Scope, commune_id: int, village_id: int | None = None) -> bool:
    """The user sees the commune, the given village of it, or (no village given) any village of it."""
    if scope.covers_commune(commune_id):
        return True
    if village_id is not None:
        return village_id in scope.village_ids
    found = select(Village.id).where(Village.commune_id == commune_id, Village.id.in_(scope.village_ids))
    return db.session.execute(found.limit(1)).first() is not None


def get_run(user: User, run_id: int) -> ReviewRun:
    """The run, or 404 when it does not exist or its commune lies outside the user's units."""
    run = db.session.get(ReviewRun, run_id)
    if run is None or not _reaches(_scope(user), run.commune_id):
        abort(404)
    return run


def get_village(user: User, run: ReviewRun, village_id: int | None) -> Village | None:
    """The village of ?village=, which must belong to the run's commune and the user's units (404)."""
    if village_id is None:
        return None
    village = db.session.get(Village, village_id)
    if (
        village is None
        or village.commune_id != run.commune_id
        or not _reaches(_scope(user), run.commune_id, village.id)
    ):
        abort(404)
    return village


def get_posting(user: User, posting_id: int) -> Posting:
    posting = db.session.get(Posting, posting_id)
    if posting is None:
        abort(404)
    run = db.session.get(ReviewRun, posting.run_id)
    if run is None or not _reaches(_scope(user), run.commune_id, posting.village_id):
        abort(404)
    return posting


def ready_cases(user: User, run: ReviewRun, village: Village | None) -> list[Case]:
    """Cases of the run in the user's units waiting for the posting step, by village and head's name."""
    query = queries.cases_in_scope(user, *READY_STATES, run=run)
    if village is not None:
        query = query.where(Household.village_id == village.id)
    rows = db.session.execute(query.order_by(Household.village_id, Household.head_sort_key, Case.id)).scalars()
    return [case for case in rows if get_procedure(case.case_type).transition(case.state, "post") is not None]


def _may(user: User, villages: Iterable[Village], procedures: Iterable[str], trigger: str) -> bool:
    procedures = tuple(procedures)
    return any(
        role_may_fire(role.value, procedure, trigger)
        for village in villages
        for role in roles_in(user, village)
        for procedure in procedures
    )


def may_post(user: User, run: ReviewRun, village: Village | None) -> bool:
    villages = (
        [village]
        if village
        else db.session.execute(
            select(Village).where(Village.commune_id == run.commune_id, Village.effective_to.is_(None))
        ).scalars()
    )
    return _may(user, villages, RUN_PROCEDURES[run.kind], "post")


def may(user: User, posting: Posting, trigger: str) -> bool:
    """Whether the user holds a role that may take `trigger` for some case of the posting."""
    cases = list(posting.cases)
    villages = {case.household.village.id: case.household.village for case in cases}.values()
    return _may(user, villages, {case.case_type.value for case in cases}, trigger)


def may_act(user: User, case: Case, trigger: str) -> bool:
    return _may(user, [case.household.village], [case.case_type.value], trigger)


@dataclass(frozen=True)
class PostingRow:
    case: Case
    head_name: str
    village: str
    classification: str
    ends_on: dt.date | None
    complaint: Complaint | None


def rows(user: User, posting: Posting) -> list[PostingRow]:
    """The posting's cases the user may see, with each case's own posting end (a re-check re-posts it)."""
    scope = _scope(user)
    return [
        PostingRow(
            case=case,
            head_name=head_name(case),
            village=case.household.village.name,
            classification=case.provisional_class or "",
            ends_on=posting_end_of(case),
            complaint=open_complaint(case),
        )
        for case in posting.cases
        if scope.covers_village(case.household.village)
    ]


def head_name(case: Case) -> str:
    head = case.household.head
    return head.full_name if head else ""


def posting_end_of(case: Case) -> dt.date | None:
    """The end of the case's current posting: the last `post` or `finish_recheck` event says it."""
    event = db.session.execute(
        select(CaseEvent)
        .where(CaseEvent.case_id == case.id, CaseEvent.trigger.in_(("post", "finish_recheck")))
        .order_by(CaseEvent.id.desc())
        .limit(1)
    ).scalar_one_or_none()
    if event is not None and event.facts.get("posting_end"):
        return dt.date.fromisoformat(event.facts["posting_end"])
    return case.postings[-1].ends_on if case.postings else None


def open_complaint(case: Case) -> Complaint | None:
    return (
        db.session.execute(
            select(Complaint)
            .where(Complaint.case_id == case.id, Complaint.status == "open")
            .order_by(Complaint.id.desc())
        )
        .scalars()
        .first()
    )


def _open_complaints(case: Case) -> int:
    return db.session.execute(
        select(func.count(Complaint.id)).where(Complaint.case_id == case.id, Complaint.status == "open")
    ).scalar_one()


def posting_facts(case: Case) -> dict[str, object]:
    """What the posting guards read about a case, for pages that list its next steps and why not."""
    end = posting_end_of(case)
    return {"open_complaints": _open_complaints(case), **({"posting_end": end} if end else {})}


# ---- dates -----------------------------------------------------------------------------------------


def posting_end(run: ReviewRun, procedure: str, start: dt.date, field: str = "starts_on") -> dt.date:
    """The last day of a posting starting on `start`, by the run's settings and the working-day calendar."""
    try:
        return run_settings(run).posting_end(procedure, start, working_calendar())
    except CalendarError as error:
        raise PostingError(str(error), field) from None


def reposting_dates(case: Case, finished_on: dt.date) -> tuple[dt.date, dt.date]:
    """The re-check result is posted from the finish day (or the next working day) for the usual period."""
    try:
        start = working_calendar().roll_forward(finished_on)
    except CalendarError as error:
        raise PostingError(str(error), "finished_on") from None
    return start, posting_end(case.run, case.case_type.value, start, "finished_on")


def recheck_deadline(run: ReviewRun, received_on: dt.date, field: str = "received_on") -> dt.date:
    try:
        return run_settings(run).recheck_deadline(received_on, working_calendar())
    except CalendarError as error:
        raise PostingError(str(error), field) from None


def _refusal(case: Case, error: TransitionNotAllowed) -> PostingError:
    """The engine's reason, naming the household, next to the field the failed guard reads."""
    field = next((GUARD_FIELDS[g] for g in error.guards if g in GUARD_FIELDS), None)
    message = _(
        "Hộ %(name)s (%(village)s): %(reason)s",
        name=head_name(case),
        village=case.household.village.name,
        reason=error.reason,
    )
    return PostingError(message, field, status=409)


# ---- 1. open a posting -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PostingPlan:
    """A checked posting, shown to the user with its computed end before they confirm it."""

    run: ReviewRun
    village: Village | None
    cases: tuple[Case, ...]
    places: tuple[str, ...]
    starts_on: dt.date
    ends_on: dt.date
    notice_number: int | None

    @property
    def procedure(self) -> str:
        return self.cases[0].case_type.value

    @property
    def working_days(self) -> int:
        return run_settings(self.run).posting_days(self.procedure)


def default_places(run: ReviewRun, village: Village | None) -> str:
    commune = db.session.get_one(AdminUnit, run.commune_id)
    where = f"{village.name[:1].lower()}{village.name[1:]}" if village else "các thôn"
    return f"Nhà văn hóa {where}; Trụ sở UBND {commune.name[:1].lower()}{commune.name[1:]}"


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
) -> PostingPlan:
    wanted = set(case_ids)
    chosen = tuple(case for case in ready if case.id in wanted)
    if wanted - {case.id for case in chosen}:
        raise PostingError(_("Có hộ đã chọn không còn chờ niêm yết. Hãy tải lại trang và chọn lại."), "case_ids")
    if not chosen:
        raise PostingError(_("Chọn ít nhất một hộ để niêm yết."), "case_ids")
    if len({case.case_type for case in chosen}) > 1:
        raise PostingError(
            _("Mỗi thông báo chỉ niêm yết hồ sơ của một thủ tục (thời gian niêm yết khác nhau). Hãy chọn lại."),
            "case_ids",
        )
    unclassified = [head_name(c) for c in chosen if c.provisional_class in (None, "", "undetermined")]
    if unclassified:
        raise PostingError(_("Chưa có kết quả phân loại: %(names)s.", names=", ".join(unclassified)), "case_ids")
    place_list = split_places(places)
    if not place_list:
        raise PostingError(_("Ghi ít nhất một địa điểm niêm yết."), "places")
    ends_on = posting_end(run, chosen[0].case_type.value, starts_on)
    return PostingPlan(run, village, chosen, place_list, starts_on, ends_on, notice_number)


def notice_context(plan: PostingPlan, today: dt.date) -> ctx.Context:
    """The notice as it will be issued: a job renders it before `open_posting` writes anything."""
    return _notice_context(plan, today)


def open_posting(
    plan: PostingPlan, actor: User, today: dt.date, rendered: tuple[ctx.Context, bytes] | None = None
) -> Posting:
    """Issue the notice, record the posting and post every case; a refused case raises (roll back).

    `rendered` is the notice's context and PDF when a job rendered them beforehand.
    """
    roles: dict[int, Role] = {}
    for case in plan.cases:  # one role check per village, not per case
        village = case.household.village
        if village.id not in roles:
            roles[village.id] = role_for_step(actor, village, plan.procedure, "post")
    number = f"{ctx.padded_number(plan.notice_number)}/TB-UBND" if plan.notice_number else None
    context, pdf = rendered if rendered else (_notice_context(plan, today), None)
    notice = documents.issue(
        "posting_notice",
        context,
        actor=actor,
        commune_id=plan.run.commune_id,
        document_number=number,
        issued_on=today if number else None,
        pdf=pdf,
    )
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
                posting_start=plan.starts_on,
                posting_end=plan.ends_on,
            )
        except TransitionNotAllowed as error:
            raise _refusal(case, error) from None
    return posting


def period_label(run: ReviewRun) -> str:
    if run.period_month:
        return f"tháng {run.period_month} năm {run.period_year}"
    return f"năm {run.period_year}"


def public_class(case: Case) -> str:
    """The class the public list shows: a household leaving the list is shown as exiting it."""
    current = case.provisional_class or "undetermined"
    if current in ("poor", "near_poor"):
        return current
    previous = db.session.execute(
        select(HouseholdStatus.household_class)
        .where(HouseholdStatus.household_id == case.household_id, HouseholdStatus.year <= case.run.period_year)
        .order_by(HouseholdStatus.year.desc())
        .limit(1)
    ).scalar_one_or_none()
    return f"exited_{previous}" if previous in ("poor", "near_poor") else current


def _village_in_text(case: Case) -> str:
    """The records print "thôn {village}": drop the name's own "Thôn " so it is not said twice."""
    name = case.household.village.name
    return name[5:] if name.lower().startswith("thôn ") else name


def _row(case: Case) -> ctx.HouseholdRow:
    household = case.household
    return ctx.HouseholdRow(head_name(case), household.village.name, public_class(case), len(household.members))


def _signer(commune: AdminUnit, block: str) -> ctx.Signer:
    """The commune's chairman (or vice-chairman when the settings sign KT. CHỦ TỊCH); blank when unknown."""
    role = Role.VICE_CHAIRMAN if block == "kt_chairman" else Role.COMMUNE_CHAIRMAN
    user = db.session.execute(
        select(User)
        .join(RoleAssignment)
        .where(RoleAssignment.role == role, RoleAssignment.unit_id == commune.id)
        .order_by(User.id)
        .limit(1)
    ).scalar_one_or_none()
    return ctx.Signer(paperwork.signer_name(user), block=block)


def _notice_context(plan: PostingPlan, today: dt.date) -> ctx.Context:
    commune = db.session.get_one(AdminUnit, plan.run.commune_id)
    name, kind = paperwork.short_name(commune), paperwork.commune_kind(commune)
    settings = run_settings(plan.run)
    households = [_row(case) for case in plan.cases]
    extra = sorted({row.classification for row in households} - set(ctx.DECISION_CLASSES))
    bases = [QD24]
    if get_procedure(plan.procedure).transition("surveyed", "pass_meeting"):
        bases.append("Căn cứ biên bản họp dân thống nhất kết quả rà soát")
    issue = ctx.Issue(
        paperwork.agency(commune),
        symbol="TB-UBND",
        number=plan.notice_number,
        issued_on=today if plan.notice_number else None,
        draft=plan.notice_number is None,  # never invent a number: without one from the register it is a draft
        verification=paperwork.new_verification(),
    )
    return ctx.posting_notice(
        issue,
        period_label=period_label(plan.run),
        commune=name,
        legal_bases=bases,
        counts=ctx.counts_from_rows(households, (*ctx.DECISION_CLASSES, *extra)),
        households=households,
        places=plan.places,
        posting_start=plan.starts_on,
        posting_end=plan.ends_on,
        working_days=plan.working_days,
        complaint_contact=f"Ban Chỉ đạo rà soát hộ nghèo, hộ cận nghèo {kind} {name} (Ủy ban nhân dân {kind} {name})",
        signer=_signer(commune, settings.signature_block),
        recipients=(
            plan.village.name if plan.village else f"Các thôn trên địa bàn {kind}",
            f"Ủy ban MTTQ Việt Nam {kind}",
            f"Ban Chỉ đạo rà soát {kind}",
        ),
        archive="VT",
        commune_kind=kind,
    )


def _steering_issue(commune: AdminUnit, issued_on: dt.date) -> ctx.Issue:
    return ctx.Issue(
        ctx.AgencyHeader.commune_unit(
            paperwork.short_name(commune), STEERING, kind=paperwork.commune_kind(commune).upper()
        ),
        issued_on=issued_on,
        verification=paperwork.new_verification(),
    )


# ---- 2. complaints and re-checks ------------------------------------------------------------------------


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


def complaint_code(complaint: Complaint) -> str:
    return f"KN-{complaint.received_on.year}-{complaint.id:03d}"


def _complaint_context(
    case: Case, complaint: Complaint, data: ComplaintData, deadline: dt.date, actor: User
) -> ctx.Context:
    return ctx.complaint_record(
        _steering_issue(db.session.get_one(AdminUnit, case.run.commune_id), data.received_on),
        period_label=period_label(case.run),
        complaint_id=complaint_code(complaint),
        received_on=data.received_on,
        received_time=data.received_time,
        channel=COMPLAINT_CHANNELS[data.channel],
        complainant=data.complainant,
        complainant_contact=data.contact,
        household=ctx.HouseholdRow(head_name(case), _village_in_text(case), public_class(case)),
        complaint_type=data.kind,
        content=data.content,
        recheck_deadline=deadline,
        receiver=actor.full_name,
    )


def file_complaint(posting: Posting, data: ComplaintData, actor: User, today: dt.date) -> Complaint:
    """Record the complaint and its record, and move the case to re-check; refused after the posting ends."""
    case = next((c for c in posting.cases if c.id == data.case_id), None)
    if case is None:
        raise PostingError(_("Hộ này không có trong đợt niêm yết."), "case_id")
    if data.received_on < posting.starts_on:
        raise PostingError(
            _("Ngày nhận trước ngày bắt đầu niêm yết (%(d)s).", d=format_date(posting.starts_on)), "received_on"
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
    context = _complaint_context(case, complaint, data, deadline, actor)
    record = documents.issue("complaint_record", context, actor=actor, case_id=case.id, issued_on=data.received_on)
    complaint.document_id = record.id
    try:
        event = apply(
            case,
            "file_complaint",
            actor=actor,
            documents=[record],
            today=today,
            complaint_received_on=data.received_on,
            posting_end=posting_end_of(case),
        )
    except TransitionNotAllowed as error:
        raise _refusal(case, error) from None
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
    """The class after the re-check, or PostingError for dates and classes that do not fit together."""
    if data.started_on < complaint.received_on:
        raise PostingError(
            _("Phúc tra không thể bắt đầu trước ngày nhận khiếu nại (%(d)s).", d=format_date(complaint.received_on)),
            "started_on",
        )
    if data.finished_on < data.started_on:
        raise PostingError(_("Ngày kết thúc phúc tra không thể trước ngày bắt đầu."), "finished_on")
    old = case.provisional_class or ""
    if data.conclusion == "class_changed" and (not data.new_class or data.new_class == old):
        raise PostingError(_("Chọn loại hộ sau phúc tra, khác loại hộ đang niêm yết."), "new_class")
    if data.conclusion == "rejected" and data.new_class and data.new_class != old:
        raise PostingError(_("Giữ nguyên kết quả rà soát thì không đổi loại hộ."), "new_class")
    return data.new_class or old


def _values(case: Case, classification: str) -> ctx.RecheckValues:
    """B1, B2 and deprivations of the survey the posted result came from."""
    survey = latest_survey(case)
    if survey is None:
        return ctx.RecheckValues(None, None, (), classification)
    labels: dict[str, str] = {}
    if survey.rule_set_id:
        try:
            labels = {i.id: i.label for i in load_rule_set_by_id(survey.rule_set_id).indicators}
        except LookupError:
            labels = {}  # a local rule set: print the indicator ids rather than nothing
    deprived = tuple(labels.get(code, code) for code in survey.deprived_indicators or ())
    return ctx.RecheckValues(survey.score_b1, survey.score_b2, deprived, classification)


def _recheck_context(case: Case, complaint: Complaint, data: RecheckData, new_class: str) -> ctx.Context:
    old = case.provisional_class or "undetermined"
    before = _values(case, old)
    # No new survey is taken here: a changed class leaves the new scores for the team to write in.
    after = before if new_class == old else ctx.RecheckValues(None, None, (), new_class)
    return ctx.recheck_record(
        _steering_issue(db.session.get_one(AdminUnit, case.run.commune_id), data.finished_on),
        period_label=period_label(case.run),
        complaint_id=complaint_code(complaint),
        household=ctx.HouseholdRow(head_name(case), _village_in_text(case), new_class),
        team=data.team,
        dates=sorted({data.started_on, data.finished_on}),
        method="Phúc tra trực tiếp tại hộ gia đình bằng phương pháp, công cụ rà soát đã áp dụng",
        before=before,
        after=after,
        conclusion=data.conclusion,
        conclusion_text=data.notes,
    )


def record_recheck(case: Case, data: RecheckData, actor: User, today: dt.date) -> Recheck:
    """Issue the re-check record, resolve the complaint and post the result again with new dates."""
    complaint = open_complaint(case)
    if complaint is None or case.state != "under_recheck":
        raise PostingError(_("Hồ sơ không có khiếu nại đang chờ phúc tra."), status=409)
    new_class = _check_recheck(case, complaint, data)
    team = "; ".join(f"{name}, {position}" if position else name for name, position in data.team)
    if len(team) > 300:  # the column's size
        raise PostingError(_("Danh sách tổ phúc tra quá dài (tối đa 300 ký tự)."), "team")
    start, end = reposting_dates(case, data.finished_on)
    context = _recheck_context(case, complaint, data, new_class)
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
            recheck_started_on=complaint.received_on,
            posting_start=start,
            posting_end=end,
            **late,
        )
    except TransitionNotAllowed as error:
        raise _refusal(case, error) from None
    case.provisional_class = new_class
    return recheck


# ---- 3. close ------------------------------------------------------------------------------------------------


def close_posting(posting: Posting, actor: User, today: dt.date) -> list[CaseEvent]:
    """Close the posting for every case still in it; one case not ready refuses the whole close."""
    # A case posted again later (after an upper-level re-check) belongs to its newer posting.
    current = [c for c in posting.cases if c.state in ("posted", "under_recheck") and c.postings[-1].id == posting.id]
    if not current:
        raise PostingError(_("Không còn hộ nào đang niêm yết trong đợt này."), status=409)
    roles: dict[tuple[int, str], Role] = {}
    events = []
    for case in current:
        key = (case.household.village.id, case.case_type.value)
        if key not in roles:
            roles[key] = role_for_step(actor, case.household.village, key[1], "close_posting")
        try:
            events.append(
                apply(
                    case,
                    "close_posting",
                    actor=actor,
                    today=today,
                    role=roles[key],
                    posting_end=posting_end_of(case),
                    open_complaints=_open_complaints(case),
                )
            )
        except TransitionNotAllowed as error:
            raise _refusal(case, error) from None
    posting.closed_on = today
    return events
