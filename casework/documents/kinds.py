"""What each kind of issued document is called, on the pages, the verification page and the API."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

KIND_LABELS: dict[str, object] = {
    "request_form": _l("Giấy đề nghị (Mẫu số 01)"),
    "exit_request_form": _l("Giấy đề nghị công nhận hộ thoát nghèo, hộ thoát cận nghèo (Mẫu số 04)"),
    "request_receipt": _l("Giấy tiếp nhận hồ sơ và hẹn trả kết quả"),
    "review_list": _l("Danh sách hộ cần rà soát"),
    "survey_record": _l("Phiếu kết quả rà soát hộ gia đình"),
    "meeting_minutes": _l("Biên bản họp dân"),
    "posting_notice": _l("Thông báo niêm yết công khai"),
    "complaint_record": _l("Biên bản tiếp nhận khiếu nại"),
    "recheck_record": _l("Biên bản phúc tra"),
    "upper_report": _l("Báo cáo xin ý kiến cấp trên"),
    "upper_reply": _l("Văn bản trả lời của cấp trên"),
    "upper_approval": _l("Văn bản phê duyệt của cấp trên"),
    "recognition_decision": _l("Quyết định công nhận (Mẫu số 02)"),
    "certificate": _l("Giấy chứng nhận hộ nghèo, hộ cận nghèo (Mẫu số 03)"),
    "refusal_letter": _l("Văn bản trả lời không công nhận"),
}


def kind_label(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind))
