"""Names shared by every procedure: states, triggers, step documents and roles, with Vietnamese labels."""

from __future__ import annotations

STATE_LABELS: dict[str, str] = {
    "requested": "Đã nhận giấy đề nghị",
    "listed": "Trong danh sách rà soát",
    "screened_out": "Dừng rà soát theo Phiếu A",
    "surveyed": "Đã khảo sát, phân loại",
    "meeting_passed": "Họp dân đã thống nhất",
    "posted": "Đang niêm yết công khai",
    "under_recheck": "Đang phúc tra khiếu nại",
    "posting_closed": "Đã hết thời gian niêm yết",
    "upper_review": "Chờ ý kiến cấp trên",
    "ready_for_decision": "Chờ quyết định",
    "recognised": "Đã công nhận",
    "not_recognised": "Không công nhận",
    "withdrawn": "Đã rút đề nghị",
}

# Opening a case is not a transition (it has no state before), but it is an act someone may do.
CREATION_TRIGGERS = ("log_request", "list_existing")

TRIGGER_LABELS: dict[str, str] = {
    "log_request": "Tiếp nhận giấy đề nghị",
    "list_existing": "Đưa hộ đang quản lý vào danh sách rà soát",
    "list_for_campaign": "Đưa hộ có giấy đề nghị vào danh sách rà soát",
    "screen_out": "Dừng rà soát theo Phiếu A",
    "complete_survey": "Hoàn thành khảo sát, phân loại",
    "pass_meeting": "Ghi kết quả họp dân: thống nhất",
    "fail_meeting": "Ghi kết quả họp dân: không đạt, rà soát lại",
    "post": "Niêm yết công khai",
    "file_complaint": "Tiếp nhận khiếu nại, phúc tra",
    "finish_recheck": "Kết thúc phúc tra, niêm yết kết quả",
    "close_posting": "Kết thúc niêm yết",
    "send_upper": "Báo cáo, xin ý kiến cấp trên",
    "request_recheck": "Ghi yêu cầu rà soát lại của cấp trên",
    "record_upper_reply": "Ghi ý kiến đồng ý của cấp trên",
    "prepare_decision": "Chuyển trình quyết định",
    "recognise": "Công nhận (quyết định đã ký)",
    "refuse": "Không công nhận (văn bản nêu lý do)",
    "withdraw": "Rút giấy đề nghị",
}

# The step document a trigger needs on file before it may fire (guard `step_document_issued`).
STEP_DOCUMENTS: dict[str, str] = {
    "pass_meeting": "meeting_minutes",
    "fail_meeting": "meeting_minutes",
    "post": "posting_notice",
    "finish_recheck": "recheck_record",
    "send_upper": "upper_report",
    "request_recheck": "upper_reply",
    "record_upper_reply": "upper_reply",
    "recognise": "recognition_decision",
    "refuse": "refusal_letter",
    "withdraw": "withdrawal_letter",
}

DOCUMENT_LABELS: dict[str, str] = {
    "meeting_minutes": "biên bản họp dân có chữ ký",
    "posting_notice": "thông báo niêm yết công khai",
    "recheck_record": "biên bản phúc tra",
    "upper_report": "báo cáo xin ý kiến cấp trên",
    "upper_reply": "văn bản trả lời của cấp trên",
    "recognition_decision": "quyết định công nhận (Mẫu 02) đã ký",
    "refusal_letter": "văn bản trả lời nêu lý do không công nhận đã ký",
    "withdrawal_letter": "đơn rút giấy đề nghị của hộ",
}

ROLE_LABELS: dict[str, str] = {
    "admin": "Quản trị hệ thống",
    "province_viewer": "Sở Nông nghiệp và Môi trường (xem báo cáo)",
    "upper_reviewer": "Cán bộ cấp trên (huyện/tỉnh)",
    "commune_chairman": "Chủ tịch UBND xã",
    "vice_chairman": "Phó Chủ tịch UBND xã",
    "commune_staff": "Công chức giảm nghèo",
    "records_clerk": "Văn thư",
    "steering_member": "Thành viên Ban Chỉ đạo rà soát",
    "reviewer": "Rà soát viên",
    "village_head": "Trưởng thôn / Tổ trưởng tổ dân phố",
    "front_supervisor": "Mặt trận Tổ quốc (giám sát)",
}
ROLES: tuple[str, ...] = tuple(ROLE_LABELS)
