"""Requests: Mẫu 01 and Mẫu 04 pre-filled for the applicant's signature, and the intake receipt."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, time

from casework.documents import wording
from casework.documents.context.formatting import clock, date_line, vn_date
from casework.documents.context.labels import CHANNELS, EXIT_REQUESTS, REQUEST_FORMS, REQUEST_TITLES
from casework.documents.context.pieces import document, member_rows, verification_values
from casework.documents.context.values import Context, Issue, MemberRow, Person, Verification

# Read at import, so a broken wording file stops the app at start; the receipt stores the version.
PROCESSING_NOTICE_VERSION = wording.text("request_receipt", "notice_version")
PROCESSING_NOTICE = wording.lines("request_receipt", "notice")


def _applicant_form(
    kind: str,
    *,
    commune: str,
    applicant: Person,
    members: Sequence[MemberRow],
    reason: str,
    signed_place: str,
    signed_on: date | None,
    commune_kind: str,
    draft: bool,
    verification: Verification | None,
) -> Context:
    """What Mẫu 01 and Mẫu 04 share: addressed to the chairman, the household, signed by the applicant."""
    return {
        **document(kind, None),
        "draft": draft,
        "verification": verification_values(verification),
        "form_label": wording.text(kind, "form_label"),
        "title": "GIẤY ĐỀ NGHỊ",
        "addressee": f"Chủ tịch Ủy ban nhân dân {commune_kind} {commune}",
        "applicant": applicant.as_dict(),
        "members": member_rows(members),
        "reason": reason,
        "signed_date_line": date_line(signed_place, signed_on),
        "signature": {"lines": ["NGƯỜI ĐỀ NGHỊ"], "name": applicant.full_name, "hint": "(Ký, ghi rõ họ tên)"},
    }


def request_form(
    *,
    request_kind: str,
    commune: str,
    applicant: Person,
    members: Sequence[MemberRow],
    reason: str,
    signed_place: str,
    signed_on: date | None = None,
    commune_kind: str = "xã",
    draft: bool = False,
    verification: Verification | None = None,
) -> Context:
    """Mẫu 01 (QĐ 24/2021) pre-filled for the applicant's wet signature (procedure.md §12.2)."""
    if request_kind not in REQUEST_TITLES:
        raise ValueError(f"unknown request kind {request_kind!r}")
    shared = _applicant_form(
        "request_form", commune=commune, applicant=applicant, members=members, reason=reason,
        signed_place=signed_place, signed_on=signed_on, commune_kind=commune_kind, draft=draft,
        verification=verification,
    )  # fmt: skip
    return {**shared, "request_kind": request_kind, "summary": REQUEST_TITLES[request_kind]}


def exit_request_form(
    *,
    commune: str,
    applicant: Person,
    members: Sequence[MemberRow],
    requested_exit: str,
    reason: str,
    signed_place: str,
    signed_on: date | None = None,
    commune_kind: str = "xã",
    draft: bool = False,
    verification: Verification | None = None,
) -> Context:
    """Mẫu 04: request to be recognised as exiting poverty or near-poverty (§12.3)."""
    if requested_exit not in EXIT_REQUESTS:
        raise ValueError(f"unknown exit request {requested_exit!r}")
    shared = _applicant_form(
        "exit_request_form", commune=commune, applicant=applicant, members=members, reason=reason,
        signed_place=signed_place, signed_on=signed_on, commune_kind=commune_kind, draft=draft,
        verification=verification,
    )  # fmt: skip
    return {
        **shared,
        "summary": "CÔNG NHẬN HỘ THOÁT NGHÈO, HỘ THOÁT CẬN NGHÈO",
        "requested_exit": requested_exit,
        "requested_exit_label": EXIT_REQUESTS[requested_exit],
        "commune_name": f"{commune_kind} {commune}",
    }


def request_receipt(
    issue: Issue,
    *,
    applicant: Person,
    request_kind: str,
    channel: str,
    received_at: date,
    received_time: time | None,
    promised_on: date,
    processing_days: str = "",
    receiver: str,
    case_code: str,
    documents: Sequence[str] = (),
    register_book: str = "",
    commune_kind: str = "xã",
) -> Context:
    """One-stop receipt with the promised return date and the personal-data notice (§13.5).

    `received_time` is the hour in the commune's zone (None when only the date is known);
    `processing_days` the period the procedure sets, or "" where it sets none (the line is left out)."""
    form = REQUEST_FORMS[request_kind]
    return document(
        "request_receipt",
        issue,
        title="GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        commune_kind=commune_kind,
        case_code=case_code,
        applicant=applicant.as_dict(),
        request_label=form.split(" (")[0],
        channel=CHANNELS[channel],
        documents=list(documents) or [f"{form}: 01 bản chính"],
        processing_days=processing_days,
        received_at=received_at.isoformat(),
        received_line=f"{clock(received_time)}, {vn_date(received_at)}" if received_time else vn_date(received_at),
        promised_on=promised_on.isoformat(),
        promised_line=vn_date(promised_on),
        register_book=register_book,
        notice=list(PROCESSING_NOTICE),
        notice_version=PROCESSING_NOTICE_VERSION,
        receiver=receiver,
        signatures=[
            {"lines": ["NGƯỜI NỘP HỒ SƠ"], "hint": "(Ký và ghi rõ họ tên)", "name": applicant.full_name},
            {"lines": ["NGƯỜI TIẾP NHẬN HỒ SƠ"], "hint": "(Ký và ghi rõ họ tên)", "name": receiver},
        ],
    )
