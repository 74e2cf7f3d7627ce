"""The public page a document's QR code leads to: what it is, and whether a copy matches."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from flask import Flask
from sqlalchemy import select

from casework.extensions import db
from casework.models import Document
from tests.casework.cases.helpers import log_request
from tests.support.clock import Clock
from tests.support.world import World


@pytest.fixture
def receipt(app: Flask, world: World, login_as, clock: Clock) -> Document:  # type: ignore[no-untyped-def]
    clock.set(dt.date(2026, 10, 5))
    log_request(app, login_as("canbo"), world.households["a1"], "05/10/2026")
    with app.app_context():
        document = db.session.execute(select(Document).where(Document.kind == "request_receipt")).scalar_one()
        db.session.expunge(document)
        return document


def test_the_code_on_the_document_leads_to_its_page_and_a_copy_is_checked(app: Flask, receipt: Document) -> None:
    visitor = app.test_client()  # the public: no sign-in
    text = receipt.context["verification"]["url"]
    assert receipt.verification_code and text.endswith(f"/v/{receipt.verification_code}")
    page = visitor.get(f"/v/{receipt.verification_code}")
    body = page.get_data(as_text=True)
    assert page.status_code == 200 and "Giấy tiếp nhận hồ sơ và hẹn trả kết quả" in body
    assert page.headers["X-Robots-Tag"] == "noindex, nofollow"
    assert "Giàng Seo Páo" not in body and "002080001001" not in body  # nothing personal on the public page
    same = visitor.post(
        f"/v/{receipt.verification_code}",
        data={"copy": (io.BytesIO(receipt.content), "a.pdf")},
        content_type="multipart/form-data",
    )
    assert "TRÙNG KHỚP" in same.get_data(as_text=True)
    changed = receipt.content.replace(b"%%EOF", b"%%EOF\n% changed")
    other = visitor.post(
        f"/v/{receipt.verification_code}",
        data={"copy": (io.BytesIO(changed), "a.pdf")},
        content_type="multipart/form-data",
    )
    assert "KHÔNG KHỚP" in other.get_data(as_text=True)
    missing = visitor.get("/v/ZZZZ-ZZZZ")
    assert missing.status_code == 404 and re.search("Không có văn bản nào", missing.get_data(as_text=True))
