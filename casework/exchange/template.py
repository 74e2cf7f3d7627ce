"""The import template: the member columns with one example row, drop-down lists and instructions."""

from __future__ import annotations

import datetime as dt

from casework.exchange import columns as cols
from casework.exchange.workbook import Column, Sheet, write_workbook
from casework.models import ActivityStatus, IdDocumentType, Relationship, Sex
from casework.reference import ethnicity_choices

EXAMPLE = {
    "stt": 1,
    "household_code": "1",
    "village": "Thôn Lô Lô Chải",
    "permanent_address": "Thôn Lô Lô Chải, xã Lũng Cú",
    "current_address": "Thôn Lô Lô Chải, xã Lũng Cú",
    "full_name": "Giàng Mí Sính",
    "sex": cols.SEX_LABELS[Sex.MALE],
    "birth_date": dt.date(1980, 3, 15),
    "ethnicity": "Mông",
    "relationship": cols.RELATIONSHIP_LABELS[Relationship.HEAD],
    "activity": cols.ACTIVITY_LABELS[ActivityStatus.EMPLOYED],
    "id_document_type": cols.ID_DOCUMENT_LABELS[IdDocumentType.CCCD],
    "personal_id": "002080001234",
    "personal_id_confirmed": "",
    "legacy_id": "",
    "id_issue_date": dt.date(2021, 6, 1),
    "id_issuer": "Cục Cảnh sát QLHC về TTXH",
    "member_code": "",
}

INSTRUCTIONS = [
    "Mỗi dòng là một thành viên của hộ; các dòng cùng 'Mã hộ' là một hộ. Mỗi hộ có đúng một 'Chủ hộ'.",
    "Hộ mới: ghi 'Mã hộ' tuỳ ý (1, 2, 3 ...). Hộ đã có: dùng tệp xuất từ danh sách hộ, giữ nguyên cột "
    "'Mã hộ' (HGD-...) và 'Mã thành viên' (TV-...) để cập nhật đúng hộ, đúng người; nhập không xoá thành viên nào.",
    "Cột bắt buộc: Mã hộ, Họ và tên, Giới tính, Ngày sinh, Quan hệ với chủ hộ, Tình trạng việc làm, học tập; "
    "Nơi thường trú ghi ở dòng chủ hộ. Nơi ở hiện tại để trống thì lấy theo nơi thường trú.",
    "Thôn: khi nhập cho cả xã, ghi đúng tên thôn như trong phần mềm; khi chọn một thôn cụ thể, cột này được bỏ qua.",
    "Ngày viết dạng dd/mm/yyyy (ví dụ 05/01/1980) hoặc để ô kiểu Ngày. "
    "Người cao tuổi chỉ nhớ năm sinh: ghi năm (1950).",
    "Số định danh cá nhân: đủ 12 chữ số, ô phải định dạng Văn bản (Text) để không mất số 0 ở đầu; "
    "chưa có thì để trống. "
    "Nếu số không khớp giới tính, năm sinh nhưng đúng như trên thẻ, ghi 'Có' ở cột 'Đã kiểm tra lại số định danh'.",
    "Dân tộc: ghi tên (Kinh, Tày, Mông ...) hoặc mã 2 số, xem trang 'Dân tộc'.",
    "Chữ phải gõ bằng Unicode. Tệp gõ bằng bảng mã TCVN3 (ABC) hoặc VNI được tự chuyển nếu nhận ra; nếu không, "
    "hãy chuyển bằng Unikey (Công cụ chuyển mã) trước khi nhập.",
    "Nhận tệp .xlsx hoặc .csv (UTF-8). Nếu có dòng sai, không hộ nào được nhập, "
    "trừ khi chọn 'chỉ nhập các dòng hợp lệ' "
    "(khi đó cả hộ có dòng sai bị bỏ qua). Trùng số định danh trong tệp hoặc với người đã có đều bị báo.",
    "Xoá dòng ví dụ trước khi nhập.",
]


def import_template() -> bytes:
    ethnicities = [{"code": code, "name": name} for code, name in ethnicity_choices()]
    return write_workbook(
        [
            Sheet(
                title="DANH SÁCH HỘ GIA ĐÌNH VÀ THÀNH VIÊN (MẪU NHẬP)",
                subtitles=["Xem hướng dẫn ở trang 'Hướng dẫn'"],
                columns=cols.MEMBER_COLUMNS,
                rows=[EXAMPLE],
                tab="Nhập hộ",
                motto=False,
            ),
            Sheet(
                title="HƯỚNG DẪN NHẬP DANH SÁCH HỘ",
                columns=[Column("n", "TT", "int", width=5), Column("text", "Hướng dẫn", width=110)],
                rows=[{"n": i, "text": line} for i, line in enumerate(INSTRUCTIONS, start=1)],
                tab="Hướng dẫn",
                motto=False,
            ),
            Sheet(
                title="DANH MỤC DÂN TỘC",
                columns=[Column("code", "Mã", "id", width=6), Column("name", "Tên dân tộc", width=24)],
                rows=ethnicities,
                tab="Dân tộc",
                motto=False,
            ),
        ]
    )
