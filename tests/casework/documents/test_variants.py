"""Variants the samples do not show: the other Mẫu 01 title, Phiếu C, the district's reply."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date
from typing import Any

from casework.documents.context.pieces import counts_from_rows
from casework.documents.context.requests import request_form
from casework.documents.context.review import review_list, survey_record
from casework.documents.context.upper import upper_approval
from casework.documents.context.values import AgencyHeader, IncomeRow, Issue, Signer, SurveyResult
from tests.support import document_samples as samples

from .pdftools import pdf_text


def flat(pdf: bytes) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", pdf_text(pdf)))


def test_request_form_average_living_standard_title(render_context: Callable[[str, dict[str, Any]], bytes]) -> None:
    context = request_form(
        request_kind="average_living_standard",
        commune="Lũng Cú",
        applicant=samples.SAMPLE_APPLICANT,
        members=samples.SAMPLE_MEMBERS[:2],
        reason="Hộ làm nông nghiệp, đề nghị xác định mức sống.",
        signed_place="Lũng Cú",
    )
    text = flat(render_context("request_form", context))
    assert "XÁC ĐỊNH HỘ CÓ MỨC SỐNG TRUNG BÌNH" in text
    assert "RÀ SOÁT HỘ NGHÈO" not in text
    assert "Lũng Cú, ngày …… tháng …… năm 20……" in text  # left for the applicant to write


def test_survey_record_with_phieu_c_income(render_context: Callable[[str, dict[str, Any]], bytes]) -> None:
    result = SurveyResult(
        classification="average_living_standard",
        reasons=("Thu nhập bình quân 1.900.000 đồng/người/tháng: trên chuẩn nghèo, không quá 2.250.000 đồng",),
        rule_set_id="vn_2022_2025",
        rule_set_version="2025.3",
        income=(IncomeRow("Trồng trọt (ngô, lúa nương)", 48_000_000), IncomeRow("Chăn nuôi", 66_000_000)),
        income_per_capita_month=1_900_000,
    )
    context = survey_record(
        Issue(AgencyHeader.commune_unit("Lũng Cú", ["Ban Chỉ đạo rà soát"]), issued_on=date(2026, 3, 20)),
        year=2026,
        head=samples.SAMPLE_APPLICANT,
        village="Thèn Pả",
        member_count=5,
        area_label="Nông thôn",
        region="NT2",
        surveyed_on=date(2026, 3, 18),
        reviewer="Lò Văn Tủa",
        result=result,
    )
    assert context["income_total"] == {"amount": 114_000_000, "text": "114.000.000 đồng"}
    text = flat(render_context("survey_record", context))
    assert "PHIẾU C - THU NHẬP CỦA HỘ TRONG 12 THÁNG" in text
    assert "114.000.000 đồng" in text and "1.900.000 đồng" in text
    assert "HỘ CÓ MỨC SỐNG TRUNG BÌNH" in text
    assert "PHIẾU B" not in text and "chưa được xác minh" not in text
    assert "vùng: Trung du và miền núi phía Bắc." in text and "NT2" not in text  # the region by its name


def test_district_reply_asking_for_a_recheck(render_context: Callable[[str, dict[str, Any]], bytes]) -> None:
    households = samples.sample_households(3, seed=9)
    context = upper_approval(
        Issue(
            AgencyHeader(("ỦY BAN NHÂN DÂN", "HUYỆN ĐỒNG VĂN"), place="Đồng Văn"),
            symbol="UBND-LĐTBXH",
            number=7,
            issued_on=date(2024, 11, 25),
        ),
        year=2024,
        upper_level="district",
        upper_unit="Đồng Văn",
        commune="Lũng Cú",
        report_reference="Báo cáo số 98/BC-UBND ngày 12/11/2024",
        outcome="recheck_requested",
        counts=counts_from_rows(households),
        changes=(),
        recheck_households=households,
        signer=Signer("Phạm Đức Toàn", block="tm_committee", body="ỦY BAN NHÂN DÂN HUYỆN ĐỒNG VĂN"),
        recipients=("Phòng Lao động - Thương binh và Xã hội huyện",),
        archive="VT, LĐTBXH",
    )
    text = flat(render_context("upper_approval", context))
    assert "Số: 07/UBND-LĐTBXH" in text
    assert "Đồng Văn, ngày 25 tháng 11 năm 2024" in text
    assert "Ủy ban nhân dân huyện nhận được Báo cáo số 98/BC-UBND" in text
    assert "tổ chức phúc tra các hộ gia đình sau" in text
    assert "TM. ỦY BAN NHÂN DÂN HUYỆN ĐỒNG VĂN" in text
    for household in households:
        assert household.head_name in text


def test_review_list_for_one_village(render_context: Callable[[str, dict[str, Any]], bytes]) -> None:
    rows = samples.sample_households(12, seed=3, villages=("Séo Lủng",))
    context = review_list(
        Issue(AgencyHeader.commune_unit("Lũng Cú", ["Thôn Séo Lủng"]), issued_on=date(2025, 9, 12)),
        year=2025,
        commune="Lũng Cú",
        villages={"Séo Lủng": rows},
        signer=Signer("Sùng Mí Chứ", block="plain", title="Trưởng thôn"),
    )
    assert context["scope"] == "village" and context["grand_total"] == ""
    text = flat(render_context("review_list", context))
    assert "Năm 2025 - Thôn Séo Lủng, xã Lũng Cú" in text
    assert "Cộng thôn Séo Lủng: 12 hộ" in text
    assert "TRƯỞNG THÔN" in text and "Sùng Mí Chứ" in text
    assert "Lũng Cú, ngày 12 tháng 9 năm 2025" in text
