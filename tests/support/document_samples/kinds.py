"""One realistic sample context per document kind, final or draft: the input of the snapshot tests."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time
from typing import Any

from casework.documents.context.decision import certificate, recognition_decision, refusal_letter
from casework.documents.context.meeting import meeting_minutes
from casework.documents.context.pieces import counts_from_rows
from casework.documents.context.posting import complaint_record, posting_notice, recheck_record
from casework.documents.context.requests import exit_request_form, request_form, request_receipt
from casework.documents.context.review import review_list, survey_record
from casework.documents.context.upper import upper_approval, upper_report
from casework.documents.context.values import (
    AgencyHeader,
    AnswerRow,
    AttendeeGroup,
    Context,
    Endorsement,
    HouseholdRow,
    Issue,
    MeetingVote,
    Person,
    RecheckValues,
    Signer,
    SurveyResult,
)
from tests.support.document_samples.people import (
    CHAIRMAN,
    SAMPLE_APPLICANT,
    SAMPLE_COMMUNE,
    SAMPLE_INDICATORS,
    SAMPLE_LEGAL_BASES_2026,
    SAMPLE_MEMBERS,
    SAMPLE_PROVINCE,
    SAMPLE_VERIFICATION,
    SAMPLE_VILLAGES,
    VICE_CHAIRMAN,
    decision_lists,
    sample_households,
    sample_issue,
    steering_issue,
)


def _sample_request_form(draft: bool) -> Context:
    return request_form(
        request_kind="poverty_review",
        commune=SAMPLE_COMMUNE,
        applicant=SAMPLE_APPLICANT,
        members=SAMPLE_MEMBERS,
        reason="Gia đình bị lũ quét cuốn trôi nhà ở và 3.000 m² nương ngô tháng 8 năm 2025; chồng bị tai nạn "
        "lao động, không còn khả năng làm việc nặng.",
        signed_place=SAMPLE_COMMUNE,
        signed_on=None if draft else date(2025, 9, 20),
        draft=draft,
        verification=SAMPLE_VERIFICATION,
    )


def _sample_exit_request_form(draft: bool) -> Context:
    return exit_request_form(
        commune=SAMPLE_COMMUNE,
        applicant=SAMPLE_APPLICANT,
        members=SAMPLE_MEMBERS,
        requested_exit="exit_poor",
        reason="Gia đình đã có thu nhập ổn định từ trồng chè và nuôi bò; con trai đã đi làm công nhân có hợp đồng.",
        signed_place=SAMPLE_COMMUNE,
        signed_on=None if draft else date(2026, 2, 9),
        draft=draft,
        verification=SAMPLE_VERIFICATION,
    )


def _sample_request_receipt(draft: bool) -> Context:
    issue = Issue(
        AgencyHeader.commune_unit(SAMPLE_COMMUNE, ("BỘ PHẬN TIẾP NHẬN", "VÀ TRẢ KẾT QUẢ")),
        symbol="TNHS",
        number=None if draft else 125,
        issued_on=None if draft else date(2025, 9, 22),
        draft=draft,
        verification=SAMPLE_VERIFICATION,
    )
    return request_receipt(
        issue,
        applicant=SAMPLE_APPLICANT,
        request_kind="poverty_review",
        channel="in_person",
        received_at=date(2025, 9, 22),
        received_time=time(9, 30),
        promised_on=date(2025, 10, 7),
        processing_days="15 ngày kể từ ngày bắt đầu kỳ rà soát (ngày 15 hằng tháng)",
        receiver="Đỗ Thị Thu Hà",
        case_code="000.00.24.H10-250922-0125",
        register_book="Quyển số 02, số thứ tự 125",
    )


def _sample_review_list(draft: bool) -> Context:
    rows = sample_households(36, seed=11)
    villages = {village: [row for row in rows if row.village == village] for village in SAMPLE_VILLAGES[:3]}
    return review_list(
        steering_issue(draft=draft, issued_on=None if draft else date(2025, 9, 15)),
        year=2025,
        commune=SAMPLE_COMMUNE,
        villages=villages,
        signer=Signer("Nguyễn Văn Hùng", block="tm_steering"),
        compiler=Signer("Đỗ Thị Thu Hà", block="plain", title="Người lập biểu"),
    )


def _sample_survey_record(draft: bool) -> Context:
    result = SurveyResult(
        classification="poor",
        reasons=(
            "Điểm B1 = 118 ≤ 140 (ngưỡng khu vực nông thôn): thu nhập ước tính không vượt chuẩn nghèo",
            "Thiếu hụt 5/12 chỉ số (B2 = 50 ≥ 30): thuộc hộ nghèo",
        ),
        rule_set_id="vn_2022_2025",
        rule_set_version="2025.3",
        standard_name="chuẩn nghèo đa chiều giai đoạn 2022-2025 theo Nghị định số 07/2021/NĐ-CP",
        phieu_a_result="continue_to_b",
        phieu_a_criteria=("Không có tiêu chí nào thuộc nhóm 1", "1/6 tiêu chí nhóm 2 (có xe máy)"),
        answers=(
            AnswerRow("Số nhân khẩu của hộ", "5 người", 30),
            AnswerRow("Số người phụ thuộc", "3 người", 0),
            AnswerRow("Trình độ giáo dục cao nhất của thành viên", "Tốt nghiệp trung học cơ sở", 10),
            AnswerRow("Loại nhà ở", "Nhà tạm, tường đất", 0),
            AnswerRow("Diện tích nhà ở bình quân", "6 m²/người", 5),
            AnswerRow("Điện năng tiêu thụ bình quân/tháng", "Dưới 25 kWh", 5, unverified=True),
            AnswerRow("Tài sản lâu bền", "01 xe máy", 18),
            AnswerRow("Đất sản xuất", "3.000 m² nương ngô (bị lũ cuốn trôi)", 20),
            AnswerRow("Gia súc", "02 con bò", 30),
        ),
        score_b1=118,
        b1_threshold=140,
        indicators=SAMPLE_INDICATORS,
        unverified_items=("Điện năng tiêu thụ: hộ tự khai, chưa đối chiếu hóa đơn",),
    )
    return survey_record(
        steering_issue(draft=draft, issued_on=None if draft else date(2025, 10, 3)),
        year=2025,
        head=SAMPLE_APPLICANT,
        village="Lô Lô Chải",
        member_count=5,
        area_label="Nông thôn",
        region="NT2",
        surveyed_on=date(2025, 10, 2),
        reviewer="Lò Văn Tủa",
        result=result,
    )


def _sample_meeting_minutes(draft: bool) -> Context:
    issue = Issue(
        AgencyHeader.commune_unit(SAMPLE_COMMUNE, ("THÔN LÔ LÔ CHẢI",)), draft=draft, verification=SAMPLE_VERIFICATION
    )
    votes = (
        MeetingVote("Giàng Mí Lử", "new_poor", 38, 42, 3, 1, "Nhà bị lũ cuốn trôi, đề nghị ưu tiên hỗ trợ nhà ở."),
        MeetingVote("Sùng Thị Chá", "new_near_poor", 30, 42, 8, 4),
        MeetingVote("Vàng Seo Páo", "exited_poor", 40, 42, 2, 0, "Hộ đã có thu nhập ổn định từ trồng chè."),
        MeetingVote("Ly Mí Dính", "exited_near_poor", 17, 42, 20, 5, "Nhiều ý kiến cho rằng hộ vẫn còn khó khăn."),
    )
    return meeting_minutes(
        issue,
        year=2025,
        period_label="năm 2025",
        commune=SAMPLE_COMMUNE,
        village="Lô Lô Chải",
        held_on=date(2025, 10, 15),
        started_at=time(8, 0),
        ended_at=time(10, 30),
        venue="Nhà văn hóa thôn Lô Lô Chải",
        chair="Thào Mí Sính",
        secretary="Lầu Thị Hờ",
        attendee_count=42,
        attendees=(
            AttendeeGroup("Thành viên Ban Chỉ đạo rà soát cấp xã", 2),
            AttendeeGroup("Công chức phụ trách công tác giảm nghèo cấp xã", 1),
            AttendeeGroup("Trưởng thôn", 1),
            AttendeeGroup("Đại diện chi bộ", 1),
            AttendeeGroup("Đại diện các tổ chức đoàn thể", 4),
            AttendeeGroup("Rà soát viên", 2),
            AttendeeGroup("Đại diện các hộ gia đình được rà soát", 12),
            AttendeeGroup("Đại diện các hộ gia đình khác", 19),
        ),
        supervisors=("Hầu Mí Nhè",),
        vote_mode="per_household",
        votes=votes,
        household_signers=("Giàng Mí Lử", "Sùng Thị Chá", "Vàng Seo Páo", "Ly Mí Dính"),
        opinions="Ông Sình Mí Giả đề nghị rà soát kỹ thu nhập từ chăn nuôi của các hộ thoát nghèo.",
        supervisor_remarks="Cuộc họp được tổ chức dân chủ, công khai, đúng quy trình.",
    )


def _sample_posting_notice(draft: bool) -> Context:
    households = sample_households(40, seed=7)
    return posting_notice(
        sample_issue("TB-UBND", 88, date(2025, 10, 20), draft=draft),
        period_label="năm 2025",
        commune=SAMPLE_COMMUNE,
        legal_bases=(
            SAMPLE_LEGAL_BASES_2026[2],
            "Căn cứ Kế hoạch số 41/KH-UBND ngày 05 tháng 9 năm 2025 của Ủy ban nhân dân xã Lũng Cú về rà soát hộ "
            "nghèo, hộ cận nghèo năm 2025",
            "Căn cứ biên bản họp dân thống nhất kết quả rà soát của các thôn",
        ),
        counts=counts_from_rows(households),
        households=households,
        places=(
            "Nhà văn hóa các thôn trên địa bàn xã",
            "Trụ sở Ủy ban nhân dân xã Lũng Cú",
            "Thông báo trên hệ thống loa truyền thanh xã",
        ),
        posting_start=date(2025, 10, 21),
        posting_end=date(2025, 10, 23),
        working_days=3,
        first_day_counts=True,  # Tuesday 21 to Thursday 23: the first day is one of the three
        complaint_contact="Ban Chỉ đạo rà soát xã (Bộ phận tiếp nhận và trả kết quả, Ủy ban nhân dân xã Lũng Cú; "
        "điện thoại 0219 3861 234)",
        signer=Signer(VICE_CHAIRMAN.name, block="tm_committee_kt"),  # the People's Committee's notice
        recipients=("Các thôn trên địa bàn xã", "Ủy ban MTTQ Việt Nam xã", "Ban Chỉ đạo rà soát xã"),
        archive="VT, VHXH",
    )


def _sample_complaint_record(draft: bool) -> Context:
    return complaint_record(
        steering_issue(draft=draft, issued_on=None if draft else date(2025, 10, 22)),
        period_label="năm 2025",
        complaint_id="KN-2025-007",
        received_on=date(2025, 10, 22),
        received_time=time(14, 15),
        channel="in_person",
        complainant=None,
        complainant_contact="",
        household=HouseholdRow("Ly Mí Dính", "Lô Lô Chải", "exited_near_poor"),
        complaint_type="data_error",
        content="Hộ có 02 con nhỏ chưa được ghi vào danh sách thành viên khi rà soát; diện tích nhà ở bình quân "
        "vì vậy bị tính sai.",
        recheck_deadline=date(2025, 10, 27),
        receiver="Đỗ Thị Thu Hà",
    )


def _sample_recheck_record(draft: bool) -> Context:
    return recheck_record(
        steering_issue(draft=draft, issued_on=None if draft else date(2025, 10, 24)),
        period_label="năm 2025",
        complaint_id="KN-2025-007",
        household=HouseholdRow("Ly Mí Dính", "Lô Lô Chải", "exited_near_poor"),
        team=(
            ("Hoàng Thị Lan", "Phó Chủ tịch UBND xã"),
            ("Đỗ Thị Thu Hà", "Công chức Văn hóa - Xã hội"),
            ("Thào Mí Sính", "Trưởng thôn Lô Lô Chải"),
        ),
        dates=(date(2025, 10, 24),),
        method="Phúc tra trực tiếp tại hộ gia đình bằng Phiếu B (Thông tư số 07/2021/TT-BLĐTBXH)",
        before=RecheckValues(152, 20, ("Bảo hiểm y tế", "Nhà tiêu hợp vệ sinh"), "not_poor"),
        after=RecheckValues(131, 20, ("Bảo hiểm y tế", "Nhà tiêu hợp vệ sinh"), "near_poor"),
        conclusion="class_changed",
        conclusion_text="Bổ sung 02 thành viên còn thiếu; hộ vẫn thuộc diện hộ cận nghèo, không đủ điều kiện "
        "công nhận thoát cận nghèo.",
    )


def _sample_upper_report(draft: bool) -> Context:
    lists = decision_lists(3, 60)
    return upper_report(
        sample_issue("BC-UBND", 112, date(2025, 11, 10), draft=draft),
        year=2025,
        commune=SAMPLE_COMMUNE,
        upper_level="province",
        addressee=f"Ủy ban nhân dân tỉnh {SAMPLE_PROVINCE}",
        resident_households=1864,
        resident_persons=9102,
        counts=counts_from_rows(row for rows in lists.values() for row in rows),
        lists=lists,
        progress=(
            "Ủy ban nhân dân xã ban hành Kế hoạch số 41/KH-UBND ngày 05 tháng 9 năm 2025 và kiện toàn Ban Chỉ đạo "
            "rà soát; tập huấn cho 14 rà soát viên của 7 thôn.",
            "Các thôn tổ chức rà soát từ ngày 01 tháng 10 đến ngày 10 tháng 10 năm 2025, họp dân thống nhất kết quả "
            "từ ngày 13 tháng 10 đến ngày 17 tháng 10 năm 2025; niêm yết công khai 03 ngày làm việc, tiếp nhận "
            "01 ý kiến phản ánh, đã phúc tra và niêm yết lại kết quả.",
        ),
        signer=Signer(CHAIRMAN.name, block="tm_committee"),  # the People's Committee's report
        recipients=("Sở Nông nghiệp và Môi trường tỉnh", "Chủ tịch, các Phó Chủ tịch UBND xã"),
        archive="VT, VHXH",
        lists_year=2026,  # a province naming the lists for the following year, as the sample decision does
    )


def _sample_upper_approval(draft: bool, upper_level: str = "province") -> Context:
    unit = SAMPLE_PROVINCE if upper_level == "province" else "Đồng Văn"
    level = "TỈNH" if upper_level == "province" else "HUYỆN"
    lists = decision_lists(3, 60)
    issue = Issue(
        AgencyHeader(("ỦY BAN NHÂN DÂN", f"{level} {unit.upper()}"), place=unit),
        symbol="UBND-KT",
        number=None if draft else 2315,
        issued_on=None if draft else date(2025, 11, 28),
        draft=draft,
        verification=SAMPLE_VERIFICATION,
    )
    return upper_approval(
        issue,
        year=2025,
        upper_level=upper_level,
        upper_unit=unit,
        commune=SAMPLE_COMMUNE,
        report_reference="Báo cáo số 112/BC-UBND ngày 10/11/2025",
        outcome="agreed_with_changes",
        counts=counts_from_rows(row for rows in lists.values() for row in rows),
        changes=(
            "Đề nghị xã rà soát lại thông tin thành viên của 02 hộ có ý kiến phản ánh trước khi ban hành quyết định.",
        ),
        recheck_households=lists["exited_near_poor"][:2],
        signer=Signer("Trần Quốc Khánh", block="tm_committee_kt"),
        recipients=("Sở Nông nghiệp và Môi trường", "Lưu trữ hồ sơ giảm nghèo"),
        archive="VT, KT",
        lists_year=2026,
    )


def _sample_recognition_decision(draft: bool) -> Context:
    return recognition_decision(
        sample_issue("QĐ-UBND", 5, date(2025, 12, 12), draft=draft),
        period_label="năm 2026",
        commune=SAMPLE_COMMUNE,
        legal_bases=(
            *SAMPLE_LEGAL_BASES_2026,
            "Xét ý kiến của Ủy ban nhân dân tỉnh Tuyên Quang tại Công văn số 2315/UBND-KT ngày 28 tháng 11 năm 2025",
            "Theo đề nghị của Ban Chỉ đạo rà soát hộ nghèo, hộ cận nghèo xã Lũng Cú",
        ),
        lists=decision_lists(3, 60),
        effective="Quyết định này có hiệu lực kể từ ngày 01 tháng 01 năm 2026.",
        implementers="Văn phòng HĐND và UBND xã, Ban Chỉ đạo rà soát hộ nghèo, hộ cận nghèo xã, Trưởng các thôn "
        "và các hộ gia đình có tên tại Điều 1",
        signer=CHAIRMAN,
        recipients=("Như Điều 3", "Sở Nông nghiệp và Môi trường tỉnh", "Ủy ban MTTQ Việt Nam xã"),
        archive="VT, VHXH",
    )


def _sample_certificate(draft: bool) -> Context:
    issue = Issue(
        AgencyHeader.commune(SAMPLE_COMMUNE),
        symbol="GCN-HN.HCN",
        number=None if draft else 7,
        issued_on=None if draft else date(2026, 1, 5),
        draft=draft,
        verification=SAMPLE_VERIFICATION,
    )
    return certificate(
        issue,
        commune=SAMPLE_COMMUNE,
        legal_bases=SAMPLE_LEGAL_BASES_2026[:2],
        head=SAMPLE_APPLICANT,
        members=SAMPLE_MEMBERS,
        endorsements=(
            Endorsement(2022),
            Endorsement(2023),
            Endorsement(2024, "near_poor", "số 41/QĐ-UBND ngày 18/12/2023", "4, 10"),
            Endorsement(2025, "poor", "số 38/QĐ-UBND ngày 20/12/2024", "1, 4, 7, 10"),
            Endorsement(2026, "poor", "số 05/QĐ-UBND ngày 12/12/2025", "1, 4, 7"),
        ),
        signer=CHAIRMAN,
        period="2022 - 2025",
    )


def _sample_refusal_letter(draft: bool) -> Context:
    applicant = replace_person(SAMPLE_APPLICANT, full_name="Sùng Thị Mai", sex="female")
    return refusal_letter(
        sample_issue("UBND-VHXH", 214, date(2025, 10, 30), draft=draft),
        request_kind="poverty_review",
        commune=SAMPLE_COMMUNE,
        applicant=applicant,
        received_on=date(2025, 9, 22),
        receipt_number="000.00.24.H10-250922-0126",
        steps=(
            "Ban Chỉ đạo rà soát xã tổ chức rà soát hộ gia đình bà bằng Phiếu A ngày 02/10/2025 và Phiếu B ngày "
            "03/10/2025 trong kỳ rà soát định kỳ năm 2025.",
            "Kết quả được đưa ra họp dân tại thôn Lô Lô Chải ngày 15/10/2025 và niêm yết công khai từ ngày "
            "21/10/2025 đến hết ngày 23/10/2025.",
        ),
        findings=(
            "Điểm B1 của hộ là 162 điểm, cao hơn ngưỡng 140 điểm áp dụng cho khu vực nông thôn.",
            "Hộ thiếu hụt 01/12 chỉ số (nhà tiêu hợp vệ sinh).",
        ),
        reasons=(
            "Thu nhập ước tính của hộ (qua điểm B1) cao hơn chuẩn nghèo khu vực nông thôn 1.500.000 đồng/người/"
            "tháng, nên hộ không thuộc diện hộ nghèo, hộ cận nghèo theo Điều 3 Nghị định số 07/2021/NĐ-CP.",
        ),
        conclusion="Hộ gia đình bà không đủ điều kiện công nhận là hộ nghèo, hộ cận nghèo năm 2026.",
        rule_set_id="vn_2022_2025",
        rule_set_version="2025.3",
        complaint_right="Nếu không đồng ý với nội dung trả lời này, bà có quyền khiếu nại đến Chủ tịch Ủy ban nhân "
        "dân xã Lũng Cú theo quy định của Luật Khiếu nại.",
        standard_name="chuẩn nghèo đa chiều giai đoạn 2022-2025 theo Nghị định số 07/2021/NĐ-CP",
        signer=Signer(VICE_CHAIRMAN.name, block="tm_committee_kt"),  # a letter of the People's Committee
        recipients=("Trưởng thôn Lô Lô Chải",),
        archive="VT, VHXH",
    )


def replace_person(person: Person, **changes: Any) -> Person:
    return replace(person, **changes)


_SAMPLES = {
    "request_form": _sample_request_form,
    "exit_request_form": _sample_exit_request_form,
    "request_receipt": _sample_request_receipt,
    "review_list": _sample_review_list,
    "survey_record": _sample_survey_record,
    "meeting_minutes": _sample_meeting_minutes,
    "posting_notice": _sample_posting_notice,
    "complaint_record": _sample_complaint_record,
    "recheck_record": _sample_recheck_record,
    "upper_report": _sample_upper_report,
    "upper_approval": _sample_upper_approval,
    "recognition_decision": _sample_recognition_decision,
    "certificate": _sample_certificate,
    "refusal_letter": _sample_refusal_letter,
}


def sample_context(kind: str, *, draft: bool = False) -> Context:
    """Realistic demo values for `kind` (Xã Lũng Cú, Tỉnh Tuyên Quang; made-up people)."""
    return _SAMPLES[kind](draft)
