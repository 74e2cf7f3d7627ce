"""Signing inside the app: with the official's PKCS#12 file and passphrase, or with a PKCS#11 token and PIN.

Neither the passphrase nor the PIN is stored or logged; the key is used for this one signature.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from cryptography import x509
from flask import current_app
from pyhanko.config.pkcs11 import TokenCriteria
from pyhanko.sign import pkcs11 as hanko_pkcs11
from pyhanko.sign.signers import Signer

from casework.models import Document, User
from casework.models.signing import SigningRequest
from casework.signing import pki, service, sign

OFFICIAL_FIELD, AGENCY_FIELD = sign.OFFICIAL_FIELD, sign.AGENCY_FIELD


def _certificate(signer: Signer) -> x509.Certificate:
    # A token signer loads its certificate from the token on first use, through an event loop.
    loaded = sign.outside_event_loop(lambda: signer.signing_cert)
    assert loaded is not None
    return x509.load_der_x509_certificate(loaded.dump())


def _own_certificate(certificate: x509.Certificate, actor: User) -> None:
    """Check before signing (TT 15/2025): the certificate is the official's own, registered and in force."""
    fingerprint = pki.fingerprint(certificate)
    if not any(c.fingerprint == fingerprint and c.withdrawn_at is None for c in service.certificates_of(actor)):
        raise sign.SigningError(
            "Chứng thư số này chưa được đăng ký cho tài khoản của bạn. Liên hệ quản trị hệ thống để đăng ký.",
            "certificate_file",
        )
    now = dt.datetime.now(dt.UTC)
    if certificate.not_valid_after_utc < now:
        raise sign.SigningError("Chứng thư số đã hết hạn, không dùng để ký được.", "certificate_file")


def _sign_and_complete(signing: SigningRequest, signer: Signer, route: str, actor: User, now: dt.datetime) -> Document:
    """The official's signature on the generated document, or the agency's on the signed one."""
    certificate = _certificate(signer)
    _own_certificate(certificate, actor)
    agency = signing.status == "signed"
    base = signing.signed_document if agency else signing.document
    assert base is not None and base.content is not None
    stamp = sign.StampText(pki.common_name(certificate), str(signing.payload.get("signer_organisation", "")))
    signed = sign.sign(
        base.content,
        signer,
        stamp,
        field_name=AGENCY_FIELD if agency else OFFICIAL_FIELD,
        order=1 if agency else 0,
        reason=str(signing.payload.get("reason", "")),
        now=now,
    )
    if agency:
        return service.countersign(signing, signed, route, actor, now)

    def alongside(pdf: bytes) -> bytes:
        return sign.sign(pdf, signer, stamp, field_name=OFFICIAL_FIELD, reason=str(signing.payload.get("reason", "")))

    with service.key_in_hand(alongside):
        return service.complete(signing, signed, route, actor, now)


def pkcs12_signer(signing: SigningRequest, data: bytes, passphrase: str, actor: User) -> Callable[[bytes], bytes]:
    """Sign more documents of the request's step (its certificates) with the official's .p12, this request only."""
    signer = sign.load_pkcs12(data, passphrase)
    certificate = _certificate(signer)
    _own_certificate(certificate, actor)
    stamp = sign.StampText(pki.common_name(certificate), str(signing.payload.get("signer_organisation", "")))
    reason = str(signing.payload.get("reason", ""))

    def sign_pdf(pdf: bytes) -> bytes:
        return sign.sign(pdf, signer, stamp, field_name=OFFICIAL_FIELD, reason=reason)

    return sign_pdf


def sign_with_pkcs12(signing: SigningRequest, data: bytes, passphrase: str, actor: User, now: dt.datetime) -> Document:
    return _sign_and_complete(signing, sign.load_pkcs12(data, passphrase), "pkcs12", actor, now)


def token_configured() -> bool:
    return bool(current_app.config["SIGNING_PKCS11_MODULE"])


@contextmanager
def _token_signer(pin: str, actor: User) -> Iterator[Signer]:
    """The actor's key on the configured token: the certificate whose fingerprint they registered."""
    from pkcs11 import Attribute, ObjectClass  # the token library is only needed where a token is configured
    from pkcs11.exceptions import PKCS11Error

    if not pin:
        raise sign.SigningError("Nhập mã PIN của USB token.", "pin")
    try:
        session = hanko_pkcs11.open_pkcs11_session(
            current_app.config["SIGNING_PKCS11_MODULE"],
            token_criteria=TokenCriteria(label=current_app.config["SIGNING_PKCS11_TOKEN"] or None),
            user_pin=pin,
        )
    except PKCS11Error as error:
        raise sign.SigningError("Không mở được USB token: sai mã PIN hoặc token chưa được cắm.", "pin") from error
    except Exception as error:  # pyHanko reports a missing token as a plain error
        raise sign.SigningError("Không tìm thấy USB token đã cấu hình.", "pin") from error
    try:
        mine = {c.fingerprint for c in service.certificates_of(actor) if c.withdrawn_at is None}
        on_token = [
            bytes(obj[Attribute.ID])
            for obj in session.get_objects({Attribute.CLASS: ObjectClass.CERTIFICATE})
            if pki.fingerprint_der(bytes(obj[Attribute.VALUE])) in mine
        ]
        if not on_token:
            raise sign.SigningError("Trên USB token không có chứng thư số nào đã đăng ký cho tài khoản của bạn.", "pin")
        yield hanko_pkcs11.PKCS11Signer(session, cert_id=on_token[0])
    finally:
        session.close()


def sign_with_token(signing: SigningRequest, pin: str, actor: User, now: dt.datetime) -> Document:
    with _token_signer(pin, actor) as signer:
        return _sign_and_complete(signing, signer, "pkcs11", actor, now)
