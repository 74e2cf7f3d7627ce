"""Plain-Vietnamese names for the rule-set items a result marks as unverified."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from workflow.standards import Basis, RuleSet, load_rule_set_by_id

_FIXED = {
    "b1_line:poverty": _l("ngưỡng điểm B1 (140 nông thôn / 175 thành thị)"),
    "b2_points": _l("số điểm B2 cho mỗi chỉ số thiếu hụt"),
    "rule:b1": _l("quy tắc xếp loại theo điểm B1"),
    "rule:income": _l("quy tắc xếp loại theo thu nhập"),
    "working_age": _l("độ tuổi lao động"),
    "year_only_birthday": _l("ngày sinh giả định khi chỉ biết năm sinh"),
    "phieu_c_net_income": _l("cách tính thu nhập thuần ở Phiếu C"),
    "paths": _l("cách xếp loại theo thu nhập trực tiếp khi chưa có bảng điểm B1 chính thức"),
    "line:poverty": _l("chuẩn nghèo"),
    "line:average_upper": _l("mức trần thu nhập hộ có mức sống trung bình"),
    "line:low_income_worker": _l("mức thu nhập của người lao động có thu nhập thấp"),
    "rule:average_living_standard": _l("quy tắc xác định hộ có mức sống trung bình"),
    "rule:low_income_worker": _l("quy tắc xác định người lao động có thu nhập thấp"),
    "codes:employment": _l("danh mục tình trạng việc làm"),
    "codes:education_level": _l("danh mục trình độ giáo dục"),
    "codes:certificate": _l("danh mục chứng chỉ nghề"),
    "codes:school_level": _l("danh mục cấp học"),
    "codes:material": _l("danh mục vật liệu nhà ở"),
    "codes:water_source": _l("danh mục nguồn nước"),
    "codes:latrine": _l("danh mục loại nhà tiêu"),
    "codes:telecom": _l("danh mục dịch vụ viễn thông, dịch vụ số"),
    "codes:device": _l("danh mục phương tiện tiếp cận thông tin"),
    "codes:waste_handling": _l("danh mục cách xử lý rác thải"),
}
_PREFIXES = {
    "codes:": _l("danh mục"),
    "score_table:": _l("bảng điểm B1"),
    "phieu_a:": _l("tiêu chí Phiếu A"),
    "line:": _l("mức chuẩn"),
}


def unverified_labels(
    items: Iterable[str], indicators: Iterable[Mapping[str, Any]], tables: Mapping[str, Any] | None = None
) -> list[str]:
    """'indicator:housing_area' -> 'chỉ số Diện tích nhà ở bình quân đầu người', and so on.

    The B1 table and Phiếu A files are named with their version (recorded in `tables`), never by id.
    """
    names = {f"indicator:{i['id']}": i["label"] for i in indicators}
    labels = []
    for item in items:
        if item in names:
            labels.append(_("chỉ số %(name)s", name=names[item]))
        elif item in _FIXED:
            labels.append(str(_FIXED[item]))
        elif item.startswith(("score_table:", "phieu_a:")):
            labels.append(_file_label(item, tables or {}))
        else:
            prefix = next((p for p in _PREFIXES if item.startswith(p)), None)
            labels.append(str(_PREFIXES[prefix]) if prefix else _("một mục cấu hình khác"))
    return labels


def _file_label(item: str, tables: Mapping[str, Any]) -> str:
    key = "score_table" if item.startswith("score_table:") else "phieu_a"
    name = str(_PREFIXES[f"{key}:"])
    recorded = tables.get(key) or {}
    if not recorded:
        return name
    if recorded.get("illustrative"):
        return _("%(name)s, phiên bản %(v)s (bản minh họa)", name=name, v=recorded.get("version", ""))
    return _("%(name)s, phiên bản %(v)s", name=name, v=recorded.get("version", ""))


def rule_set_title(result: Mapping[str, Any]) -> str:
    """The standard a result applied, by its title (older results stored only the id)."""
    stored = result.get("rule_set") or {}
    if stored.get("title"):
        return str(stored["title"])
    try:
        return load_rule_set_by_id(str(stored.get("id"))).title
    except LookupError:
        return _("chuẩn nghèo đã áp dụng")


def standard_unverified(rule_set: RuleSet) -> list[str]:
    """Every item of a standard not yet checked against the official text, in words: what a survey under
    it may rely on (Phiếu A, the indicators, its classifying path, Phiếu C, the average-living band)."""
    basis = rule_set.classifying_paths[0] if rule_set.classifying_paths else Basis.NONE
    usage = (
        rule_set.phieu_a is not None,
        True,
        basis,
        rule_set.score_table is not None,
        True,
        rule_set.average_living_standard is not None,
        False,
        False,
    )
    indicators = [{"id": spec.id, "label": spec.label} for spec in rule_set.indicators]
    tables = {
        key: None if table is None else {"version": table.version, "illustrative": table.illustrative}
        for key, table in (("score_table", rule_set.score_table), ("phieu_a", rule_set.phieu_a))
    }
    return unverified_labels(rule_set.unverified(usage), indicators, tables)
