"""Signing with a PKCS#11 token, tried against SoftHSM with the official's key and certificate on it."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pkcs11
import pytest
from cryptography.hazmat.primitives import serialization
from pkcs11 import Attribute, CertificateType, ObjectClass
from sqlalchemy import select

from casework.extensions import db
from casework.models.signing import SignatureValidation
from tests.casework.signing.conftest import Pending
from tests.support.signing import TestPki

MODULES = ("/usr/lib/softhsm/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so")
LABEL, PIN, SO_PIN = "casework-test", "246810", "13579111"


@pytest.fixture(scope="session")
def softhsm(tmp_path_factory: pytest.TempPathFactory, test_pki: TestPki) -> Iterator[str]:
    """A SoftHSM token holding huyen's key and certificate; the module path is what the app is configured with."""
    module = next((m for m in MODULES if Path(m).exists()), None)
    assert module and shutil.which("softhsm2-util"), "SoftHSM is installed by `make test` (Debian package softhsm2)"
    folder = tmp_path_factory.mktemp("softhsm")
    (folder / "tokens").mkdir()
    conf = folder / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {folder / 'tokens'}\nobjectstore.backend = file\n")
    previous = os.environ.get("SOFTHSM2_CONF")
    os.environ["SOFTHSM2_CONF"] = str(conf)
    tool = ["softhsm2-util"]
    subprocess.run([*tool, "--init-token", "--free", "--label", LABEL, "--so-pin", SO_PIN, "--pin", PIN], check=True,
                   capture_output=True)  # fmt: skip
    issued = test_pki.issued("huyen")
    key = folder / "huyen.key"
    key.write_bytes(
        issued.key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    subprocess.run([*tool, "--import", str(key), "--token", LABEL, "--label", "huyen", "--id", "01", "--pin", PIN],
                   check=True, capture_output=True)  # fmt: skip
    key.unlink()
    token = pkcs11.lib(module).get_token(token_label=LABEL)
    with token.open(rw=True, user_pin=PIN) as session:
        session.create_object(
            {
                Attribute.CLASS: ObjectClass.CERTIFICATE,
                Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
                Attribute.TOKEN: True,
                Attribute.LABEL: "huyen",
                Attribute.ID: b"\x01",
                Attribute.SUBJECT: issued.certificate.subject.public_bytes(),
                Attribute.VALUE: issued.certificate.public_bytes(serialization.Encoding.DER),
            }
        )
    yield module
    if previous is None:
        os.environ.pop("SOFTHSM2_CONF", None)
    else:
        os.environ["SOFTHSM2_CONF"] = previous


def test_the_official_signs_with_the_token_and_its_pin(pending: Pending, softhsm: str) -> None:
    pending.app.config.update(SIGNING_PKCS11_MODULE=softhsm, SIGNING_PKCS11_TOKEN=LABEL)
    page = pending.client.get(f"/signing/{pending.signing_id}").get_data(as_text=True)
    assert "Ký bằng USB token" in page
    wrong = pending.client.post(f"/signing/{pending.signing_id}/pkcs11", data={"pin": "000000"})
    assert wrong.status_code == 422 and "sai mã PIN" in wrong.get_data(as_text=True)
    assert pending.states() == {"upper_review"}

    done = pending.client.post(f"/signing/{pending.signing_id}/pkcs11", data={"pin": PIN})
    assert done.status_code == 302, done.get_data(as_text=True)[:3000]
    assert pending.states() == {"ready_for_decision"}
    with pending.app.app_context():
        validation = db.session.execute(select(SignatureValidation)).scalar_one()
        assert (validation.valid, validation.route) == (True, "pkcs11")
        assert validation.report["signatures"][0]["signer"] == "Huyen"


def test_without_a_configured_token_there_is_no_token_route(pending: Pending) -> None:
    assert "Ký bằng USB token" not in pending.client.get(f"/signing/{pending.signing_id}").get_data(as_text=True)
    assert pending.client.post(f"/signing/{pending.signing_id}/pkcs11", data={"pin": PIN}).status_code == 404
