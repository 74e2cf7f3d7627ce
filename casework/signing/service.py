"""Signing steps: prepare a document for signature, sign it in the app or take it back signed, verify, then act.

A step that needs a signature (the upper level's approval, the chairman's recognition decision) stores
its generated PDF in a SigningRequest. Whichever route the signed copy comes back by, it is verified
against those exact bytes; only a verified copy is kept, with its report, and the step's handler then
moves the cases, all in the caller's transaction. Services never commit.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from cryptography import x509
from flask import current_app
from sqlalchemy import select

from casework import audit, clock
from casework.errors import Refused
from casework.extensions import db
from casework.models import Document, Role, RoleAssignment, User
from casework.models.signing import SignatureValidation, SigningCertificate, SigningRequest
from casework.signing import pki, verify

# The key of an official signing in the app, for the length of that one request: documents issued with
# the signed one (the certificates of a decision) are signed with it too. Never stored.
_KEY_IN_HAND: ContextVar[Callable[[bytes], bytes] | None] = ContextVar("key_in_hand", default=None)

SIGNER_ROLES = (Role.UPPER_REVIEWER, Role.COMMUNE_CHAIRMAN, Role.VICE_CHAIRMAN, Role.RECORDS_CLERK)
Handler = Callable[[SigningRequest, Document, User, dt.date], None]
AfterCommit = Callable[[SigningRequest], str | None]
_HANDLERS: dict[str, Handler] = {}
_AFTER_COMMIT: dict[str, AfterCommit] = {}

ROUTE_LABELS = {
    "pkcs12": "Ký trên hệ thống bằng tệp chứng thư số",
    "pkcs11": "Ký trên hệ thống bằng USB token",
    "handoff": "Ký bằng phần mềm ký số, tải lên tự động",
    "upload": "Ký bằng phần mềm ký số, tải lên thủ công",
}


class SignatureRejected(Refused):
    """The signed copy did not pass verification; nothing was written. `report` says why, check by check."""

    def __init__(self, report: verify.Report, field: str = "signed_file") -> None:
        super().__init__("; ".join(report.failures()), field)
        self.report = report


def after_commit(purpose: str) -> Callable[[AfterCommit], AfterCommit]:
    """Register what follows a committed signature of `purpose` (queue a job); it returns the page to go to."""

    def register(follow: AfterCommit) -> AfterCommit:
        _AFTER_COMMIT[purpose] = follow
        return follow

    return register


def follow_up(signing: SigningRequest) -> str | None:
    follow = _AFTER_COMMIT.get(signing.purpose)
    return follow(signing) if follow else None


def on_signed(purpose: str) -> Callable[[Handler], Handler]:
    """Register what happens when a document of `purpose` comes back with a verified signature."""

    def register(handler: Handler) -> Handler:
        _HANDLERS[purpose] = handler
        return handler

    return register


# ---- trust -----------------------------------------------------------------------------------


def pki_dir() -> Path:
    return Path(current_app.config["SIGNING_PKI_DIR"])


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*") if p.is_file()) if folder.is_dir() else []


def trust_store() -> verify.TrustStore:
    root = pki_dir()
    roots = [pki.der(c) for path in _files(root / "trust") for c in pki.read_certificates(path.read_bytes())]
    intermediates = [
        pki.der(c) for path in _files(root / "intermediates") for c in pki.read_certificates(path.read_bytes())
    ]
    crls = [pki.crl_der(path.read_bytes()) for path in _files(root / "crl")]
    return verify.TrustStore(
        roots=roots,
        intermediates=intermediates,
        crls=crls,
        fetch_revocation=bool(current_app.config["SIGNING_FETCH_REVOCATION"]),
    )


# ---- officials' certificates -----------------------------------------------------------------


def certificate_record(user: User, certificate: x509.Certificate, actor: User | None) -> SigningCertificate:
    """The registration row of `certificate` for `user`, not yet added to the session."""
    return SigningCertificate(
        user_id=user.id,
        fingerprint=pki.fingerprint(certificate),
        common_name=pki.common_name(certificate),
        subject=certificate.subject.rfc4514_string(),
        issuer=certificate.issuer.rfc4514_string(),
        serial=format(certificate.serial_number, "x"),
        not_before=certificate.not_valid_before_utc,
        not_after=certificate.not_valid_after_utc,
        certificate=pki.der(certificate),
        registered_by_id=actor.id if actor else None,
    )


def officials() -> list[User]:
    """Everyone who signs: upper-level officials, commune chairmen and vice-chairmen, records clerks."""
    return list(
        db.session.execute(
            select(User)
            .join(RoleAssignment)
            .where(RoleAssignment.role.in_(SIGNER_ROLES))
            .distinct()
            .order_by(User.username)
        ).scalars()
    )


def register_certificate(user: User, data: bytes, actor: User | None, now: dt.datetime) -> SigningCertificate:
    try:
        certificate = pki.read_certificate(data)
    except pki.CertificateError as error:
        raise Refused(str(error), "certificate") from error
    if certificate.not_valid_after_utc < now:
        raise Refused("Chứng thư số đã hết hạn, không đăng ký được.", "certificate")
    fingerprint = pki.fingerprint(certificate)
    existing = db.session.execute(
        select(SigningCertificate).where(SigningCertificate.fingerprint == fingerprint)
    ).scalar_one_or_none()
    if existing is not None and existing.withdrawn_at is None:
        raise Refused("Chứng thư số này đã được đăng ký.", "certificate", 409)
    if existing is not None:
        db.session.delete(existing)  # re-registering a withdrawn certificate starts afresh
        db.session.flush()
    registered = certificate_record(user, certificate, actor)
    db.session.add(registered)
    audit.record(
        "signing_certificate_registered", user_id=actor.id if actor else None, subject=f"user:{user.id}",
        fingerprint=fingerprint, common_name=registered.common_name,
    )  # fmt: skip
    return registered


def withdraw_certificate(registered: SigningCertificate, actor: User, now: dt.datetime) -> None:
    registered.withdrawn_at = now
    audit.record(
        "signing_certificate_withdrawn", user_id=actor.id, subject=f"user:{registered.user_id}",
        fingerprint=registered.fingerprint,
    )  # fmt: skip


def certificates_of(user: User) -> list[SigningCertificate]:
    return list(
        db.session.execute(
            select(SigningCertificate)
            .where(SigningCertificate.user_id == user.id)
            .order_by(SigningCertificate.registered_at.desc())
        ).scalars()
    )


def _holds(user_id: int, roles: list[str], unit_id: int) -> bool:
    return (
        db.session.execute(
            select(RoleAssignment.id).where(
                RoleAssignment.user_id == user_id,
                RoleAssignment.role.in_([Role(r) for r in roles]),
                RoleAssignment.unit_id == unit_id,
            )
        ).first()
        is not None
    )


def may_sign(user: User, signing: SigningRequest) -> bool:
    return signing.status == "pending" and is_signer(user, signing)


def is_signer(user: User, signing: SigningRequest) -> bool:
    """The user holds one of the roles whose signature the request needs, in its unit."""
    return _holds(user.id, signing.signer_roles, signing.signer_unit_id)


def _signer_check(signing: SigningRequest) -> verify.SignerCheck:
    """The first signature is the official's; any later one (the agency's) by a registered official of the unit."""
    agency_roles = [*signing.signer_roles, Role.RECORDS_CLERK.value]

    def check(position: int, certificate: x509.Certificate) -> str | None:
        registered = db.session.execute(
            select(SigningCertificate).where(
                SigningCertificate.fingerprint == pki.fingerprint(certificate),
                SigningCertificate.withdrawn_at.is_(None),
            )
        ).scalar_one_or_none()
        if registered is None:
            return "Chứng thư số chưa được đăng ký cho cán bộ nào trên hệ thống."
        roles = signing.signer_roles if position == 0 else agency_roles
        if not _holds(registered.user_id, roles, signing.signer_unit_id):
            return (
                f"Người ký ({registered.common_name}) không phải cán bộ có thẩm quyền ký văn bản này "
                f"(cần: {signing.payload.get('signer_description', '')})."
            )
        return None

    return check


# ---- the signing request ---------------------------------------------------------------------


def prepare(
    purpose: str, document: Document, *, commune_id: int, signer_roles: list[Role], signer_unit_id: int,
    payload: dict[str, object], actor: User,
) -> SigningRequest:  # fmt: skip
    if purpose not in _HANDLERS:
        raise ValueError(f"no handler for signed {purpose!r} documents")
    signing = SigningRequest(
        purpose=purpose,
        document_id=document.id,
        commune_id=commune_id,
        signer_roles=[role.value for role in signer_roles],
        signer_unit_id=signer_unit_id,
        payload=payload,
        created_by_id=actor.id,
    )
    db.session.add(signing)
    db.session.flush()
    return signing


def pending_for(purpose: str, subject_key: str, subject_id: int) -> SigningRequest | None:
    """The pending request of a step (one review, one run), if any."""
    for signing in db.session.execute(
        select(SigningRequest)
        .where(SigningRequest.purpose == purpose, SigningRequest.status == "pending")
        .order_by(SigningRequest.id.desc())
    ).scalars():
        if signing.payload.get(subject_key) == subject_id:
            return signing
    return None


def cancel(signing: SigningRequest, actor: User) -> None:
    if signing.status != "pending":
        raise Refused("Văn bản này không còn chờ ký.", status=409)
    signing.status = "cancelled"
    audit.record("signing_cancelled", user_id=actor.id, subject=f"signing:{signing.id}")


def require_pending(signing: SigningRequest) -> None:
    """Refuse (409) a request that has been signed or cancelled since the page was shown."""
    if signing.status != "pending":
        raise Refused("Văn bản này đã được ký hoặc đã hủy; hãy tải lại trang.", status=409)


def signed_copy(original: Document, signed: bytes, actor: User, version: int | None = None) -> Document:
    """The signed bytes kept as a new version of the generated document (documents are never changed)."""
    document = Document(
        kind=original.kind,
        case_id=original.case_id,
        commune_id=original.commune_id,
        version=version or original.version + 1,
        content=signed,
        sha256=hashlib.sha256(signed).hexdigest(),
        media_type="application/pdf",
        template_name=original.template_name,
        template_version=original.template_version,
        context={"signed_from": original.id},
        signed_from_id=original.id,
        document_number=original.document_number,
        issued_on=original.issued_on,
        created_by_id=actor.id,
    )
    db.session.add(document)
    db.session.flush()
    return document


def _keep(signing: SigningRequest, signed: bytes, route: str, actor: User, now: dt.datetime) -> Document:
    """Verify `signed` against the generated document, then keep it as the next version with its report."""
    original = signing.document
    assert original.content is not None  # a generated PDF is stored with its bytes
    report = verify.verify(
        signed, original.content, trust_store(), _signer_check(signing), now=now, not_before=original.created_at
    )
    current = signing.signed_document
    if report.ok and current is not None and not signed.startswith(current.content or b""):
        report.checks.append(
            verify.Check("original", verify.FAILED, "Tệp không phải bản đã ký trước đó: hãy ký thêm vào đúng bản đó.")
        )
    if not report.ok:
        raise SignatureRejected(report)
    document = signed_copy(original, signed, actor, version=(current or original).version + 1)
    db.session.add(
        SignatureValidation(
            document_id=document.id,
            request_id=signing.id,
            valid=True,
            route=route,
            report=report.as_json(),
            checked_by_id=actor.id,
            checked_at=now,
        )
    )
    signing.signed_document_id = document.id
    audit.record(
        "document_signed", user_id=actor.id, subject=f"document:{document.id}", route=route,
        signers=[s.signer for s in report.signatures], signing=signing.id,
    )  # fmt: skip
    return document


def complete(signing: SigningRequest, signed: bytes, route: str, actor: User, now: dt.datetime) -> Document:
    """The official's signature: verified and kept, then the step is taken, or nothing happens."""
    require_pending(signing)
    document = _keep(signing, signed, route, actor, now)
    signing.status = "signed"
    signing.completed_at = now
    _HANDLERS[signing.purpose](signing, document, actor, clock.today())
    return document


@contextmanager
def key_in_hand(sign_pdf: Callable[[bytes], bytes]) -> Iterator[None]:
    token = _KEY_IN_HAND.set(sign_pdf)
    try:
        yield
    finally:
        _KEY_IN_HAND.reset(token)


def sign_alongside(pdf: bytes) -> bytes | None:
    """`pdf` signed with the key the official is signing with in this request, or None (they sign elsewhere)."""
    sign_pdf = _KEY_IN_HAND.get()
    return sign_pdf(pdf) if sign_pdf else None


def keep_alongside(
    signing: SigningRequest, document: Document, original: bytes, actor: User, now: dt.datetime
) -> SignatureValidation:
    """Verify a document signed alongside the request's own and keep its report (it was issued signed)."""
    assert document.content is not None
    report = verify.verify(
        document.content, original, trust_store(), _signer_check(signing), now=now, not_before=signing.created_at
    )
    if not report.ok:
        raise SignatureRejected(report)
    validation = SignatureValidation(
        document_id=document.id, request_id=signing.id, valid=True, route="pkcs12", report=report.as_json(),
        checked_by_id=actor.id, checked_at=now,
    )  # fmt: skip
    db.session.add(validation)
    return validation


def signature_count(signing: SigningRequest) -> int:
    validation = validation_of(signing.signed_document) if signing.signed_document else None
    return len(validation.report.get("signatures", [])) if validation else 0


def may_countersign(user: User, signing: SigningRequest) -> bool:
    """The agency's signature goes on after the official's (ND 30 §2): the unit's records clerk applies it."""
    return (
        signing.status == "signed"
        and signature_count(signing) == 1
        and _holds(user.id, [*signing.signer_roles, Role.RECORDS_CLERK.value], signing.signer_unit_id)
    )


def countersign(signing: SigningRequest, signed: bytes, route: str, actor: User, now: dt.datetime) -> Document:
    """The agency's signature added to the signed document: a new version, verified like the first."""
    if not may_countersign(actor, signing):
        raise Refused("Văn bản này không chờ chữ ký số của cơ quan.", status=409)
    document = _keep(signing, signed, route, actor, now)
    validation = validation_of(document)
    if validation is None or len(validation.report.get("signatures", [])) < 2:
        raise SignatureRejected(
            verify.Report(
                checked_at=now.isoformat(),
                checks=[verify.Check("signed", verify.FAILED, "Tệp chưa có thêm chữ ký số của cơ quan.")],
            )
        )
    return document


def validation_of(document: Document) -> SignatureValidation | None:
    return db.session.execute(
        select(SignatureValidation)
        .where(SignatureValidation.document_id == document.id)
        .order_by(SignatureValidation.id.desc())
    ).scalar_one_or_none()


def signed_version(document: Document) -> Document | None:
    """The latest signed copy of a generated document, if it was signed."""
    return db.session.execute(
        select(Document).where(Document.signed_from_id == document.id).order_by(Document.version.desc()).limit(1)
    ).scalar_one_or_none()


def validations_for(document_ids: set[int]) -> dict[int, SignatureValidation]:
    """The latest verification report of each signed document among `document_ids`."""
    if not document_ids:
        return {}
    found = db.session.execute(
        select(SignatureValidation)
        .where(SignatureValidation.document_id.in_(document_ids))
        .order_by(SignatureValidation.id)
    ).scalars()
    return {validation.document_id: validation for validation in found}


def waiting_for(user: User, limit: int = 20) -> list[SigningRequest]:
    """Documents waiting for this user's signature: as the official, or as the agency after the official."""
    units = {assignment.unit_id for assignment in user.assignments if assignment.unit_id is not None}
    if not units:
        return []
    candidates = db.session.execute(
        select(SigningRequest)
        .where(SigningRequest.signer_unit_id.in_(units), SigningRequest.status.in_(("pending", "signed")))
        .order_by(SigningRequest.id.desc())
    ).scalars()
    return [r for r in candidates if may_sign(user, r) or may_countersign(user, r)][:limit]
