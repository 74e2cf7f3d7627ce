"""Plain-Vietnamese names for the rule-set items a result marks as unverified."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

_FIXED = {
    "b1_line:poverty": _l("ngưỡng điểm B1 (140 nông thôn / 175 thành thị)"),
    "b2_points": _l("số điểm B2 cho mỗi chỉ số thiếu hụt"),
    "rule:b1": _l("quy tắc xếp loại theo điểm B1"),
    "rule:income": _l("quy tắc xếp loại theo thu nhập"),
    "working_age": _l("độ tuổi lao động"),
    "year_only_birthday": _l("ngày sinh giả định khi chỉ biết năm sinh"),
    "phieu_c_net_income": _l("cách tính thu nhập thuần ở Phiếu C"),
}
_PREFIXES = {
    "codes:": _l("danh mục"),
    "score_table:": _l("bảng điểm B1"),
    "phieu_a:": _l("tiêu chí Phiếu A"),
    "line:": _l("mức chuẩn"),
}


def unverified_labels(items: Iterable[str], indicators: Iterable[Mapping[str, Any]]) -> list[str]:
    """'indicator:housing_area' -> 'chỉ số Diện tích nhà ở bình quân đầu người', and so on."""
    names = {f"indicator:{i['id']}": i["label"] for i in indicators}
    labels = []
    for item in items:
        if item in names:
            labels.append(_("chỉ số %(name)s", name=names[item]))
        elif item in _FIXED:
            labels.append(str(_FIXED[item]))
        else:
            prefix = next((p for p in _PREFIXES if item.startswith(p)), None)
            labels.append(f"{_PREFIXES[prefix]} {item[len(prefix) :]}" if prefix else item)
    return labels
