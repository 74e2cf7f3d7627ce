"""The document kinds, and the words only documents print for stored codes (relationships, channels...).

Class names are the shared vocabulary's (casework.vocabulary.CLASS_LABELS): documents print its
Vietnamese source text as it is, whatever language the reader chose.
"""

from __future__ import annotations

# The document kinds; each has templates/documents/<kind>/document.html.
KINDS = (
    "request_form",
    "exit_request_form",
    "request_receipt",
    "review_list",
    "survey_record",
    "meeting_minutes",
    "posting_notice",
    "complaint_record",
    "recheck_record",
    "upper_report",
    "upper_approval",
    "recognition_decision",
    "certificate",
    "refusal_letter",
)

# The four lists of a recognition decision, in the order of Điều 1 (procedure.md §12.4).
DECISION_CLASSES = ("poor", "near_poor", "exited_poor", "exited_near_poor")
SEX_CODES = {"male": "1", "female": "2"}
RELATIONSHIPS = {
    "head": "Chủ hộ",
    "spouse": "Vợ/chồng",
    "wife": "Vợ",
    "husband": "Chồng",
    "father": "Bố",
    "mother": "Mẹ",
    "parent": "Bố/mẹ",  # what the household form stores (Relationship.PARENT)
    "child": "Con",
    "grandparent": "Ông/bà",
    "grandchild": "Cháu",
    "sibling": "Anh/chị/em",
    "child_in_law": "Con dâu/con rể",
    "other": "Khác",
}
ACTIVITY_STATUSES = {"employed": "Có việc làm", "not_employed": "Không có việc làm", "in_school": "Đang đi học"}
CHANNELS = {
    "in_person": "Trực tiếp",
    "post": "Qua dịch vụ bưu chính",
    "online_portal": "Trực tuyến (Cổng dịch vụ công)",
    "via_village_head": "Qua trưởng thôn",
}
REQUEST_TITLES = {
    "poverty_review": "RÀ SOÁT HỘ NGHÈO, HỘ CẬN NGHÈO",
    "average_living_standard": "XÁC ĐỊNH HỘ CÓ MỨC SỐNG TRUNG BÌNH",
    "low_income_worker": "XÁC ĐỊNH NGƯỜI LAO ĐỘNG CÓ THU NHẬP THẤP",
}
REQUEST_FORMS = {
    "poverty_review": "Giấy đề nghị rà soát hộ nghèo, hộ cận nghèo (Mẫu số 01)",
    "average_living_standard": "Giấy đề nghị xác định hộ có mức sống trung bình (Mẫu số 01)",
    "exit_request": "Giấy đề nghị công nhận hộ thoát nghèo, hộ thoát cận nghèo (Mẫu số 04)",
    "low_income_worker": "Giấy đề nghị xác định người lao động có thu nhập thấp",
}
EXIT_REQUESTS = {"exit_poor": "hộ thoát nghèo", "exit_near_poor": "hộ thoát cận nghèo"}
COMPLAINT_TYPES = {
    "exclusion": "Đề nghị đưa hộ gia đình vào danh sách (bị bỏ sót)",
    "inclusion": "Đề nghị đưa hộ gia đình ra khỏi danh sách (không đúng đối tượng)",
    "data_error": "Sai sót thông tin của hộ gia đình",
}
RECHECK_CONCLUSIONS = {
    "upheld": "Ý kiến phản ánh đúng; điều chỉnh kết quả rà soát",
    "rejected": "Ý kiến phản ánh không có cơ sở; giữ nguyên kết quả rà soát",
    "class_changed": "Thay đổi phân loại hộ gia đình",
}
UPPER_OUTCOMES = ("agreed", "agreed_with_changes", "recheck_requested")
ORIGINS = {
    "existing_poor": "Hộ nghèo đang quản lý",
    "existing_near_poor": "Hộ cận nghèo đang quản lý",
    "request": "Hộ có giấy đề nghị",
}
PHIEU_A_RESULTS = {
    "continue_to_b": "Đủ điều kiện rà soát bằng Phiếu B",
    "stop_not_poor": "Dừng rà soát: không thuộc diện hộ nghèo, hộ cận nghèo",
}
# The regions of the Phiếu B score table (standard.md §6.3, names [C]); the sheet prints the name, not "NT2".
SCORING_REGIONS = {
    "NT1": "Đồng bằng sông Hồng",
    "NT2": "Trung du và miền núi phía Bắc",
    "NT3": "Bắc Trung Bộ và duyên hải miền Trung",
    "NT4": "Tây Nguyên",
    "NT5": "Đông Nam Bộ",
    "NT6": "Đồng bằng sông Cửu Long",
}
