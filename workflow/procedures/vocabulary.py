"""Names shared by every procedure: states, triggers, step documents and roles, with Vietnamese labels.

The labels are marked with `N_` so that Babel extracts them; casework/vocabulary.py translates them
for pages, documents print them as they are.
"""

from __future__ import annotations

from workflow.i18n import N_

STATE_LABELS: dict[str, str] = {
    "requested": N_("Đã nhận giấy đề nghị"),
    "listed": N_("Trong danh sách rà soát"),
    "screened_out": N_("Dừng rà soát theo Phiếu A"),
    "surveyed": N_("Đã khảo sát, phân loại"),
    "needs_resurvey": N_("Cần khảo sát lại"),
    "meeting_passed": N_("Họp dân đã thống nhất"),
    "posted": N_("Đang niêm yết công khai"),
    "under_recheck": N_("Đang phúc tra khiếu nại"),
    "posting_closed": N_("Đã hết thời gian niêm yết"),
    "upper_review": N_("Chờ ý kiến cấp trên"),
    "ready_for_decision": N_("Chờ quyết định"),
    "recognised": N_("Đã công nhận"),
    "not_recognised": N_("Không công nhận"),
    "withdrawn": N_("Đã rút đề nghị"),
}

# Opening a case is not a transition (it has no state before), but it is an act someone may do.
CREATION_TRIGGERS = ("log_request", "list_existing")

TRIGGER_LABELS: dict[str, str] = {
    "log_request": N_("Tiếp nhận giấy đề nghị"),
    "list_existing": N_("Đưa hộ đang quản lý vào danh sách rà soát"),
    "list_for_campaign": N_("Đưa hộ có giấy đề nghị vào danh sách rà soát"),
    "screen_out": N_("Dừng rà soát theo Phiếu A"),
    "complete_survey": N_("Hoàn thành khảo sát, phân loại"),
    "resurvey": N_("Khảo sát lại"),
    "pass_meeting": N_("Ghi kết quả họp dân: thống nhất"),
    "fail_meeting": N_("Ghi kết quả họp dân: không đạt, rà soát lại"),
    "post": N_("Niêm yết công khai"),
    "file_complaint": N_("Tiếp nhận khiếu nại, phúc tra"),
    "finish_recheck": N_("Kết thúc phúc tra, niêm yết kết quả"),
    "close_posting": N_("Kết thúc niêm yết"),
    "send_upper": N_("Báo cáo, xin ý kiến cấp trên"),
    "request_recheck": N_("Ghi yêu cầu rà soát lại của cấp trên"),
    "record_upper_reply": N_("Ghi ý kiến đồng ý của cấp trên"),
    "prepare_decision": N_("Chuyển trình quyết định"),
    "recognise": N_("Công nhận (quyết định đã ký)"),
    "refuse": N_("Không công nhận (văn bản nêu lý do)"),
    "withdraw": N_("Rút giấy đề nghị"),
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
    "meeting_minutes": N_("biên bản họp dân có chữ ký"),
    "posting_notice": N_("thông báo niêm yết công khai"),
    "recheck_record": N_("biên bản phúc tra"),
    "upper_report": N_("báo cáo xin ý kiến cấp trên"),
    "upper_reply": N_("văn bản trả lời của cấp trên"),
    "recognition_decision": N_("quyết định công nhận (Mẫu 02) đã ký"),
    "refusal_letter": N_("văn bản trả lời nêu lý do không công nhận đã ký"),
    "withdrawal_letter": N_("đơn rút giấy đề nghị của hộ"),
}

ROLE_LABELS: dict[str, str] = {
    "admin": N_("Quản trị hệ thống"),
    "province_viewer": N_("Sở Nông nghiệp và Môi trường (xem báo cáo)"),
    "upper_reviewer": N_("Cán bộ cấp trên (huyện/tỉnh)"),
    "commune_chairman": N_("Chủ tịch UBND xã"),
    "vice_chairman": N_("Phó Chủ tịch UBND xã"),
    "commune_staff": N_("Công chức giảm nghèo"),
    "records_clerk": N_("Văn thư"),
    "steering_member": N_("Thành viên Ban Chỉ đạo rà soát"),
    "reviewer": N_("Rà soát viên"),
    "village_head": N_("Trưởng thôn / Tổ trưởng tổ dân phố"),
    "front_supervisor": N_("Mặt trận Tổ quốc (giám sát)"),
}
ROLES: tuple[str, ...] = tuple(ROLE_LABELS)
