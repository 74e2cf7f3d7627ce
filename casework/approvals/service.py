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

from flask import url_for
from flask_babel import gettext as _

from casework import permissions
from casework.approvals import documents as approval_documents
from casework.approvals import policy, queries
from casework.approvals.documents import Register
from casework.approvals.queries import Entry
from casework.cases import transitions
from casework.cases.step_dates import StepDate
from casework.cycles.settings import run_settings
from casework.documents import service as documents
from casework.documents.context.values import Signer
from casework.documents.render import render
from casework.errors import Refused, as_conflict
from casework.extensions import db
from casework.models import AdminUnit, Document, ReviewRun, Role, UpperReview, User
from casework.models.signing import SigningRequest
from casework.register import service as numbering
from casework.register.service import Series
from casework.signing import service as signing
from casework.signing import sign as signing_pdf
from casework.signing.links import links_back

OUTCOMES = ("agreed", "agreed_with_changes", "recheck_requested")
PDF_MAGIC = b"%PDF-"


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


def send(run: ReviewRun, register: Register, actor: User, today: dt.date) -> UpperReview:
    """One report for every case whose posting has closed; each case moves to upper_review."""
    settings = run_settings(run)
    refusal = policy.send_refusal(run, settings)
    if refusal:
        raise Refused(refusal, status=409)
    listed = queries.entries(run, "posting_closed")
    if not listed:
        raise Refused(_("Không có hộ nào đã kết thúc niêm yết để báo cáo."), status=409)
    role = permissions.require_step(actor, listed[0].case.household.village, policy.PROCEDURE, "send_upper")
    series = Series.of(run.commune, register.symbol, today)
    register = dataclasses.replace(register, number=series.resolve(register.number, "number"))
    # The report is the People's Committee's: "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH" (or "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH").
    signer = Signer.for_role(actor.full_name, role.value, speaks_for="committee")
    recipient = approval_documents.addressee(run, settings)
    context = approval_documents.report(run, listed, register, signer, recipient, today)
    report = documents.issue(
        "upper_report", context, actor=actor, commune_id=run.commune_id, document_number=register.text, issued_on=today
    )
    series.take(register.require(), issued_on=today, document=report, actor=actor)
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
    unsettled = queries.unsettled_count(run)  # one count for the batch: the cases moving here do not change it
    for entry in listed:
        transitions.apply(
            entry.case, "send_upper", actor=actor, role=role, documents=[report], today=today, unsettled_cases=unsettled
        )
    return review


def _named(waiting: list[Entry], outcome: str, case_ids: list[int], note: str) -> list[Entry]:
    """The households a re-check request names; checks the reply's choices fit together."""
    wanted = set(case_ids)
    if outcome != "recheck_requested":
        if wanted:
            raise Refused(_("Chỉ chọn hộ khi cấp trên yêu cầu phúc tra."), "case_ids")
        if outcome == "agreed_with_changes" and not note.strip():
            raise Refused(_("Ghi các điều chỉnh cấp trên yêu cầu."), "note")
        return []
    if not wanted:
        raise Refused(_("Chọn ít nhất một hộ cần phúc tra."), "case_ids")
    if not note.strip():
        raise Refused(_("Nêu lý do cần phúc tra."), "note")
    named = [entry for entry in waiting if entry.case.id in wanted]
    if len(named) != len(wanted):
        raise Refused(_("Có hộ được chọn không còn chờ ý kiến cấp trên; hãy tải lại trang."), "case_ids", 409)
    return named


def _reply_day(reply: Document, today: dt.date) -> StepDate:
    """The reply's own date, printed on it: in order with the report, no reason asked when it arrives later."""
    return StepDate(reply.issued_on or today, "replied_on", needs_reason=False)


def _apply_reply(
    review: UpperReview, reply: Document, outcome: str, moving: list[Entry], sender: str, note: str, actor: User,
    today: dt.date, signature: str,
) -> None:  # fmt: skip
    """Move the cases the reply speaks of (the named ones for a re-check, else all waiting); keep the reply."""
    recheck = outcome == "recheck_requested"
    trigger = "request_recheck" if recheck else "record_upper_reply"
    role = permissions.require_step(actor, moving[0].case.household.village, policy.PROCEDURE, trigger)
    for entry in moving:
        transitions.apply(
            entry.case, trigger, actor=actor, role=role, documents=[reply], today=today, upper_reply_outcome=outcome,
            signature=signature, step_date=_reply_day(reply, today),
        )  # fmt: skip
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
    if not queries.awaiting_reply(review):
        raise Refused(_("Báo cáo này không còn hộ nào chờ ý kiến cấp trên."), status=409)
    return queries.entries(queries.run_of(review), "upper_review")


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
    permissions.require_step(actor, waiting[0].case.household.village, policy.PROCEDURE, trigger)
    previous = signing.pending_for("upper_approval", "review_id", review.id)
    series = Series.of(unit, register.symbol, today)  # the upper unit's own register
    ignore = [previous.document_id] if previous is not None else []
    register = dataclasses.replace(register, number=series.resolve(register.number, "number", ignore))
    if previous is not None:
        signing.cancel(previous, actor)
        numbering.release([previous.document_id])  # the letter replaced was never issued
    context = approval_documents.letter(review, unit, outcome, register, waiting, named, note, actor, today)
    letter = documents.issue(
        "upper_approval",
        context,
        pdf=signing_pdf.with_signature_fields(render("upper_approval", context).pdf),
        actor=actor,
        commune_id=queries.review_run_commune(review),
        document_number=register.text,
        issued_on=today,
    )
    series.take(register.require(), issued_on=today, document=letter, actor=actor)
    return signing.prepare(
        "upper_approval",
        letter,
        commune_id=queries.review_run_commune(review),
        signer_roles=[Role.UPPER_REVIEWER],
        signer_unit_id=unit.id,
        payload={
            "review_id": review.id,
            "outcome": outcome,
            "case_ids": [entry.case.id for entry in named],
            "note": note,
            "sender": approval_documents.sender(review, unit),
            "signer_organisation": approval_documents.sender(review, unit),
            "signer_description": f"cán bộ phê duyệt của {approval_documents.sender(review, unit)}",
            "reason": "Ý kiến của cấp trên về kết quả rà soát",
        },
        actor=actor,
    )


@signing.on_signed("upper_approval")
def _reply_signed(request: SigningRequest, letter: Document, actor: User, today: dt.date) -> None:
    review = db.session.get(UpperReview, request.payload["review_id"])
    assert review is not None  # the request was made for it
    outcome, note = request.payload["outcome"], request.payload["note"]
    with as_conflict():
        waiting = _waiting(review)
        named = _named(waiting, outcome, request.payload["case_ids"], note)
        _apply_reply(
            review, letter, outcome, named or waiting, request.payload["sender"], note, actor, today, "verified"
        )


def is_pdf(data: bytes) -> bool:
    # PDF readers accept the header anywhere in the first kilobyte (ISO 32000-1, Annex H).
    return PDF_MAGIC in data[:1024]


def record_received(review: UpperReview, reply: ReceivedReply, actor: User, today: dt.date) -> Document:
    """Commune staff record the reply the upper level sent outside the system, with its PDF."""
    if reply.outcome not in OUTCOMES:
        raise Refused(_("Chọn ý kiến của cấp trên."), "outcome")
    if not is_pdf(reply.pdf):
        raise Refused(_("Tệp tải lên không phải PDF. Hãy quét văn bản trả lời thành PDF rồi tải lên lại."), "file")
    if reply.replied_on < review.sent_on:
        raise Refused(_("Ngày trả lời không thể trước ngày gửi báo cáo."), "replied_on")
    if reply.replied_on > today:
        raise Refused(_("Ngày không được ở tương lai."), "replied_on")
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


@links_back("upper_approval")
def _reply_links(request: SigningRequest) -> list[tuple[str, str]]:
    """From the signed letter: the commune's results it answers, and the official's inbox."""
    review_id = request.payload.get("review_id")
    back = [(_("Quay lại kết quả rà soát của xã"), url_for("upper.review", review_id=review_id))] if review_id else []
    return [*back, (_("Về danh sách báo cáo chờ ý kiến"), url_for("upper.inbox"))]


@signing.after_commit("upper_approval")
def _after_reply(request: SigningRequest) -> str:
    """The upper-level official goes back to their inbox once the signed reply is committed."""
    return url_for("upper.inbox")
