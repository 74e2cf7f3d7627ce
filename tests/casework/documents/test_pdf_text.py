"""What a reader of the PDFs sees: headings, names and numbers with their diacritics, page numbers
from page 2 only, appendices numbered on their own, and drafts without number or date."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

import pytest

from casework.documents.context.labels import KINDS

from .pdftools import page_texts, pdf_text

NATIONAL = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
EXPECTED = {
    "request_form": (
        "Mẫu số 01",
        "GIẤY ĐỀ NGHỊ",
        "RÀ SOÁT HỘ NGHÈO, HỘ CẬN NGHÈO",
        "Kính gửi: Chủ tịch Ủy ban nhân dân xã Lũng Cú",
        "Giàng Mí Lử",
        "Giới tính (1: Nam; 2: Nữ): 1",
        "Sinh ngày 07 tháng 3 năm 1984",
        "002084001234",
        "Quan hệ với",
        "Vàng Thị Súa",
        "Lũng Cú, ngày 20 tháng 9 năm 2025",
        "NGƯỜI ĐỀ NGHỊ",
        "(Ký, ghi rõ họ tên)",
    ),
    "exit_request_form": (
        "Mẫu số 04",
        "CÔNG NHẬN HỘ THOÁT NGHÈO, HỘ THOÁT CẬN NGHÈO",
        "Cơ quan cấp: Cục Cảnh sát quản lý hành chính về trật tự xã hội",
        "công nhận hộ gia đình tôi là hộ thoát nghèo",
        "Lũng Cú, ngày 09 tháng 02 năm 2026",
    ),
    "request_receipt": (
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        "Số: 125/TNHS",
        "Thời gian trả kết quả giải quyết hồ sơ: ngày 07 tháng 10 năm 2025",
        "THÔNG BÁO VỀ XỬ LÝ DỮ LIỆU CÁ NHÂN",
        "Phiên bản thông báo: 2026-01",
        "NGƯỜI TIẾP NHẬN HỒ SƠ",
        "Đỗ Thị Thu Hà",
    ),
    "review_list": (
        "Phụ lục I",
        "DANH SÁCH HỘ GIA ĐÌNH CẦN RÀ SOÁT",
        "BAN CHỈ ĐẠO RÀ SOÁT",
        "Thôn Lô Lô Chải",
        "Thôn Thèn Pả",
        "Họ và tên chủ hộ",
        "Tổng cộng toàn xã:",
        "TM. BAN CHỈ ĐẠO",
        "TRƯỞNG BAN",
    ),
    "survey_record": (
        "PHIẾU KẾT QUẢ RÀ SOÁT HỘ GIA ĐÌNH",
        "PHIẾU A - NHẬN DẠNG NHANH ĐẶC ĐIỂM HỘ GIA ĐÌNH",
        "Tổng điểm B1 (ngưỡng: 140 điểm)",
        "Điểm B2: 50",
        "Số chỉ số thiếu hụt: 5/12",
        "Nhà tiêu hợp vệ sinh",
        "HỘ NGHÈO",
        "Chuẩn áp dụng: chuẩn nghèo đa chiều giai đoạn 2022-2025 theo Nghị định số 07/2021/NĐ-CP.",
        "RÀ SOÁT VIÊN",
    ),
    "meeting_minutes": (
        "BIÊN BẢN HỌP DÂN",
        "THÔN LÔ LÔ CHẢI",
        "Hôm nay, vào hồi 08 giờ 00 phút, ngày 15 tháng 10 năm 2025",
        "Đại diện các tổ chức đoàn thể: 04 người;",
        "Tổng số người dự họp: 42 người.",
        "Số người dự họp tại thời điểm biểu quyết: 42 người",
        "90,5%",
        "Không thông qua",
        "Về hộ Ly Mí Dính: Nhiều ý kiến cho rằng hộ vẫn còn khó khăn.",
        "Cuộc họp được tổ chức dân chủ, công khai, đúng quy trình.",
        "Biên bản được lập thành 02 bản",
        "MTTQ VIỆT NAM XÃ",
        "ĐẠI DIỆN CÁC HỘ GIA ĐÌNH",
    ),
    "posting_notice": (
        "THÔNG BÁO",
        "Số: 88/TB-UBND",
        "Lũng Cú, ngày 20 tháng 10 năm 2025",
        "Về việc niêm yết công khai kết quả rà soát hộ nghèo, hộ cận nghèo năm 2025",
        "từ ngày 21 tháng 10 năm 2025 đến hết ngày 23 tháng 10 năm 2025 (03 ngày làm việc)",
        "Phụ lục",
        "Kèm theo Thông báo số 88/TB-UBND ngày 20 tháng 10 năm 2025",
        "TM. ỦY BAN NHÂN DÂN",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Hoàng Thị Lan",
        "Nơi nhận:",
        "- Lưu: VT, VHXH.",
    ),
    "complaint_record": (
        "BIÊN BẢN",
        "KN-2025-007",
        "Không công khai danh tính",
        "Ly Mí Dính",
        "Sai sót thông tin của hộ gia đình",
        "ngày 27 tháng 10 năm 2025",
    ),
    "recheck_record": (
        "BIÊN BẢN PHÚC TRA",
        "Trước phúc tra",
        "Sau phúc tra",
        "Hộ không nghèo",
        "Hộ cận nghèo",
        "Thay đổi phân loại hộ gia đình",
        "CÁC THÀNH VIÊN TỔ PHÚC TRA",
    ),
    "upper_report": (
        "BÁO CÁO",
        "Số: 112/BC-UBND",
        "Kính gửi: Ủy ban nhân dân tỉnh Tuyên Quang.",
        "1.864 hộ, 9.102 nhân khẩu",
        "III. ĐỀ NGHỊ",
        "DANH SÁCH HỘ NGHÈO NĂM 2026",
        "Kèm theo Báo cáo số 112/BC-UBND",
        "kính báo cáo và đề nghị Ủy ban nhân dân tỉnh Tuyên Quang cho ý kiến",
        "TM. ỦY BAN NHÂN DÂN",
    ),
    "upper_approval": (
        "ỦY BAN NHÂN DÂN",
        "TỈNH TUYÊN QUANG",
        "Số: 2315/UBND-KT",
        "V/v cho ý kiến đối với kết quả rà soát hộ nghèo, hộ cận nghèo năm 2025",
        "Tuyên Quang, ngày 28 tháng 11 năm 2025",
        "Kính gửi: Ủy ban nhân dân xã Lũng Cú.",
        "Cơ bản thống nhất",
        "TM. ỦY BAN NHÂN DÂN",
        "Trần Quốc Khánh",
    ),
    "recognition_decision": (
        "QUYẾT ĐỊNH",
        "Số: 05/QĐ-UBND",
        "Lũng Cú, ngày 12 tháng 12 năm 2025",
        "Về việc công nhận danh sách hộ nghèo, hộ cận nghèo và danh sách hộ thoát",
        "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ LŨNG CÚ",
        "Căn cứ Quyết định số 24/2021/QĐ-TTg",
        "Xét ý kiến của Ủy ban nhân dân tỉnh Tuyên Quang tại Công văn số 2315/",
        "ngày 28 tháng 11 năm 2025;",
        "Theo đề nghị của Ban Chỉ đạo rà soát hộ nghèo, hộ cận nghèo xã Lũng Cú.",
        "QUYẾT ĐỊNH:",
        "Điều 1.",
        "Điều 2.",
        "Điều 3.",
        "chịu trách nhiệm thi hành Quyết định này./.",
        "Phụ lục IV",
        "DANH SÁCH HỘ THOÁT CẬN NGHÈO NĂM 2026",
        "(Kèm theo Quyết định số 05/QĐ-UBND ngày 12 tháng 12 năm 2025 của Chủ tịch Ủy ban nhân dân",
        "Nguyễn Văn Hùng",
    ),
    "certificate": (
        "UBND XÃ LŨNG CÚ",
        "Số: 07/GCN-HN.HCN",
        "Lũng Cú, ngày 05 tháng 01 năm 2026",
        "GIẤY CHỨNG NHẬN HỘ NGHÈO, HỘ CẬN NGHÈO",
        "Hộ gia đình ông/bà: Giàng Mí Lử",
        "I. Danh sách thành viên hộ gia đình",
        "Năm sinh",
        "Nam",
        "Nữ",
        "Thuộc diện: Hộ nghèo năm 2026",
        "II. Kết quả phân loại hộ gia đình giai đoạn 2022 - 2025",
        "Chỉ số thiếu hụt",
        "số 05/QĐ-UBND ngày 12/12/2025",
        "số 41/QĐ-UBND ngày 18/12/2023",
        "Sùng Thị Mai",
        "Vàng Thị Súa",
        "CHỦ TỊCH",
    ),
    "refusal_letter": (
        "Số: 214/UBND-VHXH",
        "V/v trả lời đề nghị rà soát hộ nghèo, hộ cận nghèo",
        "Kính gửi: Bà Sùng Thị Mai",
        "Lý do:",
        "1.500.000 đồng",
        "Hộ gia đình bà không đủ điều kiện công nhận là hộ nghèo, hộ cận nghèo năm 2026.",
        "theo quy định của Luật Khiếu nại",
        "TM. ỦY BAN NHÂN DÂN",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "áp dụng chuẩn nghèo đa chiều giai đoạn 2022-2025 theo Nghị định số 07/2021/NĐ-CP",
    ),
}


def flat(text: str) -> str:
    """One line of NFC text: phrases may wrap anywhere in the PDF."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text))


def test_every_kind_has_expectations() -> None:
    assert sorted(EXPECTED) == sorted(KINDS)


@pytest.mark.parametrize("kind", KINDS)
def test_pdf_text_carries_headings_names_and_numbers(sample_pdf: Callable[..., bytes], kind: str) -> None:
    text = flat(pdf_text(sample_pdf(kind)))
    missing = [phrase for phrase in (*NATIONAL, *EXPECTED[kind]) if flat(phrase) not in text]
    assert not missing, f"{kind}: missing {missing}"
    assert "DỰ THẢO" not in text
    assert "Mã tra cứu: 7Q4K-2M9D" in text


def top_margin_number(page: str) -> str | None:
    """The page number is the first line pdftotext finds when one is printed above the header."""
    lines = [line.strip() for line in page.splitlines() if line.strip()]
    return lines[0] if lines and lines[0].isdigit() else None


def test_page_numbers_start_on_page_two_and_restart_in_each_appendix(sample_pdf: Callable[..., bytes]) -> None:
    pages = page_texts(sample_pdf("recognition_decision"))
    numbers = [top_margin_number(page) for page in pages]
    starts = [index for index, page in enumerate(pages) if flat(page).lstrip().startswith("Phụ lục")]
    assert numbers[0] is None
    assert starts and all(numbers[index] is None for index in starts)
    for index, number in enumerate(numbers):
        if index == 0 or index in starts:
            continue
        group_start = max([0, *[start for start in starts if start < index]])
        assert number == str(index - group_start + 1), (index, numbers)


def test_single_page_document_has_no_page_number(sample_pdf: Callable[..., bytes]) -> None:
    (page,) = page_texts(sample_pdf("upper_approval"))
    assert top_margin_number(page) is None


@pytest.mark.parametrize("kind", ["recognition_decision", "posting_notice", "certificate", "refusal_letter"])
def test_drafts_have_blank_number_and_date_and_a_visible_mark(sample_pdf: Callable[..., bytes], kind: str) -> None:
    final = flat(pdf_text(sample_pdf(kind)))
    draft = flat(pdf_text(sample_pdf(kind, draft=True)))
    number = re.search(r"Số: (\d+)/", final)
    assert number
    assert f"Số: {number.group(1)}/" not in draft
    assert re.search(r"Số: ……/[A-ZĐ.\-]+", draft)
    assert "Lũng Cú, ngày …… tháng …… năm 20……" in draft
    assert "DỰ THẢO" in draft


def test_draft_appendix_reference_is_blank(sample_pdf: Callable[..., bytes]) -> None:
    draft = flat(pdf_text(sample_pdf("recognition_decision", draft=True)))
    assert "(Kèm theo Quyết định số ……/QĐ-UBND ngày …… tháng …… năm 20…… của Chủ tịch" in draft


def test_public_list_pdf_shows_no_id_numbers(sample_pdf: Callable[..., bytes]) -> None:
    text = flat(pdf_text(sample_pdf("posting_notice")))
    assert not re.search(r"\b\d{9}(\d{3})?\b", text)


def test_markup_in_values_is_printed_not_obeyed(render_context: Callable[..., bytes]) -> None:
    from tests.support.document_samples import sample_context

    context = sample_context("request_form")
    context["applicant"]["full_name"] = '<img src="file:///etc/passwd">Giàng Mí Lử'
    text = flat(pdf_text(render_context("request_form", context)))
    assert '<img src="file:///etc/passwd">Giàng Mí Lử' in text
