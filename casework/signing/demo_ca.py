"""A demo certificate authority so the whole signing flow works out of the box (never for real documents).

It writes <pki>/trust/demo-root.pem (the trust root), <pki>/crl/demo-root.crl (its revocation list),
<pki>/demo/ (the CA's encrypted key) and <pki>/users/<username>.p12, one PKCS#12 file per official
who signs, protected by the passphrase given, and registers each certificate for its user.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from sqlalchemy import select

from casework.extensions import db
from casework.models import User
from casework.models.signing import SigningCertificate
from casework.signing import pki, service

ROOT_NAME = "CA DEMO Rà soát hộ nghèo (không dùng thật)"


@dataclass
class DemoCa:
    root: pki.Issued
    folder: Path

    def crl(self, revoked: list[int], now: dt.datetime) -> None:
        crl = pki.create_crl(self.root, revoked, now)
        (self.folder / "crl").mkdir(parents=True, exist_ok=True)
        (self.folder / "crl" / "demo-root.crl").write_bytes(crl.public_bytes(serialization.Encoding.DER))


def load_or_create(folder: Path, passphrase: str, now: dt.datetime) -> DemoCa:
    key_path, cert_path = folder / "demo" / "root-key.pem", folder / "trust" / "demo-root.pem"
    if key_path.exists() and cert_path.exists():
        return DemoCa(
            pki.Issued(pki.read_certificate(cert_path.read_bytes()), pki.read_key(key_path, passphrase)), folder
        )
    root = pki.create_root(ROOT_NAME, now)
    for sub in ("demo", "trust", "users"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    pki.write_key(key_path, root.key, passphrase)
    cert_path.write_bytes(pki.pem(root.certificate))
    ca = DemoCa(root, folder)
    ca.crl([], now)
    return ca


def _organisation(user: User) -> str:
    for assignment in user.assignments:
        if assignment.role in service.SIGNER_ROLES and assignment.unit is not None:
            return f"UBND {assignment.unit.name}"
    return "UBND"


def issue_for_users(ca: DemoCa, passphrase: str, now: dt.datetime) -> list[tuple[User, Path]]:
    """A certificate and .p12 for every official who signs and has no registered certificate yet."""
    issued = []
    for user in service.officials():
        has = db.session.execute(
            select(SigningCertificate.id).where(
                SigningCertificate.user_id == user.id, SigningCertificate.withdrawn_at.is_(None)
            )
        ).first()
        path = ca.folder / "users" / f"{user.username}.p12"
        if has and path.exists():
            continue
        certificate = pki.issue_signing_certificate(ca.root, user.full_name, _organisation(user), now)
        path.write_bytes(certificate.pkcs12(passphrase, [ca.root.certificate]))
        path.chmod(0o600)
        service.register_certificate(user, pki.pem(certificate.certificate), None, now)
        issued.append((user, path))
    return issued


def revoke(ca: DemoCa, certificate: x509.Certificate, now: dt.datetime) -> None:
    """Put a certificate on the demo CA's revocation list (keeping those already there)."""
    path = ca.folder / "crl" / "demo-root.crl"
    revoked = []
    if path.exists():
        revoked = [entry.serial_number for entry in x509.load_der_x509_crl(path.read_bytes())]
    ca.crl([*revoked, certificate.serial_number], now)
