"""Registering officials' certificates, and the demo certificate authority the README's demo relies on."""

from __future__ import annotations

import io
from pathlib import Path

from click.testing import Result
from flask import Flask
from sqlalchemy import select

from casework.extensions import db
from casework.models import User
from casework.models.signing import SigningCertificate
from casework.signing import pki, sign
from tests.support.signing import TestPki
from tests.support.world import World


def _upload(client, user_id: int, data: bytes):  # type: ignore[no-untyped-def]
    return client.post(
        "/signing/certificates",
        data={"user_id": str(user_id), "certificate": (io.BytesIO(data), "chung-thu.cer")},
        content_type="multipart/form-data",
    )


def test_an_administrator_registers_and_withdraws_an_officials_certificate(  # type: ignore[no-untyped-def]
    app: Flask, world: World, login_as, test_pki: TestPki
) -> None:
    admin = login_as("admin")
    page = admin.get("/signing/certificates").get_data(as_text=True)
    assert "Huyen (huyen)" in page and "Chutich (chutich)" in page and "Canbo (canbo)" not in page
    new = pki.issue_signing_certificate(test_pki.root, "Huyen", "UBND", test_pki.now)
    assert _upload(admin, world.users["huyen"], pki.pem(new.certificate)).status_code == 302
    again = _upload(admin, world.users["huyen"], pki.pem(new.certificate))
    assert again.status_code == 422 and "đã được đăng ký" in again.get_data(as_text=True)
    garbage = _upload(admin, world.users["huyen"], b"khong phai chung thu")
    assert garbage.status_code == 422 and "không phải chứng thư số" in garbage.get_data(as_text=True)
    with app.app_context():
        registered = db.session.execute(
            select(SigningCertificate).where(SigningCertificate.fingerprint == pki.fingerprint(new.certificate))
        ).scalar_one()
    assert admin.post(f"/signing/certificates/{registered.id}/withdraw").status_code == 302
    with app.app_context():
        assert db.session.get_one(SigningCertificate, registered.id).withdrawn_at is not None
    admin.post("/logout")
    official = login_as("huyen")
    own = official.get("/signing/certificates").get_data(as_text=True)
    assert "Huyen (huyen)" in own and "Chutich" not in own and "Đăng ký chứng thư số" not in own
    assert _upload(official, world.users["huyen"], pki.pem(new.certificate)).status_code == 403


def test_the_demo_ca_command_gives_every_signing_official_a_working_p12(app: Flask, world: World) -> None:
    with app.app_context():
        db.session.execute(SigningCertificate.__table__.delete())
        db.session.commit()
    app.config["SIGNING_PKI_DIR"] = str(app.config["SIGNING_PKI_DIR"]) + "-demo"
    result: Result = app.test_cli_runner().invoke(args=["signing", "demo-ca", "--passphrase", "mat-khau-demo"])
    assert result.exit_code == 0, result.output
    assert "huyen" in result.output and "chutich" in result.output and "canbo " not in result.output
    with app.app_context():
        folder = Path(app.config["SIGNING_PKI_DIR"])
        p12 = (folder / "users" / "huyen.p12").read_bytes()
        signer = sign.load_pkcs12(p12, "mat-khau-demo")
        huyen = db.session.execute(select(User).where(User.username == "huyen")).scalar_one()
        registered = db.session.execute(
            select(SigningCertificate).where(SigningCertificate.user_id == huyen.id)
        ).scalar_one()
        assert registered.fingerprint == pki.fingerprint_der(signer.signing_cert.dump())
    assert (folder / "trust" / "demo-root.pem").exists()
    again = app.test_cli_runner().invoke(args=["signing", "demo-ca", "--passphrase", "mat-khau-demo"])
    assert again.exit_code == 0 and "huyen" not in again.output  # idempotent: nobody gets a second certificate
