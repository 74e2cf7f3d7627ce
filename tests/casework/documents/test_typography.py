"""Titles in even lines, village names said once, the standard named by its instrument (issue 13)."""

from __future__ import annotations

from datetime import date, time

import pytest
from flask import Flask

from casework.documents.context.formatting import village_text
from casework.documents.context.posting import complaint_record
from casework.documents.context.review import review_list
from casework.documents.context.values import HouseholdRow, Signer
from casework.documents.render import render_html
from casework.documents.typography import PORTRAIT_TEXT_MM, balance_lines, balanced, text_width
from tests.support.document_samples.people import steering_issue
from workflow.standards import load_rule_set_by_id

TITLES = [
    "Về việc công nhận danh sách hộ nghèo, hộ cận nghèo và danh sách hộ thoát nghèo, hộ thoát cận nghèo "
    "trên địa bàn xã Lũng Cú năm 2026",
    "Tiếp nhận ý kiến phản ánh về kết quả rà soát hộ nghèo, hộ cận nghèo năm 2025",
    "Về việc niêm yết công khai kết quả rà soát hộ nghèo, hộ cận nghèo năm 2026 trên địa bàn thôn Lô Lô Chải",
]


@pytest.mark.parametrize("title", TITLES)
def test_a_long_title_breaks_into_even_lines_that_fit(title: str) -> None:
    lines = balance_lines(title, 14)
    assert " ".join(lines) == title
    widths = [text_width(line, 14) for line in lines]
    assert len(lines) >= 2 and max(widths) <= PORTRAIT_TEXT_MM * 72 / 25.4
    assert all(len(line.split()) > 2 for line in lines)  # never a word or two left alone
    assert min(widths) > 0.6 * max(widths)


def test_a_title_is_broken_after_a_comma_or_between_terms_not_inside_one() -> None:
    lines = balance_lines("DANH SÁCH KẾT QUẢ RÀ SOÁT HỘ NGHÈO, HỘ CẬN NGHÈO NĂM 2025", 13, upper=True)
    assert lines == ["DANH SÁCH KẾT QUẢ RÀ SOÁT", "HỘ NGHÈO, HỘ CẬN NGHÈO NĂM 2025"]
    lines = balance_lines(TITLES[1], 14)
    assert not any(line.endswith((" rà", " hộ", " cận")) for line in lines), lines


def test_a_short_title_is_left_alone_and_text_is_escaped() -> None:
    assert balanced("QUYẾT ĐỊNH", 14, upper=True) == "QUYẾT ĐỊNH"
    assert balanced("<b>Năm 2026</b>") == "&lt;b&gt;Năm 2026&lt;/b&gt;"
    assert balanced(None) == ""


@pytest.mark.parametrize(
    ("stored", "in_text", "opening"),
    [
        ("Thôn Xín Cái", "thôn Xín Cái", "Thôn Xín Cái"),
        ("Xín Cái", "thôn Xín Cái", "Thôn Xín Cái"),
        ("thôn  Xín Cái", "thôn Xín Cái", "Thôn Xín Cái"),
        ("Tổ dân phố 3", "tổ dân phố 3", "Tổ dân phố 3"),
        ("Bản Phùng", "bản Phùng", "Bản Phùng"),
        ("Thôn", "thôn Thôn", "Thôn Thôn"),  # a name that is only the word keeps it as the name
    ],
)
def test_a_village_kind_is_said_once(stored: str, in_text: str, opening: str) -> None:
    assert village_text(stored) == in_text
    assert village_text(stored, capital=True) == opening


def test_review_list_says_each_village_kind_once() -> None:
    rows = {
        "Thôn Xín Cái": [HouseholdRow("Vàng Mí Lử", "Thôn Xín Cái", "poor", 4, origin="existing_near_poor")],
        "Bản Phùng": [HouseholdRow("Sùng Thị Mai", "Bản Phùng", "poor", 3, origin="request")],
    }
    issue, signer = steering_issue(draft=False, issued_on=None), Signer("Nguyễn Văn Hùng", block="tm_steering")
    context = review_list(issue, year=2026, commune="Lũng Cú", villages=rows, signer=signer)
    titles = [section["title"] for section in context["sections"]]
    totals = [section["total_label"] for section in context["sections"]]
    assert titles == ["Thôn Xín Cái", "Bản Phùng"]
    assert totals == ["Cộng thôn Xín Cái: 1 hộ", "Cộng bản Phùng: 1 hộ"]
    assert context["sections"][0]["rows"][0]["origin"] == "Hộ cận nghèo đang quản lý"
    one = review_list(
        issue, year=2026, commune="Lũng Cú", villages={"Thôn Xín Cái": rows["Thôn Xín Cái"]}, signer=signer
    )
    assert one["summary"] == "Năm 2026 - Thôn Xín Cái, xã Lũng Cú"


@pytest.mark.parametrize(
    ("rule_set_id", "name"),
    [
        ("vn_2016_2020", "chuẩn nghèo tiếp cận đa chiều giai đoạn 2016-2020 theo Quyết định số 59/2015/QĐ-TTg"),
        ("vn_2022_2025", "chuẩn nghèo đa chiều giai đoạn 2022-2025 theo Nghị định số 07/2021/NĐ-CP"),
        ("vn_2027_2030", "chuẩn nghèo đa chiều giai đoạn 2027-2030 theo Nghị định số 351/2025/NĐ-CP"),
    ],
)
def test_each_standard_is_named_by_its_instrument(rule_set_id: str, name: str) -> None:
    assert load_rule_set_by_id(rule_set_id).document_name == name


@pytest.mark.parametrize(
    ("registered", "printed"),
    [("Thôn Xín Cái", "Ly Mí Dính, thôn Xín Cái;"), ("Tổ dân phố 3", "Ly Mí Dính, tổ dân phố 3;")],
)
@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_the_complaint_record_says_the_village_kind_once(app: Flask, registered: str, printed: str) -> None:
    context = complaint_record(
        steering_issue(draft=False, issued_on=date(2025, 10, 22)),
        period_label="năm 2025",
        complaint_id="KN-2025-007",
        received_on=date(2025, 10, 22),
        received_time=time(14, 15),
        channel="in_person",
        complainant=None,
        complainant_contact="",
        household=HouseholdRow("Ly Mí Dính", registered, "poor"),
        complaint_type="data_error",
        content="Sai diện tích nhà ở.",
        recheck_deadline=date(2025, 10, 27),
        receiver="Đỗ Thị Thu Hà",
    )
    with app.test_request_context():
        html = render_html("complaint_record", context)
    assert printed in html and "thôn Thôn" not in html and "thôn Tổ" not in html
