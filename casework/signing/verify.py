"""Verification of a signed upload against the document we generated (documents.md §5.6).

Every check is reported, in Vietnamese, whether it passed, failed, or could not be made; a check that
could not be made (revocation without a reachable list) is recorded as such and never counted as passed.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils.misc import PdfReadError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from casework.signing import pki, revisions
from casework.signing.sign import outside_event_loop

OK, FAILED, NOT_CHECKED = "ok", "failed", "not_checked"
PDF_MAGIC = b"%PDF-"
CLOCK_SKEW = dt.timedelta(minutes=5)

# The signer of a signature: (position in the document, certificate) -> None if accepted, else why not.
SignerCheck = Callable[[int, x509.Certificate], str | None]


@dataclass(frozen=True)
class TrustStore:
    """Configured roots, intermediates and revocation lists (DER), and whether revocation may be fetched online."""

    roots: Sequence[bytes]
    intermediates: Sequence[bytes] = ()
    crls: Sequence[bytes] = ()
    fetch_revocation: bool = False


@dataclass
class Check:
    code: str
    status: str
    message: str


@dataclass
class SignatureInfo:
    field: str
    signer: str = ""
    organisation: str = ""
    issuer: str = ""
    serial: str = ""
    fingerprint: str = ""
    signed_at: str | None = None
    valid_from: str | None = None
    valid_until: str | None = None
    checks: list[Check] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(check.status != FAILED for check in self.checks)


@dataclass
class Report:
    """What the verification found; stored with the signed document and shown on the case and /v/<code>."""

    checked_at: str
    checks: list[Check] = field(default_factory=list)
    signatures: list[SignatureInfo] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return (
            bool(self.signatures)
            and all(check.status != FAILED for check in self.checks)
            and all(sig.ok for sig in self.signatures)
        )

    def failures(self) -> list[str]:
        found = [c.message for c in self.checks if c.status == FAILED]
        for number, sig in enumerate(self.signatures, start=1):
            found += [f"Chữ ký {number} ({sig.signer}): {c.message}" for c in sig.checks if c.status == FAILED]
        return found

    def not_checked(self) -> list[str]:
        return [c.message for sig in self.signatures for c in sig.checks if c.status == NOT_CHECKED]

    def as_json(self) -> dict[str, Any]:
        return {**asdict(self), "ok": self.ok}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Report:
        return cls(
            checked_at=data["checked_at"],
            checks=[Check(**c) for c in data.get("checks", [])],
            signatures=[
                SignatureInfo(**{**s, "checks": [Check(**c) for c in s.get("checks", [])]})
                for s in data.get("signatures", [])
            ],
        )


def _iso(moment: dt.datetime | None) -> str | None:
    return moment.astimezone(dt.UTC).isoformat() if moment else None


def _organisation(certificate: x509.Certificate) -> str:
    names = certificate.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)
    return str(names[0].value) if names else ""


def _context(trust: TrustStore, now: dt.datetime, crls: Sequence[bytes], fetch: bool, mode: str) -> ValidationContext:
    return ValidationContext(
        trust_roots=[asn1_x509.Certificate.load(der) for der in trust.roots],
        other_certs=[asn1_x509.Certificate.load(der) for der in trust.intermediates],
        moment=now,
        allow_fetching=fetch,
        crls=list(crls),
        revocation_mode=mode,
    )


def _crls_for(certificate: x509.Certificate, trust: TrustStore) -> list[bytes]:
    found = []
    for data in trust.crls:
        try:
            crl = x509.load_der_x509_crl(data)
        except ValueError:
            continue
        if crl.issuer == certificate.issuer:
            found.append(data)
    return found


def _has_online_revocation(certificate: x509.Certificate) -> bool:
    for ext_class in (x509.CRLDistributionPoints, x509.AuthorityInformationAccess):
        try:
            certificate.extensions.get_extension_for_class(ext_class)
            return True
        except x509.ExtensionNotFound:
            continue
    return False


def _validate(embedded: Any, certificate: x509.Certificate, trust: TrustStore, now: dt.datetime) -> tuple[Any, Check]:
    """pyHanko's validation, with revocation checked where a list is available and recorded where it is not."""
    # "require": pyHanko then insists on revocation information and uses the lists given; without it a
    # certificate with no distribution point would pass unchecked.
    local = _crls_for(certificate, trust)
    if local:
        status = outside_event_loop(validate_pdf_signature, embedded, _context(trust, now, local, False, "require"))
        if status.revocation_details is not None:
            return status, Check("revocation", FAILED, "Chứng thư số đã bị thu hồi.")
        if status.trusted:
            return status, Check("revocation", OK, "Đã kiểm tra danh sách thu hồi (CRL): chứng thư số chưa bị thu hồi.")
    if trust.fetch_revocation and _has_online_revocation(certificate):
        status = outside_event_loop(validate_pdf_signature, embedded, _context(trust, now, (), True, "require"))
        if status.revocation_details is not None:
            return status, Check("revocation", FAILED, "Chứng thư số đã bị thu hồi.")
        if status.trusted:
            return status, Check("revocation", OK, "Đã kiểm tra tình trạng thu hồi trực tuyến (CRL/OCSP).")
    status = outside_event_loop(validate_pdf_signature, embedded, _context(trust, now, (), False, "soft-fail"))
    return status, Check(
        "revocation",
        NOT_CHECKED,
        "Chưa kiểm tra được tình trạng thu hồi chứng thư số (không có danh sách thu hồi hoặc không truy cập được).",
    )


def _day(moment: dt.datetime) -> str:
    return f"{moment.astimezone(pki.VIETNAM):%d/%m/%Y}"


def _period_check(certificate: x509.Certificate, signed_at: dt.datetime | None, now: dt.datetime) -> Check:
    start, end = certificate.not_valid_before_utc, certificate.not_valid_after_utc
    moments = [now] + ([signed_at] if signed_at else [])
    if any(moment > end for moment in moments):
        return Check("validity", FAILED, f"Chứng thư số đã hết hạn ngày {_day(end)}.")
    if any(moment < start for moment in moments):
        return Check(
            "validity", FAILED, f"Chứng thư số chưa có hiệu lực (từ ngày {start.astimezone(pki.VIETNAM):%d/%m/%Y})."
        )
    return Check(
        "validity",
        OK,
        f"Chứng thư số còn hiệu lực ({_day(start)} – {_day(end)}).",
    )


def _key_usage_check(certificate: x509.Certificate) -> Check:
    try:
        usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return Check("key_usage", FAILED, "Chứng thư số không ghi mục đích sử dụng khóa.")
    if not usage.content_commitment:  # pyHanko's default: document signatures need non-repudiation
        return Check("key_usage", FAILED, "Chứng thư số không dùng để ký văn bản (thiếu non-repudiation).")
    return Check("key_usage", OK, "Chứng thư số dùng để ký văn bản.")


def _time_check(signed_at: dt.datetime | None, not_before: dt.datetime | None, now: dt.datetime) -> Check:
    if signed_at is None:
        return Check("signing_time", NOT_CHECKED, "Chữ ký không ghi thời gian ký.")
    if signed_at > now + CLOCK_SKEW or (not_before is not None and signed_at < not_before - CLOCK_SKEW):
        return Check("signing_time", FAILED, "Thời gian ký không hợp lý (trước khi văn bản được tạo hoặc ở tương lai).")
    return Check("signing_time", OK, f"Ký lúc {signed_at.astimezone(pki.VIETNAM):%H:%M:%S %d/%m/%Y}.")


def _covers_original(embedded: Any, original_length: int) -> bool:
    start, first_length, *_rest = embedded.byte_range
    return start == 0 and first_length >= original_length


def _signature(
    number: int, embedded: Any, trust: TrustStore, original_length: int, accept: SignerCheck,
    not_before: dt.datetime | None, now: dt.datetime,
) -> SignatureInfo:  # fmt: skip
    certificate = x509.load_der_x509_certificate(embedded.signer_cert.dump())
    status, revocation = _validate(embedded, certificate, trust, now)
    signed_at = status.signer_reported_dt
    info = SignatureInfo(
        field=embedded.field_name,
        signer=pki.common_name(certificate),
        organisation=_organisation(certificate),
        issuer=certificate.issuer.rfc4514_string(),
        serial=format(certificate.serial_number, "x"),
        fingerprint=pki.fingerprint(certificate),
        signed_at=_iso(signed_at),
        valid_from=_iso(certificate.not_valid_before_utc),
        valid_until=_iso(certificate.not_valid_after_utc),
    )
    checks = info.checks
    if status.intact and status.valid:
        checks.append(Check("integrity", OK, "Chữ ký toàn vẹn: nội dung không bị sửa từ khi ký."))
    else:
        checks.append(Check("integrity", FAILED, "Chữ ký không hợp lệ: nội dung đã bị sửa sau khi ký."))
    if _covers_original(embedded, original_length):
        checks.append(Check("revision", OK, "Chữ ký bao trùm đúng văn bản do hệ thống tạo ra."))
    else:
        checks.append(Check("revision", FAILED, "Chữ ký không bao trùm toàn bộ văn bản do hệ thống tạo ra."))
    level = status.modification_level
    if (level is not None and level > ModificationLevel.FORM_FILLING) or status.docmdp_ok is False:
        checks.append(
            Check(
                "modifications",
                FAILED,
                "Tệp đã bị thay đổi sau khi ký (thêm trang hoặc sửa nội dung), không chỉ thêm chữ ký.",
            )
        )
    else:
        checks.append(Check("modifications", OK, "Sau khi ký, tệp chỉ được thêm chữ ký số."))
    if status.trusted:
        checks.append(Check("trust", OK, "Chứng thư số do tổ chức chứng thực được tin cậy cấp."))
    elif not (status.intact and status.valid):
        checks.append(Check("trust", NOT_CHECKED, "Chưa kiểm tra chuỗi chứng thực vì chữ ký không toàn vẹn."))
    elif status.revocation_details is None:
        checks.append(
            Check(
                "trust",
                FAILED,
                "Chứng thư số không do tổ chức chứng thực được tin cậy cấp, hoặc chuỗi chứng thực không hợp lệ.",
            )
        )
    checks.append(_period_check(certificate, signed_at, now))
    checks.append(_key_usage_check(certificate))
    checks.append(revocation)
    checks.append(_time_check(signed_at, not_before, now))
    refusal = accept(number, certificate)
    if refusal:
        checks.append(Check("signer", FAILED, refusal))
    else:
        checks.append(Check("signer", OK, "Người ký là cán bộ được đăng ký ký văn bản này."))
    return info


def verify(
    signed: bytes, original: bytes, trust: TrustStore, accept: SignerCheck, *,
    now: dt.datetime, not_before: dt.datetime | None = None,
) -> Report:  # fmt: skip
    """Check `signed` is `original` with valid signatures of accepted signers appended, and nothing else."""
    report = Report(checked_at=now.astimezone(dt.UTC).isoformat())
    if PDF_MAGIC not in signed[:1024]:
        report.checks.append(Check("pdf", FAILED, "Tệp tải lên không phải PDF."))
        return report
    try:
        reader = PdfFileReader(io.BytesIO(signed), strict=False)
        embedded = reader.embedded_regular_signatures
    except (PdfReadError, ValueError, KeyError) as error:
        report.checks.append(Check("pdf", FAILED, f"Không đọc được tệp PDF ({type(error).__name__})."))
        return report
    if not embedded:
        report.checks.append(Check("signed", FAILED, "Tệp chưa có chữ ký số."))
        return report
    if signed[: len(original)] != original:
        report.checks.append(
            Check(
                "original",
                FAILED,
                "Tệp đã ký không phải văn bản hệ thống đã tạo: nội dung khác bản gốc, hoặc công cụ ký đã ghi lại "
                "toàn bộ tệp. Hãy ký đúng tệp tải về từ hệ thống, ký thêm (không lưu lại thành tệp mới).",
            )
        )
        return report
    report.checks.append(Check("original", OK, "Phần được ký đúng là văn bản hệ thống đã tạo."))
    reason = revisions.refusal(reader, original)
    if reason:
        report.checks.append(Check("revisions", FAILED, reason))
    else:
        report.checks.append(Check("revisions", OK, "Sau bản hệ thống tạo ra, tệp chỉ được thêm chữ ký số."))
    for number, sig in enumerate(embedded):
        report.signatures.append(_signature(number, sig, trust, len(original), accept, not_before, now))
    return report
