"""The upper level's opinion on a periodic campaign (procedure.md §5 step 5).

The commune chairman sends one report for the campaign's cases whose posting has closed; the
district (legacy) or province replies: it agrees, or asks for named households to be re-checked,
which sends them back to survey while the others wait for a later reply. The upper-level official
records the reply here (the letter is issued in the official format, signed later); where the
upper level is not on the system, commune staff record the letter they received as a PDF.

All or nothing: every case moves with the report or the reply, or none does (the view commits once).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from dataclasses import dataclass, field

from flask import abort
from flask_babel import gettext as _
from sqlalchemy import exists, func, select

from casework.cases import paperwork, surveying, transitions
from casework.cases.decisions import CHAIRMAN_BLOCKS, decided_class, decision_lists
from casework.cases.settings import run_settings
from casework.documents import context as ctx
from casework.documents import service as documents
from casework.documents.render import render
from casework.extensions import db
from casework.models import (
    AdminUnit,
    Case,
    Document,
    Household,
    Member,
    ReviewRun,
    Role,
    RunKind,
    UnitLevel,
    UnitSuccession,
    UpperReview,
    User,
    Village,
)
from casework.models.signing import SigningRequest
from casework.permissions import Permission
from casework.scoping import assignment_covers_village, household_scope
from casework.signing import service as signing
from casework.signing import sign as signing_pdf
from workflow.engine import TransitionNotAllowed
from workflow.guards import GuardContext, upper_review_required
from workflow.procedures import role_may_fire
from workflow.procedures.settings import ProcedureSettings

PROCEDURE = "periodic_review"
# Cases that no longer hold the report back: posting over, already with the upper level or past it,
# or finished. Cases already in upper_review count as settled, or a second report (after a re-check)
# could never be sent while the other households wait for the reply.
SETTLED_STATES = ("posting_closed", "upper_review", "ready_for_decision", "recognised", "not_recognised", "withdrawn")
LEVEL_UNITS = {"district": UnitLevel.DISTRICT, "province": UnitLevel.PROVINCE}
OUTCOMES = ("agreed", "agreed_with_changes", "recheck_requested")
REPLY_TRIGGERS = ("record_upper_reply", "request_recheck")
PDF_MAGIC = b"%PDF-"


class UpperRefused(Exception):
    """A step that cannot be taken; `field` names the form field the message belongs to (None: the page)."""

    def __init__(self, field: str | None, message: str, status: int = 422) -> None:
        super().__init__(message)
        self.field = field
        self.message = message
        self.status = status


@dataclass(frozen=True)
class Register:
    """Number and symbol from the issuing agency's register (documents.md §4: never invented here)."""

    number: int
    symbol: str

    @property
    def text(self) -> str:
        return f"{ctx.padded_number(self.number)}/{self.symbol}"


@dataclass(frozen=True)
class Entry:
    """One household of the report as the pages and documents show it: no ID numbers."""

    case: Case
    head_name: str
    village: str
    listed_as: str  # poor / near_poor / exited_poor / exited_near_poor / not_poor ...
    persons: int

    def row(self) -> ctx.HouseholdRow:
        return ctx.HouseholdRow(self.head_name, self.village, self.listed_as, member_count=self.persons)


@dataclass
class ReceivedReply:
    """A reply letter received on paper or by e-mail, recorded by commune staff."""

    replied_on: dt.date
    sender: str
    outcome: str
    pdf: bytes
    filename: str = ""
    document_number: str = ""
    note: str = ""
    case_ids: list[int] = field(default_factory=list)


# ---- reads --------------------------------------------------------------------------------------


def get_run(user: User, run_id: int) -> ReviewRun:
    """A periodic campaign of a commune in the user's units, or 404."""
    run = db.session.get(ReviewRun, run_id)
    if run is None or run.kind is not RunKind.PERIODIC_CAMPAIGN:
        abort(404)
    if not household_scope(user, Permission.HOUSEHOLD_VIEW).covers_commune(run.commune_id):
        abort(404)
    return run


def get_review(user: User, review_id: int) -> UpperReview:
    review = db.session.get(UpperReview, review_id)
    if review is None:
        abort(404)
    get_run(user, review.run_id)
    return review


def run_of(review: UpperReview) -> ReviewRun:
    return db.session.get_one(ReviewRun, review.run_id)


def _village(run: ReviewRun) -> Village | None:
    """A village of the run's commune: roles are bound to communes, and checked through one of their villages."""
    return db.session.execute(
        select(Village).where(Village.commune_id == run.commune_id).order_by(Village.id).limit(1)
    ).scalar_one_or_none()


def may_take(user: User, run: ReviewRun, *triggers: str, upper_official: bool = True) -> bool:
    """Whether a role of the user in the run's commune may take one of the steps."""
    village = _village(run)
    if village is None:
        return False
    roles = [r for r in transitions.roles_in(user, village) if upper_official or r is not Role.UPPER_REVIEWER]
    return any(role_may_fire(role.value, PROCEDURE, trigger) for role in roles for trigger in triggers)


def may_record(user: User, run: ReviewRun) -> bool:
    """Commune staff record a reply received outside the system; upper-level officials reply on their own page."""
    return may_take(user, run, *REPLY_TRIGGERS, upper_official=False)


def reviewer_unit(user: User, run: ReviewRun, level: str) -> AdminUnit | None:
    """The district or province the user speaks for on this review, if they are its upper-level official."""
    village = _village(run)
    wanted = LEVEL_UNITS.get(level)
    if village is None or wanted is None:
        return None
    for assignment in user.assignments:
        if assignment.role is not Role.UPPER_REVIEWER or assignment.unit is None:
            continue
        if assignment.unit.level is wanted and assignment_covers_village(assignment, village):
            unit: AdminUnit = assignment.unit
            return unit
    return None


def entries(run: ReviewRun, state: str) -> list[Entry]:
    """The run's cases in `state`, by the head's name, each on the list the decision would put it on."""
    cases = db.session.execute(
        select(Case)
        .join(Household)
        .where(Case.run_id == run.id, Case.state == state)
        .order_by(Household.head_sort_key, Case.id)
    ).scalars()
    found = []
    for case in cases:
        household = case.household
        listed_as, _moved = decided_class(case, surveying.period_of(case))
        head = household.head.full_name if household.head else ""
        found.append(Entry(case, head, household.village.name, listed_as, len(household.members)))
    return found


def class_counts(listed: list[Entry]) -> list[ctx.ClassCount]:
    """Counts per list of the decision to come: a poor household now near-poor counts on both its lists."""
    return ctx.counts_from_rows(
        dataclasses.replace(entry.row(), classification=list_key)
        for entry in listed
        for list_key in decision_lists(entry.case, entry.listed_as)
    )


def by_class(listed: list[Entry]) -> dict[str, list[Entry]]:
    """The decision's four lists, in order; households staying outside them (not poor) last."""
    groups: dict[str, list[Entry]] = {name: [] for name in ctx.DECISION_CLASSES}
    for entry in listed:
        groups.setdefault(entry.listed_as, []).append(entry)
    return {name: rows for name, rows in groups.items() if rows}


def unsettled_count(run: ReviewRun) -> int:
    """Cases of the campaign that still hold the report back (fact `unsettled_cases`)."""
    return db.session.execute(
        select(func.count(Case.id)).where(Case.run_id == run.id, Case.state.not_in(SETTLED_STATES))
    ).scalar_one()


def current_review(run: ReviewRun) -> UpperReview | None:
    """The latest report of the run: a later report (after a re-check) carries the open question on."""
    return db.session.execute(
        select(UpperReview).where(UpperReview.run_id == run.id).order_by(UpperReview.id.desc()).limit(1)
    ).scalar_one_or_none()


def waiting_count(run: ReviewRun) -> int:
    return db.session.execute(
        select(func.count(Case.id)).where(Case.run_id == run.id, Case.state == "upper_review")
    ).scalar_one()


def awaiting_reply(review: UpperReview) -> bool:
    run = run_of(review)
    latest = current_review(run)
    return latest is not None and latest.id == review.id and waiting_count(run) > 0


@dataclass(frozen=True)
class InboxItem:
    review: UpperReview
    run: ReviewRun
    waiting: int
    endpoint: str  # upper.review for the upper-level official, upper.record_reply for commune staff


def may_use_inbox(user: User) -> bool:
    return any(role_may_fire(a.role.value, PROCEDURE, t) for a in user.assignments for t in REPLY_TRIGGERS)


def inbox(user: User) -> list[InboxItem]:
    """The latest report of each campaign in the user's units that still has households waiting."""
    scope = household_scope(user, Permission.HOUSEHOLD_VIEW)
    latest = select(func.max(UpperReview.id)).group_by(UpperReview.run_id)
    waiting = exists().where(Case.run_id == ReviewRun.id, Case.state == "upper_review")
    query = (
        select(UpperReview, ReviewRun)
        .join(ReviewRun, ReviewRun.id == UpperReview.run_id)
        .where(UpperReview.id.in_(latest), waiting)
        .order_by(UpperReview.sent_on, UpperReview.id)
    )
    if not scope.everywhere:
        query = query.where(ReviewRun.commune_id.in_(scope.commune_ids))
    items = []
    for review, run in db.session.execute(query).tuples():
        if reviewer_unit(user, run, review.level) is not None:
            endpoint = "upper.review"
        elif may_record(user, run):
            endpoint = "upper.record_reply"
        else:
            continue
        items.append(InboxItem(review, run, waiting_count(run), endpoint))
    return items


# ---- where the report goes ----------------------------------------------------------------------


def _plain_name(unit: AdminUnit) -> str:
    """'Huyện Đồng Văn' -> 'Đồng Văn'; 'Tỉnh Tuyên Quang' -> 'Tuyên Quang'."""
    for prefix in ("Huyện ", "Thị xã ", "Thành phố ", "Quận ", "Tỉnh "):
        if unit.name.startswith(prefix):
            return unit.name[len(prefix) :]
    return unit.name


def upper_unit(commune: AdminUnit, level: str) -> AdminUnit | None:
    """The province of the commune, or the legacy district that held the commune (or its predecessor)."""
    wanted = LEVEL_UNITS.get(level)
    if commune.parent is not None and commune.parent.level is wanted:
        return commune.parent
    if wanted is not UnitLevel.DISTRICT:
        return None
    predecessor = db.session.execute(
        select(AdminUnit)
        .join(UnitSuccession, UnitSuccession.old_unit_id == AdminUnit.id)
        .where(UnitSuccession.new_unit_id == commune.id)
        .order_by(AdminUnit.id)
        .limit(1)
    ).scalar_one_or_none()
    parent = predecessor.parent if predecessor is not None else None
    return parent if parent is not None and parent.level is UnitLevel.DISTRICT else None


def addressee(run: ReviewRun, settings: ProcedureSettings) -> str:
    """The report's 'Kính gửi': the configured recipient, else the People's Committee of the upper unit."""
    if settings.upper_review_recipient.strip():
        return settings.upper_review_recipient.strip()
    level = settings.upper_review_level
    if level == "none":
        return ""
    word = "huyện" if level == "district" else "tỉnh"
    unit = upper_unit(run.commune, level)
    return f"Ủy ban nhân dân {word} {_plain_name(unit)}" if unit else f"Ủy ban nhân dân cấp {word}"


def send_refusal(run: ReviewRun, settings: ProcedureSettings) -> str | None:
    """Why the report cannot go at all (the guard's words when the level is `none`)."""
    guard = GuardContext(procedure=PROCEDURE, trigger="send_upper", facts={"settings": settings})
    return upper_review_required(guard)


# ---- 1. the commune sends its report --------------------------------------------------------------


def _residents(run: ReviewRun) -> tuple[int, int]:
    in_commune = select(Village.id).where(Village.commune_id == run.commune_id)
    households = db.session.execute(
        select(func.count(Household.id)).where(Household.village_id.in_(in_commune))
    ).scalar_one()
    persons = db.session.execute(
        select(func.count(Member.id)).join(Household).where(Household.village_id.in_(in_commune))
    ).scalar_one()
    return households, persons


def _report(
    run: ReviewRun, listed: list[Entry], register: Register, signer: ctx.Signer, recipient: str, today: dt.date
) -> dict[str, object]:
    commune = run.commune
    kind = paperwork.commune_kind(commune)
    settings = run_settings(run)
    households, persons = _residents(run)
    issue = ctx.Issue(
        agency=paperwork.agency(commune),
        symbol=register.symbol,
        number=register.number,
        issued_on=today,
        verification=paperwork.new_verification(),
    )
    lists = {name: [entry.row() for entry in rows] for name, rows in by_class(listed).items()}
    progress = [
        f"Ủy ban nhân dân {kind} tổ chức rà soát hộ nghèo, hộ cận nghèo năm {run.period_year} từ ngày "
        f"{ctx.short_date(run.starts_on)} theo Quyết định số 24/2021/QĐ-TTg.",
        f"Các thôn đã rà soát, họp dân và niêm yết công khai kết quả; {ctx.format_int(len(listed))} hộ đã "
        "kết thúc niêm yết được tổng hợp trong báo cáo này.",
    ]
    return ctx.upper_report(
        issue,
        year=run.period_year,
        commune=paperwork.short_name(commune),
        upper_level=settings.upper_review_level,
        addressee=recipient,
        resident_households=households,
        resident_persons=persons,
        counts=class_counts(listed),
        lists=lists,
        progress=progress,
        signer=signer,
        recipients=[f"Chủ tịch, các Phó Chủ tịch UBND {kind}"],
        archive="VT",
        commune_kind=kind,
    )


def send(run: ReviewRun, register: Register, actor: User, today: dt.date) -> UpperReview:
    """One report for every case whose posting has closed; each case moves to upper_review."""
    settings = run_settings(run)
    refusal = send_refusal(run, settings)
    if refusal:
        raise UpperRefused(None, refusal, 409)
    listed = entries(run, "posting_closed")
    if not listed:
        raise UpperRefused(None, _("Không có hộ nào đã kết thúc niêm yết để báo cáo."), 409)
    role = transitions.role_for_step(actor, listed[0].case.household.village, PROCEDURE, "send_upper")
    signer = ctx.Signer(actor.full_name, block=CHAIRMAN_BLOCKS.get(role, "chairman"))
    recipient = addressee(run, settings)
    context = _report(run, listed, register, signer, recipient, today)
    report = documents.issue(
        "upper_report", context, actor=actor, commune_id=run.commune_id, document_number=register.text, issued_on=today
    )
    review = UpperReview(
        run_id=run.id,
        level=settings.upper_review_level,
        recipient=recipient,
        sent_on=today,
        report_document_id=report.id,
        recheck_case_ids=[],
        notes="",
    )
    db.session.add(review)
    unsettled = unsettled_count(run)  # one count for the batch: the cases moving here do not change it
    for entry in listed:
        transitions.apply(
            entry.case, "send_upper", actor=actor, role=role, documents=[report], today=today, unsettled_cases=unsettled
        )
    return review


# ---- 2-3. the reply ---------------------------------------------------------------------------------


def _named(waiting: list[Entry], outcome: str, case_ids: list[int], note: str) -> list[Entry]:
    """The households a re-check request names; checks the reply's choices fit together."""
    wanted = set(case_ids)
    if outcome != "recheck_requested":
        if wanted:
            raise UpperRefused("case_ids", _("Chỉ chọn hộ khi cấp trên yêu cầu phúc tra."))
        if outcome == "agreed_with_changes" and not note.strip():
            raise UpperRefused("note", _("Ghi các điều chỉnh cấp trên yêu cầu."))
        return []
    if not wanted:
        raise UpperRefused("case_ids", _("Chọn ít nhất một hộ cần phúc tra."))
    if not note.strip():
        raise UpperRefused("note", _("Nêu lý do cần phúc tra."))
    named = [entry for entry in waiting if entry.case.id in wanted]
    if len(named) != len(wanted):
        raise UpperRefused("case_ids", _("Có hộ được chọn không còn chờ ý kiến cấp trên; hãy tải lại trang."), 409)
    return named


def _apply_reply(
    review: UpperReview, reply: Document, outcome: str, moving: list[Entry], sender: str, note: str, actor: User,
    today: dt.date, signature: str,
) -> None:  # fmt: skip
    """Move the cases the reply speaks of (the named ones for a re-check, else all waiting); keep the reply."""
    recheck = outcome == "recheck_requested"
    trigger = "request_recheck" if recheck else "record_upper_reply"
    role = transitions.role_for_step(actor, moving[0].case.household.village, PROCEDURE, trigger)
    for entry in moving:
        transitions.apply(
            entry.case, trigger, actor=actor, role=role, documents=[reply], today=today, upper_reply_outcome=outcome,
            signature=signature,
        )  # fmt: skip
        if recheck:
            entry.case.resurvey_pending = True  # surveyed again before the next meeting (procedure.md §5 step 5)
    # The review keeps the latest reply; every earlier one stays in the documents and the case events.
    review.outcome = outcome
    review.replied_on = reply.issued_on
    review.reply_document_id = reply.id
    review.reply_by_id = actor.id
    review.reply_sender = sender
    review.notes = note
    if recheck:
        review.recheck_case_ids = sorted({*(review.recheck_case_ids or []), *(entry.case.id for entry in moving)})


def _waiting(review: UpperReview) -> list[Entry]:
    if not awaiting_reply(review):
        raise UpperRefused(None, _("Báo cáo này không còn hộ nào chờ ý kiến cấp trên."), 409)
    return entries(run_of(review), "upper_review")


def _report_reference(review: UpperReview) -> str:
    report = db.session.get(Document, review.report_document_id) if review.report_document_id else None
    if report is None or not report.document_number:
        return "báo cáo"
    return f"Báo cáo số {report.document_number} ngày {ctx.short_date(report.issued_on)}"


def _letter(
    review: UpperReview, unit: AdminUnit, outcome: str, register: Register, waiting: list[Entry], named: list[Entry],
    note: str, actor: User, today: dt.date,
) -> dict[str, object]:  # fmt: skip
    run = run_of(review)
    place = _plain_name(unit)
    word = "HUYỆN" if review.level == "district" else "TỈNH"
    issue = ctx.Issue(
        agency=ctx.AgencyHeader(("ỦY BAN NHÂN DÂN", f"{word} {place}".upper()), place=place),
        symbol=register.symbol,
        number=register.number,
        issued_on=today,
        verification=paperwork.new_verification(),
    )
    return ctx.upper_approval(
        issue,
        year=run.period_year,
        upper_level=review.level,
        upper_unit=place,
        commune=paperwork.short_name(run.commune),
        report_reference=_report_reference(review),
        outcome=outcome,
        counts=class_counts(waiting),
        changes=[note] if note else [],
        recheck_households=[entry.row() for entry in named],
        # The vice-chairman in charge usually signs for the upper level's People's Committee.
        signer=ctx.Signer(actor.full_name, block="tm_committee_kt"),
        recipients=[],
        archive="VT",
        commune_kind=paperwork.commune_kind(run.commune),
    )


def _sender(review: UpperReview, unit: AdminUnit) -> str:
    word = "huyện" if review.level == "district" else "tỉnh"
    return f"Ủy ban nhân dân {word} {_plain_name(unit)}"


def prepare_reply(
    review: UpperReview, unit: AdminUnit, outcome: str, register: Register, actor: User, today: dt.date,
    *, case_ids: list[int] | None = None, note: str = "",
) -> SigningRequest:  # fmt: skip
    """The upper-level official's reply letter in the official format, waiting for their digital signature.

    The cases move only when the signed letter comes back verified (`_reply_signed`); a new letter
    replaces one still waiting.
    """
    if outcome not in ("agreed", "recheck_requested"):
        raise ValueError(f"the official agrees or asks for a re-check, not {outcome!r}")
    note = note.strip()
    waiting = _waiting(review)
    named = _named(waiting, outcome, case_ids or [], note)
    trigger = "request_recheck" if outcome == "recheck_requested" else "record_upper_reply"
    transitions.role_for_step(actor, waiting[0].case.household.village, PROCEDURE, trigger)
    context = _letter(review, unit, outcome, register, waiting, named, note, actor, today)
    letter = documents.issue(
        "upper_approval",
        context,
        pdf=signing_pdf.with_signature_fields(render("upper_approval", context).pdf),
        actor=actor,
        commune_id=review_run_commune(review),
        document_number=register.text,
        issued_on=today,
    )
    previous = signing.pending_for("upper_approval", "review_id", review.id)
    if previous is not None:
        signing.cancel(previous, actor)
    return signing.prepare(
        "upper_approval",
        letter,
        commune_id=review_run_commune(review),
        signer_roles=[Role.UPPER_REVIEWER],
        signer_unit_id=unit.id,
        payload={
            "review_id": review.id,
            "outcome": outcome,
            "case_ids": [entry.case.id for entry in named],
            "note": note,
            "sender": _sender(review, unit),
            "signer_organisation": _sender(review, unit),
            "signer_description": f"cán bộ phê duyệt của {_sender(review, unit)}",
            "reason": "Ý kiến của cấp trên về kết quả rà soát",
        },
        actor=actor,
    )


@signing.on_signed("upper_approval")
def _reply_signed(request: SigningRequest, letter: Document, actor: User, today: dt.date) -> None:
    review = db.session.get(UpperReview, request.payload["review_id"])
    assert review is not None  # the request was made for it
    outcome, note = request.payload["outcome"], request.payload["note"]
    try:
        waiting = _waiting(review)
        named = _named(waiting, outcome, request.payload["case_ids"], note)
        _apply_reply(
            review, letter, outcome, named or waiting, request.payload["sender"], note, actor, today, "verified"
        )
    except UpperRefused as refused:
        raise signing.SigningRefused(None, refused.message, 409) from refused
    except TransitionNotAllowed as refused:
        raise signing.SigningRefused(None, refused.reason, 409) from refused


def is_pdf(data: bytes) -> bool:
    # PDF readers accept the header anywhere in the first kilobyte (ISO 32000-1, Annex H).
    return PDF_MAGIC in data[:1024]


def record_received(review: UpperReview, reply: ReceivedReply, actor: User, today: dt.date) -> Document:
    """Commune staff record the reply the upper level sent outside the system, with its PDF."""
    if reply.outcome not in OUTCOMES:
        raise UpperRefused("outcome", _("Chọn ý kiến của cấp trên."))
    if not is_pdf(reply.pdf):
        raise UpperRefused("file", _("Tệp tải lên không phải PDF. Hãy quét văn bản trả lời thành PDF rồi tải lên lại."))
    if reply.replied_on < review.sent_on:
        raise UpperRefused("replied_on", _("Ngày trả lời không thể trước ngày gửi báo cáo."))
    if reply.replied_on > today:
        raise UpperRefused("replied_on", _("Ngày không được ở tương lai."))
    waiting = _waiting(review)
    named = _named(waiting, reply.outcome, reply.case_ids, reply.note)
    document = Document(
        kind="upper_reply",
        content=reply.pdf,
        sha256=hashlib.sha256(reply.pdf).hexdigest(),
        media_type="application/pdf",
        context={"sender": reply.sender, "outcome": reply.outcome, "filename": reply.filename, "note": reply.note},
        document_number=reply.document_number or None,
        issued_on=reply.replied_on,
        created_by_id=actor.id,
    )
    db.session.add(document)
    db.session.flush()  # the case events cite the document's id
    # A reply from outside the system is a scanned, wet-signed original (documents.md §5.3 d).
    _apply_reply(review, document, reply.outcome, named or waiting, reply.sender, reply.note, actor, today, "paper")
    return document


def review_run_commune(review: UpperReview) -> int:
    run = db.session.get(ReviewRun, review.run_id)
    assert run is not None  # the review's foreign key
    return run.commune_id
