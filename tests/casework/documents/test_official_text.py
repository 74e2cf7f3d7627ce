"""What the household and the clerk read in documents issued during a real walk: Vietnamese words, never
internal codes (issue 13, defect 2); the receipt's time where the commune is (defect 6); village names
said once (defect 8).

The documents are the ones the services store while cases go through the pages, not sample contexts.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from casework.extensions import db
from casework.models import Case, Document
from tests.casework.cases.helpers import log_request, survey
from tests.casework.cases.test_periodic_flow import (
    test_a_request_goes_from_mau_01_to_recognition_through_every_step as walk_periodic_case,
)
from tests.casework.documents.pdftools import pdf_text
from tests.support.clock import Clock
from tests.support.signing import TestPki
from tests.support.world import World

STANDARD = "chuẩn nghèo đa chiều giai đoạn 2022-2025 theo Nghị định số 07/2021/NĐ-CP"
SNAKE_CASE = re.compile(r"\b[a-z][a-z0-9]*_[a-z0-9_]+\b")
CONFIG_KEY = re.compile(r"\b(?:codes|rule|score_table|indicator|line|b1_line|phieu_a):")
RULE_SET = re.compile(r"vn_\d{4}_\d{4}|phiên bản \d+\.\d+")
REGION_CODE = re.compile(r"\bNT\d\b")  # the score table's column, not a region's name
MEMBER_NUMBER = re.compile(r"thành viên \d")
VILLAGE_KIND_TWICE = re.compile(r"\b(thôn|bản|xóm|tổ dân phố) \1\b", re.IGNORECASE)
# Doubled syllables that are names, not mistakes (the test world's village "Lô Lô Chải").
NAMES_WITH_DOUBLED_SYLLABLES = ("Lô Lô",)


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text))


def doubled_words(text: str) -> list[str]:
    for name in NAMES_WITH_DOUBLED_SYLLABLES:
        text = text.replace(name, "").replace(name.upper(), "")
    return [match.group(0) for match in re.finditer(r"\b(\w+) \1\b", text, re.IGNORECASE)]


def internal_codes(text: str) -> list[str]:
    """What only the software knows (snake_case ids, configuration keys, rule-set ids, members by record
    number), and words said twice ("Thôn Thôn"), looked for within each line pdftotext gives (table cells
    side by side would otherwise read as one phrase)."""
    flattened = flat(text)
    found = [*SNAKE_CASE.findall(flattened), *CONFIG_KEY.findall(flattened), *RULE_SET.findall(flattened)]
    found += MEMBER_NUMBER.findall(flattened) + REGION_CODE.findall(flattened)
    for line in text.splitlines():
        found += [m.group(0) for m in VILLAGE_KIND_TWICE.finditer(line)] + doubled_words(line)
    return found


def issued_texts(app: Flask, case_id: int | None = None) -> dict[str, list[str]]:
    with app.app_context():
        query = select(Document).where(Document.sealed_content.is_not(None)).order_by(Document.id)
        if case_id is not None:
            query = query.where(Document.case_id == case_id)
        texts: dict[str, list[str]] = {}
        for document in db.session.execute(query).scalars():
            texts.setdefault(document.kind, []).append(unicodedata.normalize("NFC", pdf_text(document.content)))
        return texts


def test_a_walked_case_issues_documents_without_internal_codes(
    app: Flask, world: World, clock: Clock, test_pki: TestPki
) -> None:
    walk_periodic_case(app, world, clock, test_pki)
    texts = issued_texts(app)
    assert {"survey_record", "request_receipt", "meeting_minutes", "posting_notice", "certificate"} <= texts.keys()
    for kind, pages in texts.items():
        for text in pages:
            assert not internal_codes(text), (kind, internal_codes(text))
    sheet = flat(texts["survey_record"][-1])
    assert f"Chuẩn áp dụng: {STANDARD}." in sheet
    assert "(Giàng Seo Páo)" in sheet  # the member without health insurance, by name
    assert "thôn Lô Lô Chải" in sheet and "vùng: Trung du và miền núi phía Bắc." in sheet
    # Which configuration items are unconfirmed is the survey page's business, not the household's sheet.
    assert "chưa được xác minh" not in sheet and "chưa được đối chiếu" not in sheet and "(*)" not in sheet


def test_a_refusal_names_the_class_and_the_standard_in_words(app: Flask, world: World, login_as, clock: Clock) -> None:  # type: ignore[no-untyped-def]
    clock.set(dt.date(2026, 10, 20))
    staff = login_as("canbo")
    case_id = log_request(app, staff, world.households["a1"], "20/10/2026")
    staff.post("/logout")
    surveyor = login_as("rasoat")
    survey(app, surveyor, case_id, b1="300", day="20/10/2026")
    surveyor.post("/logout")
    with app.app_context():
        db.session.get(Case, case_id).state = "ready_for_decision"  # meeting and posting are tested on their own
        db.session.commit()
    chairman = login_as("chutich")
    assert chairman.post("/language/en").status_code == 302  # the officer reads English; the letter stays Vietnamese
    refused = chairman.post(
        f"/cases/{case_id}/refuse",
        data={"reasons": "Điểm B1 = 300, cao hơn ngưỡng 140.", "number": "7", "issued_on": "20/10/2026"},
    )
    assert refused.status_code == 302, refused.get_data(as_text=True)[:2000]
    texts = issued_texts(app, case_id)
    (raw_letter,) = texts["refusal_letter"]
    assert not internal_codes(raw_letter), internal_codes(raw_letter)
    letter = flat(raw_letter)
    assert "Phân loại hộ gia đình: hộ không nghèo." in letter
    assert f"áp dụng {STANDARD}" in letter
    assert "Điểm B1 (thu nhập ước tính) của hộ: 300 điểm." in letter
    assert "Hộ gia đình chưa đủ điều kiện theo đề nghị." in letter
    assert "not_poor" not in letter and "vn_2022_2025" not in letter


def _receipt(app: Flask, case_id: int) -> str:
    receipt = issued_texts(app, case_id)["request_receipt"][0]
    assert not internal_codes(receipt), internal_codes(receipt)
    return flat(receipt)


def test_a_receipt_states_the_hour_where_the_commune_is(
    app: Flask, world: World, client: FlaskClient, login_as, clock: Clock
) -> None:  # type: ignore[no-untyped-def]
    clock.set(dt.date(2026, 10, 1))
    clock.set_now(dt.datetime(2026, 10, 1, 2, 30, tzinfo=dt.UTC))  # 09:30 in Hà Nội
    staff = login_as("canbo")
    receipt = _receipt(app, log_request(app, staff, world.households["a1"], "01/10/2026"))
    assert "Thời gian nhận hồ sơ: 09 giờ 30 phút, ngày 01 tháng 10 năm 2026." in receipt
    assert "02 giờ 30 phút" not in receipt


def test_a_request_entered_a_day_late_gets_its_date_and_no_invented_hour(
    app: Flask, world: World, login_as, clock: Clock
) -> None:  # type: ignore[no-untyped-def]
    clock.set(dt.date(2026, 10, 2))
    clock.set_now(dt.datetime(2026, 10, 2, 2, 30, tzinfo=dt.UTC))
    staff = login_as("canbo")
    receipt = _receipt(app, log_request(app, staff, world.households["a1"], "01/10/2026"))
    assert "Thời gian nhận hồ sơ: ngày 01 tháng 10 năm 2026." in receipt
    assert "giờ" not in receipt.split("Thời gian nhận hồ sơ:")[1].split(".")[0]


def test_a_regular_review_receipt_states_the_period_the_procedure_sets(
    app: Flask, world: World, login_as, clock: Clock
) -> None:  # type: ignore[no-untyped-def]
    clock.set(dt.date(2026, 3, 16))  # outside the annual campaign: a monthly (regular) review
    staff = login_as("canbo")
    receipt = _receipt(app, log_request(app, staff, world.households["a1"], "16/03/2026"))
    assert (
        "Thời gian giải quyết hồ sơ theo quy định: 15 ngày kể từ ngày bắt đầu rà soát thường xuyên "
        "(Quyết định số 24/2021/QĐ-TTg)." in receipt
    )


def test_a_campaign_receipt_invents_no_processing_period(app: Flask, world: World, login_as, clock: Clock) -> None:  # type: ignore[no-untyped-def]
    clock.set(dt.date(2026, 10, 1))
    staff = login_as("canbo")
    created = staff.post(
        "/runs/new",
        data={"commune_id": str(world.ids["commune_a"]), "year": "2026", "upper_review_level": "district"},
    )
    assert created.status_code == 302
    receipt = _receipt(app, log_request(app, staff, world.households["a1"], "01/10/2026"))
    assert "Thời gian giải quyết hồ sơ" not in receipt
    assert "Thời gian trả kết quả giải quyết hồ sơ:" in receipt
    numbers = re.findall(r"(?<![\d.])(\d)\. ", receipt.split("đã tiếp nhận hồ sơ của:")[1])
    assert numbers == ["1", "2", "3", "4"]  # the numbered lines run on without a gap


def test_a_household_screened_out_by_phieu_a_reads_the_criteria_in_words(
    app: Flask, world: World, login_as, clock: Clock
) -> None:  # type: ignore[no-untyped-def]
    clock.set(dt.date(2026, 3, 16))
    staff = login_as("canbo")
    case_id = log_request(app, staff, world.households["a1"], "16/03/2026")
    staff.post("/logout")
    survey(app, login_as("rasoat"), case_id, b1="120", day="16/03/2026", phieu_a="car")
    (raw_sheet,) = issued_texts(app, case_id)["survey_record"]
    assert not internal_codes(raw_sheet), internal_codes(raw_sheet)
    sheet = flat(raw_sheet)
    assert "- Có ô tô" in sheet and " car" not in sheet
