"""Made-up people, households and agencies of the sample documents (Xã Lũng Cú, Tỉnh Tuyên Quang).

Deterministic, so that the snapshot tests compare the same HTML on every machine. No real person.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date

from casework.documents.context.labels import DECISION_CLASSES, ORIGINS
from casework.documents.context.values import (
    AgencyHeader,
    HouseholdRow,
    IndicatorRow,
    Issue,
    MemberRow,
    Person,
    Signer,
    Verification,
)

SAMPLE_COMMUNE = "Lũng Cú"
SAMPLE_PROVINCE = "Tuyên Quang"
SAMPLE_VILLAGES = ("Lô Lô Chải", "Thèn Pả", "Lũng Cú", "Séo Lủng", "Lủng Thàng", "Đậu Chúa", "Sính Thầu")
SAMPLE_VERIFICATION = Verification("7Q4K-2M9D", "https://hongheo.example/v/7Q4K-2M9D")
_FAMILY = ("Giàng", "Sùng", "Vàng", "Lò", "Mua", "Ly", "Thào", "Sình", "Hầu", "Lầu", "Phàn", "Chảo")
_MIDDLE_MALE = ("Mí", "Seo", "Văn", "A")
_MIDDLE_FEMALE = ("Thị",)
_GIVEN = ("Lử", "Páo", "Tủa", "Chứ", "Sính", "Giả", "Dính", "Súa", "Mai", "Dí", "Pà", "Chá", "Hờ", "Xúa", "Dũng", "Nhè")
_CLASS_MIX = ("poor", "poor", "near_poor", "near_poor", "near_poor", "exited_poor", "exited_near_poor")

SAMPLE_LEGAL_BASES_2026 = (
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025",
    "Căn cứ Nghị định số 07/2021/NĐ-CP ngày 27 tháng 01 năm 2021 của Chính phủ quy định chuẩn nghèo đa chiều "
    "giai đoạn 2021 - 2025",
    "Căn cứ Quyết định số 24/2021/QĐ-TTg ngày 16 tháng 7 năm 2021 của Thủ tướng Chính phủ quy định quy trình "
    "rà soát hộ nghèo, hộ cận nghèo hằng năm và quy trình xác định hộ làm nông nghiệp, lâm nghiệp, ngư nghiệp "
    "và diêm nghiệp có mức sống trung bình giai đoạn 2022 - 2025",
)


def sample_households(count: int, *, seed: int = 2025, villages: Sequence[str] = SAMPLE_VILLAGES) -> list[HouseholdRow]:
    """Deterministic made-up households (no real people), sorted by village as lists are."""
    rng = random.Random(seed)  # noqa: S311  (made-up names, not security)
    rows = []
    for _ in range(count):
        female = rng.random() < 0.3
        middle = rng.choice(_MIDDLE_FEMALE if female else _MIDDLE_MALE)
        rows.append(
            HouseholdRow(
                head_name=f"{rng.choice(_FAMILY)} {middle} {rng.choice(_GIVEN)}",
                village=rng.choice(villages),
                classification=rng.choice(_CLASS_MIX),
                member_count=rng.randint(1, 9),
                head_birth_year=rng.randint(1945, 2000),
                origin=rng.choice(tuple(ORIGINS)),
            )
        )
    return sorted(rows, key=lambda row: villages.index(row.village))


def sample_issue(symbol: str | None, number: int | None, issued_on: date | None, *, draft: bool) -> Issue:
    return Issue(
        AgencyHeader.commune(SAMPLE_COMMUNE),
        symbol=symbol,
        number=number,
        issued_on=issued_on,
        draft=draft,
        verification=SAMPLE_VERIFICATION,
    )


def steering_issue(*, draft: bool, issued_on: date | None) -> Issue:
    return Issue(
        AgencyHeader.commune_unit(SAMPLE_COMMUNE, ("BAN CHỈ ĐẠO RÀ SOÁT", "HỘ NGHÈO, HỘ CẬN NGHÈO")),
        issued_on=issued_on,
        draft=draft,
        verification=SAMPLE_VERIFICATION,
    )


SAMPLE_APPLICANT = Person(
    full_name="Giàng Mí Lử",
    sex="male",
    birth_date=date(1984, 3, 7),
    ethnicity="Mông",
    id_number="002084001234",
    id_issue_date=date(2021, 8, 16),
    id_issuer="Cục Cảnh sát quản lý hành chính về trật tự xã hội",
    permanent_address="Thôn Lô Lô Chải, xã Lũng Cú, tỉnh Tuyên Quang",
    current_address="Thôn Lô Lô Chải, xã Lũng Cú, tỉnh Tuyên Quang",
    phone="0912 345 678",
)
SAMPLE_MEMBERS = (
    MemberRow("Giàng Mí Lử", "male", date(1984, 3, 7), "head", "employed", "Mông"),
    MemberRow("Sùng Thị Mai", "female", date(1987, 11, 20), "wife", "employed", "Mông"),
    MemberRow("Giàng Mí Páo", "male", date(2009, 1, 5), "child", "in_school", "Mông"),
    MemberRow("Giàng Thị Dí", "female", date(2014, 9, 30), "child", "in_school", "Mông"),
    MemberRow("Vàng Thị Súa", "female", 1948, "mother", "not_employed", "Mông", "Chỉ rõ năm sinh"),
)
CHAIRMAN = Signer("Nguyễn Văn Hùng")
VICE_CHAIRMAN = Signer("Hoàng Thị Lan", block="kt_chairman")


SAMPLE_INDICATORS = (
    IndicatorRow(1, "Việc làm", "Việc làm", True, "Chủ hộ làm thuê theo mùa vụ, không có hợp đồng lao động"),
    IndicatorRow(2, "Việc làm", "Người phụ thuộc trong hộ gia đình", False),
    IndicatorRow(3, "Y tế", "Dinh dưỡng", False),
    IndicatorRow(
        4, "Y tế", "Bảo hiểm y tế", True, "Bà Vàng Thị Súa chưa có thẻ bảo hiểm y tế còn hạn", unverified=True
    ),
    IndicatorRow(5, "Giáo dục", "Trình độ giáo dục của người lớn", False),
    IndicatorRow(6, "Giáo dục", "Tình trạng đi học của trẻ em", False),
    IndicatorRow(7, "Nhà ở", "Chất lượng nhà ở", True, "Tường đất, cột gỗ tạp, mái tranh: 3/3 kết cấu không bền chắc"),
    IndicatorRow(8, "Nhà ở", "Diện tích nhà ở bình quân đầu người", True, "30 m² cho 5 người: 6 m²/người (< 8 m²)"),
    IndicatorRow(9, "Nước sinh hoạt và vệ sinh", "Nguồn nước sinh hoạt", False),
    IndicatorRow(10, "Nước sinh hoạt và vệ sinh", "Nhà tiêu hợp vệ sinh", True, "Không có nhà tiêu"),
    IndicatorRow(11, "Thông tin", "Sử dụng dịch vụ viễn thông", False),
    IndicatorRow(12, "Thông tin", "Phương tiện phục vụ tiếp cận thông tin", False),
)


def decision_lists(seed: int, count: int) -> dict[str, list[HouseholdRow]]:
    rows = sample_households(count, seed=seed)
    return {name: [row for row in rows if row.classification == name] for name in DECISION_CLASSES}
