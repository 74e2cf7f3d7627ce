"""A certificate authority for the tests: one root per session, one key per official, cached.

RSA keys take a while to make, so they are made once; each test registers the certificates again in
its own (emptied) database. The root and its revocation list sit where the app looks for them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from sqlalchemy import select

from casework.extensions import db
from casework.models import User
from casework.signing import pki, service, sign

PASSPHRASE = "mat-khau-chung-thu"


class TestPki:
    __test__ = False  # not a test class, whatever its name

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.now = dt.datetime.now(dt.UTC)
        self.root = pki.create_root("CA thử nghiệm", self.now)
        self._issued: dict[str, pki.Issued] = {}
        for sub in ("trust", "crl", "intermediates"):
            (folder / sub).mkdir(parents=True, exist_ok=True)
        (folder / "trust" / "root.pem").write_bytes(pki.pem(self.root.certificate))
        self.publish_crl([])

    def publish_crl(self, revoked: list[int]) -> None:
        crl = pki.create_crl(self.root, revoked, self.now)
        (self.folder / "crl" / "root.crl").write_bytes(crl.public_bytes(serialization.Encoding.DER))

    def issued(self, username: str) -> pki.Issued:
        """The official's certificate, named as the test world names its users (huyen: "Huyen")."""
        if username not in self._issued:
            self._issued[username] = pki.issue_signing_certificate(self.root, username.title(), "UBND", self.now)
        return self._issued[username]

    def p12(self, username: str) -> bytes:
        return self.issued(username).pkcs12(PASSPHRASE, [self.root.certificate])

    def register(self, user: User) -> None:
        service.register_certificate(user, pki.pem(self.issued(user.username).certificate), None, self.now)

    def register_officials(self) -> None:
        """Every user of the world who signs gets their certificate registered."""
        for user in db.session.execute(select(User)).scalars():
            if any(a.role in service.SIGNER_ROLES for a in user.assignments):
                self.register(user)
        db.session.commit()

    def sign_outside(self, pdf: bytes, issued: pki.Issued, field_name: str = "sig_official", order: int = 0) -> bytes:
        """What an official's own signing tool does: an incremental PAdES signature on the downloaded file."""
        signer = sign.load_pkcs12(issued.pkcs12(PASSPHRASE, [self.root.certificate]), PASSPHRASE)
        name = issued.certificate.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)[0].value
        return sign.sign(pdf, signer, sign.StampText(str(name), "UBND"), field_name=field_name, order=order)
