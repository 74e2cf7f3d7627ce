"""The district official approves the commune's results in the browser and signs the letter with their .p12."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from flask import Flask
from playwright.sync_api import Page, expect
from sqlalchemy import select

from casework.approvals import service as upper
from casework.approvals.documents import Register
from casework.extensions import db
from casework.models import Document, ReviewRun, UpperReview, User
from casework.models.signing import SignatureValidation
from tests.browser.conftest import screenshot
from tests.browser.test_households import sign_in
from tests.casework.approvals.test_upper import campaign, states
from tests.support.clock import Clock
from tests.support.signing import PASSPHRASE, TestPki
from tests.support.world import World

pytestmark = pytest.mark.browser


def test_the_official_signs_the_approval_in_the_browser_and_the_cases_move_on(  # type: ignore[no-untyped-def]
    desktop: Page, base_url: str, live_app: tuple[Flask, World], test_pki: TestPki, clock: Clock, tmp_path
) -> None:
    app, world = live_app
    clock.set(dt.date(2025, 11, 20))
    shutil.copytree(test_pki.folder, app.config["SIGNING_PKI_DIR"], dirs_exist_ok=True)
    run_id, ids = campaign(app, world)
    with app.test_request_context():  # the report's QR code links to the public page: a URL is built
        test_pki.register_officials()
        chairman = db.session.execute(select(User).where(User.username == "chutich")).scalar_one()
        run = db.session.get_one(ReviewRun, run_id)
        upper.send(run, Register(5, "BC-UBND"), chairman, dt.date(2025, 11, 20))
        db.session.commit()
        review = db.session.execute(select(UpperReview.id)).scalar_one()
    p12 = tmp_path / "huyen.p12"
    p12.write_bytes(test_pki.p12("huyen"))

    sign_in(desktop, base_url, "huyen")
    desktop.goto(f"{base_url}/upper/{review}")
    desktop.get_by_label("Số văn bản (theo sổ đăng ký văn bản đi)").fill("12")
    desktop.get_by_role("button", name="Đồng ý kết quả rà soát").click()
    expect(desktop.get_by_role("heading", level=1)).to_contain_text("Ký số văn bản")
    expect(desktop.locator("iframe.pdf-preview")).to_be_visible()
    screenshot(desktop, "desktop-signing")

    desktop.get_by_label("Tệp chứng thư số", exact=True).set_input_files(str(p12))
    desktop.get_by_label("Mật khẩu của tệp").fill("sai-mat-khau")
    desktop.get_by_role("button", name="Ký số", exact=True).click()
    expect(desktop.get_by_text("sai mật khẩu", exact=False)).to_be_visible()
    assert set(states(app, ids).values()) == {"upper_review"}

    desktop.get_by_label("Tệp chứng thư số", exact=True).set_input_files(str(p12))
    desktop.get_by_label("Mật khẩu của tệp").fill(PASSPHRASE)
    desktop.get_by_role("button", name="Ký số", exact=True).click()
    expect(desktop.get_by_text("Đã ký số và kiểm tra chữ ký: hợp lệ.", exact=False)).to_be_visible()
    assert set(states(app, ids).values()) == {"ready_for_decision"}
    # The official stays on the signed letter: its verification result, and the way back to the commune's results.
    expect(desktop.get_by_text("Văn bản đã được ký số và kiểm tra chữ ký hợp lệ.")).to_be_visible()
    expect(desktop.get_by_label("Kết quả kiểm tra chữ ký số")).to_be_visible()
    expect(desktop.get_by_role("link", name="Quay lại kết quả rà soát của xã")).to_have_attribute(
        "href", f"/upper/{review}"
    )
    screenshot(desktop, "desktop-signed")
    with app.app_context():
        validation = db.session.execute(select(SignatureValidation)).scalar_one()
        signed = db.session.get_one(Document, validation.document_id)
        code = db.session.get_one(Document, signed.context["signed_from"]).verification_code
    desktop.goto(f"{base_url}/v/{code}")
    expect(desktop.get_by_text("Chữ ký số hợp lệ")).to_be_visible()
    expect(desktop.get_by_text("Người ký là cán bộ được đăng ký ký văn bản này.")).to_be_visible()
