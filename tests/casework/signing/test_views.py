"""Signing the upper level's approval: each route, and each way a signed file is refused with nothing changed."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys
from pathlib import Path

import pytest
from flask import Flask
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from sqlalchemy import func, select

from casework.extensions import db
from casework.models import AdminUnit, Document, Role, User
from casework.models.signing import SignatureValidation, SigningRequest
from casework.signing import pki, service
from tests.casework.signing.conftest import Pending
from tests.casework.signing.test_revisions import rewrite_page
from tests.support.clock import Clock
from tests.support.signing import TestPki
from tests.support.world import add_user


def validations(app: Flask) -> int:
    with app.app_context():
        return db.session.execute(select(func.count(SignatureValidation.id))).scalar_one()


def test_the_official_signs_in_the_app_and_the_cases_move_on(pending: Pending) -> None:
    home = pending.client.get("/").get_data(as_text=True)
    assert "Văn bản chờ bạn ký số" in home and f"/signing/{pending.signing_id}" in home
    page = pending.client.get(f"/signing/{pending.signing_id}").get_data(as_text=True)
    assert "Ký bằng tệp chứng thư số" in page and f"/signing/{pending.signing_id}/document.pdf" in page
    with pending.app.app_context():
        review_id = db.session.get_one(SigningRequest, pending.signing_id).payload["review_id"]
    review_page = pending.client.get(f"/upper/{review_id}").get_data(as_text=True)
    assert "Đã có văn bản đang chờ ký số." in review_page and f"/signing/{pending.signing_id}" in review_page
    preview = pending.client.get(f"/signing/{pending.signing_id}/document.pdf")
    assert preview.data == pending.original and preview.headers["X-Frame-Options"] == "SAMEORIGIN"

    response = pending.sign_in_app(pending.pki.p12("huyen"))
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    assert pending.states() == {"ready_for_decision"} and pending.status() == "signed"
    with pending.app.app_context():
        validation = db.session.execute(select(SignatureValidation)).scalar_one()
        assert validation.valid and validation.route == "pkcs12"
        signed = db.session.get_one(Document, validation.document_id)
        assert signed.content[: len(pending.original)] == pending.original  # our bytes, then the signature
        (signature,) = validation.report["signatures"]
        assert signature["signer"] == "Huyen" and all(c["status"] == "ok" for c in signature["checks"])
        code = db.session.get_one(Document, signed.context["signed_from"]).verification_code
    case_page = pending.client.get(f"/cases/{pending.ids['a1']}").get_data(as_text=True)
    assert "Đã ký số" in case_page and "Người ký là cán bộ được đăng ký ký văn bản này." in case_page
    public = pending.app.test_client().get(f"/v/{code}").get_data(as_text=True)
    assert "Chữ ký số hợp lệ" in public and "Huyen" in public and "Chưa ký số" not in public
    assert "ỦY BAN NHÂN DÂN HUYỆN ĐỒNG VĂN" in public  # the issuing agency, as the letter's header names it
    match = pending.app.test_client().post(
        f"/v/{code}", data={"copy": (io.BytesIO(signed.content), "a.pdf")}, content_type="multipart/form-data"
    )
    assert "TRÙNG KHỚP" in match.get_data(as_text=True)


def test_a_pdf_signed_outside_the_app_is_uploaded_and_verified(pending: Pending) -> None:
    signed = pending.pki.sign_outside(pending.original, pending.pki.issued("huyen"))
    response = pending.upload(signed)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    assert pending.states() == {"ready_for_decision"}
    with pending.app.app_context():
        assert db.session.execute(select(SignatureValidation.route)).scalar_one() == "upload"


def _tamper_after_original(signed: bytes, original: bytes) -> bytes:
    """Change one byte the signature covers, after our document (inside the signature's appearance)."""
    position = signed.index(b"stream", len(original)) + 12
    return signed[:position] + bytes([signed[position] ^ 0x01]) + signed[position + 1 :]


def _append_page(signed: bytes) -> bytes:
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    page = generic.DictionaryObject(
        {
            generic.NameObject("/Type"): generic.NameObject("/Page"),
            generic.NameObject("/MediaBox"): generic.ArrayObject([generic.NumberObject(n) for n in (0, 0, 595, 842)]),
            generic.NameObject("/Resources"): generic.DictionaryObject(),
            generic.NameObject("/Contents"): writer.add_object(generic.StreamObject(stream_data=b"BT ET")),
        }
    )
    writer.insert_page(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _other_root_certificate(pki_: TestPki) -> pki.Issued:
    stranger = pki.create_root("CA lạ", pki_.now)
    return pki.issue_signing_certificate(stranger, "Huyen", "UBND", pki_.now)


def _register(app: Flask, username: str, issued: pki.Issued) -> None:
    """Register a certificate as an administrator would, without the checks (an expired one, say)."""
    with app.app_context():
        user = db.session.execute(select(User).where(User.username == username)).scalar_one()
        db.session.add(service.certificate_record(user, issued.certificate, None))
        db.session.commit()


REJECTIONS = {
    "changed_after_signing": "nội dung đã bị sửa sau khi ký",
    "original_changed": "không phải văn bản hệ thống đã tạo",
    "page_appended": "Tệp đã bị thay đổi sau khi ký",
    "page_rewritten_before_signing": "nội dung trang 1 bị sửa",
    "unregistered_signer": "chưa được đăng ký cho cán bộ nào",
    "wrong_official": "không phải cán bộ có thẩm quyền",
    "expired_certificate": "Chứng thư số đã hết hạn",
    "untrusted_root": "không do tổ chức chứng thực được tin cậy",
    "revoked_certificate": "Chứng thư số đã bị thu hồi",
    "unsigned": "Tệp chưa có chữ ký số",
    "not_a_pdf": "Tệp tải lên không phải PDF",
}


@pytest.mark.parametrize("case", sorted(REJECTIONS))
def test_a_bad_signed_file_is_refused_with_a_clear_message_and_nothing_changes(pending: Pending, case: str) -> None:
    app, test_pki, original = pending.app, pending.pki, pending.original
    good = test_pki.issued("huyen")
    revoked_serials: list[int] = []
    if case == "changed_after_signing":
        upload = _tamper_after_original(test_pki.sign_outside(original, good), original)
    elif case == "original_changed":
        signed = test_pki.sign_outside(original, good)
        middle = len(original) // 2  # inside our document, which the signature also covers
        upload = signed[:middle] + bytes([signed[middle] ^ 0x01]) + signed[middle + 1 :]
    elif case == "page_appended":
        upload = _append_page(test_pki.sign_outside(original, good))
    elif case == "page_rewritten_before_signing":  # the signature is sound, but over an altered letter
        upload = test_pki.sign_outside(rewrite_page(original), good)
    elif case == "unregistered_signer":
        upload = test_pki.sign_outside(original, test_pki.issued("canbo"))
    elif case == "wrong_official":
        upload = test_pki.sign_outside(original, test_pki.issued("chutich"))  # registered, but a commune chairman
    elif case == "expired_certificate":
        expired = pki.issue_signing_certificate(
            test_pki.root, "Huyen", "UBND", test_pki.now,
            not_before=test_pki.now - dt.timedelta(days=400), not_after=test_pki.now - dt.timedelta(days=1),
        )  # fmt: skip
        _register(app, "huyen", expired)
        upload = test_pki.sign_outside(original, expired)
    elif case == "untrusted_root":
        stranger = _other_root_certificate(test_pki)
        _register(app, "huyen", stranger)
        upload = test_pki.sign_outside(original, stranger)
    elif case == "revoked_certificate":
        revoked = pki.issue_signing_certificate(test_pki.root, "Huyen", "UBND", test_pki.now)
        _register(app, "huyen", revoked)
        revoked_serials = [revoked.certificate.serial_number]
        test_pki.publish_crl(revoked_serials)
        upload = test_pki.sign_outside(original, revoked)
    elif case == "unsigned":
        upload = original
    else:
        upload = b"Day khong phai PDF"
    try:
        response = pending.upload(upload)
    finally:
        if revoked_serials:
            test_pki.publish_crl([])
    page = response.get_data(as_text=True)
    assert response.status_code == 422, page[:2000]
    assert REJECTIONS[case] in page and "chưa có gì thay đổi" in page, page[page.find("rejected-title") :][:1500]
    assert pending.states() == {"upper_review"} and pending.status() == "pending"
    assert validations(app) == 0
    with app.app_context():  # nothing of the attempt is kept: only the generated letter exists
        assert (
            db.session.execute(select(func.count(Document.id)).where(Document.kind == "upper_approval")).scalar() == 1
        )


def test_in_app_signing_refuses_a_wrong_passphrase_and_someone_elses_certificate(pending: Pending) -> None:
    wrong = pending.sign_in_app(pending.pki.p12("huyen"), passphrase="sai")
    assert wrong.status_code == 422 and "sai mật khẩu" in wrong.get_data(as_text=True)
    theirs = pending.sign_in_app(pending.pki.p12("chutich"))
    assert theirs.status_code == 422
    assert "chưa được đăng ký cho tài khoản của bạn" in theirs.get_data(as_text=True)
    empty = pending.client.post(f"/signing/{pending.signing_id}/upload", data={})
    assert empty.status_code == 422 and "Chọn tệp PDF đã ký số" in empty.get_data(as_text=True)
    assert pending.states() == {"upper_review"} and validations(pending.app) == 0


def test_only_the_officials_of_the_unit_reach_the_signing_page(pending: Pending, login_as) -> None:  # type: ignore[no-untyped-def]
    pending.client.post("/logout")
    other = login_as("canbo_b")
    assert other.get(f"/signing/{pending.signing_id}").status_code == 404
    assert other.get(f"/signing/{pending.signing_id}/document.pdf").status_code == 404
    other.post("/logout")
    chairman = login_as("chutich")
    assert chairman.post(f"/signing/{pending.signing_id}/upload", data={}).status_code == 404


def test_a_signing_agent_fetches_once_and_posts_the_signed_file_back(pending: Pending) -> None:
    args = pending.client.post(f"/signing/{pending.signing_id}/handoff").get_json()
    assert set(args) >= {"FileName", "FileUploadHandler"}
    agent = pending.app.test_client()  # no session cookie: the token is the credential
    fetched = agent.get(args["FileName"])
    assert fetched.status_code == 200 and fetched.data == pending.original
    assert agent.get(args["FileName"]).status_code == 404  # single use
    bad = agent.post(args["FileUploadHandler"], data={"file": (io.BytesIO(fetched.data), "x.pdf")})
    assert bad.status_code == 422 and bad.get_json()["Status"] == 1 and "chưa có chữ ký" in bad.get_json()["Message"]
    signed = pending.pki.sign_outside(fetched.data, pending.pki.issued("huyen"))
    done = agent.post(args["FileUploadHandler"], data={"file": (io.BytesIO(signed), "x.pdf")})
    assert done.status_code == 200 and done.get_json()["Status"] == 0, done.get_data(as_text=True)
    assert done.get_json()["DocumentNumber"] == "12/UBND"
    assert pending.states() == {"ready_for_decision"}
    assert agent.post(args["FileUploadHandler"], data={"file": (io.BytesIO(signed), "x.pdf")}).status_code == 404


def test_an_expired_agent_link_is_refused(pending: Pending, clock: Clock) -> None:
    args = pending.client.post(f"/signing/{pending.signing_id}/handoff").get_json()
    clock.set_now(dt.datetime.now(dt.UTC) + dt.timedelta(hours=1))
    assert pending.app.test_client().get(args["FileName"]).status_code == 404


def test_the_signed_letter_is_valid_for_pdfsig_and_pyhankos_own_validator(pending: Pending, tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert pending.sign_in_app(pending.pki.p12("huyen")).status_code == 302
    with pending.app.app_context():
        validation = db.session.execute(select(SignatureValidation)).scalar_one()
        signed = db.session.get_one(Document, validation.document_id).content
    path = tmp_path / "signed.pdf"
    path.write_bytes(signed)
    root = pending.pki.folder / "trust" / "root.pem"
    pdfsig = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, check=False).stdout
    assert "Signature is Valid." in pdfsig and "Total document signed" in pdfsig
    validator = str(Path(sys.executable).with_name("pyhanko"))
    arguments = ["sign", "validate", "--no-revocation-check", "--trust", str(root), "--pretty-print", str(path)]
    hanko = subprocess.run([validator, *arguments], capture_output=True, text=True, check=False)
    assert hanko.returncode == 0, hanko.stdout + hanko.stderr
    assert "The signature is cryptographically sound" in hanko.stdout and "trusted" in hanko.stdout.lower()


def test_the_records_clerk_adds_the_agency_signature_after_the_official(  # type: ignore[no-untyped-def]
    pending: Pending, login_as, tmp_path
) -> None:
    with pending.app.app_context():
        clerk = add_user("vanthu_huyen", Role.RECORDS_CLERK, unit=db.session.get_one(AdminUnit, pending.unit_id))
        pending.pki.register(clerk)
        db.session.commit()
    pending.client.post("/logout")
    clerk_client = login_as("vanthu_huyen")
    assert clerk_client.get(f"/signing/{pending.signing_id}").status_code == 404  # nothing to do before the official

    clerk_client.post("/logout")
    pending.client = login_as("huyen")
    assert pending.sign_in_app(pending.pki.p12("huyen")).status_code == 302
    pending.client.post("/logout")
    pending.client = login_as("vanthu_huyen")
    home = pending.client.get("/").get_data(as_text=True)
    assert "chờ chữ ký số của cơ quan" in home and f"/signing/{pending.signing_id}" in home
    page = pending.client.get(f"/signing/{pending.signing_id}").get_data(as_text=True)
    assert "Chữ ký số của cơ quan" in page
    done = pending.sign_in_app(pending.pki.p12("vanthu_huyen"))
    assert done.status_code == 302, done.get_data(as_text=True)[:3000]
    with pending.app.app_context():
        latest = db.session.execute(select(SignatureValidation).order_by(SignatureValidation.id.desc())).scalars()
        newest = next(latest)
        assert [s["signer"] for s in newest.report["signatures"]] == ["Huyen", "Vanthu_Huyen"]
        assert newest.valid and all(c["status"] != "failed" for s in newest.report["signatures"] for c in s["checks"])
        signed = db.session.get_one(Document, newest.document_id).content
    assert pending.sign_in_app(pending.pki.p12("vanthu_huyen")).status_code == 404  # one agency signature, done
    assert pending.states() == {"ready_for_decision"}
    path = tmp_path / "agency.pdf"
    path.write_bytes(signed)
    pdfsig = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, check=False).stdout
    assert pdfsig.count("Signature is Valid.") == 2 and "Signature #2" in pdfsig
