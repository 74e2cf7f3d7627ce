"""What the result panel says beyond the class: the path that classified, the income shown for
information, the answers an undetermined result waits for, and why the survey asks what it asks."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from casework.formatting import money
from casework.models import Household, Survey
from casework.surveys import service
from casework.surveys.forms import SurveyForm
from casework.surveys.labels import rule_set_title, unverified_labels
from casework.surveys.outcome import undetermined_label
from casework.vocabulary import survey_class_label
from workflow.standards import Basis, RuleSet

PATH_LABELS = {
    "score_b1": _l("điểm B1 (Phiếu B)"),
    "income": _l("thu nhập trực tiếp 12 tháng (Phiếu C)"),
    "phieu_a": _l("Phiếu A (dừng rà soát)"),
    "phieu_c": _l("thu nhập thực tế (Phiếu C) vượt chuẩn nghèo"),
}


def path_label(result: Mapping[str, Any]) -> str | None:
    """'Xếp loại theo: …' for a stored or live result; None when nothing classified it."""
    basis = (result.get("path") or {}).get("classified_by", result.get("basis"))
    label = PATH_LABELS.get(str(basis))
    return _("Xếp loại theo: %(path)s", path=label) if label is not None else None


def income_note(result: Mapping[str, Any]) -> str | None:
    """The direct income shown beside B1, for information only."""
    path = result.get("path") or {}
    if not path.get("income_for_information") or result.get("income_per_capita") is None:
        return None
    return _(
        "Thu nhập bình quân %(amount)s/người/tháng (Phiếu C) – chỉ để tham khảo, không dùng để xếp loại.",
        amount=money(result["income_per_capita"]),
    )


def notice(rule_set: RuleSet | None) -> dict[str, Any]:
    """What the form says about the paths of the survey's standard."""
    if rule_set is None:
        return {"income_only": False, "income_informs": False, "has_b1": True, "title": ""}
    return {
        "income_only": service.income_only(rule_set),
        "income_classifies": rule_set.offers(Basis.INCOME),
        "income_informs": rule_set.informs(Basis.INCOME),
        "has_b1": rule_set.offers(Basis.SCORE_B1),
        "title": rule_set.title,
    }


def field_label(form: SurveyForm, household: Household, name: str) -> str:
    """The question a field name stands for, with the member's name for member questions."""
    target = form._fields.get(name)
    if target is not None:
        return str(target.label.text)
    if name.startswith("members-"):
        _prefix, index, field_name = name.split("-", 2)
        entries = form.members.entries
        if index.isdigit() and int(index) < len(entries):
            member_form = entries[int(index)].form
            sub = member_form._fields.get(field_name)
            person = next((m for m in household.members if str(m.id) == member_form.member_id.data), None)
            if sub is not None:
                return f"{person.full_name}: {sub.label.text}" if person else str(sub.label.text)
    return _("Câu trả lời")


def missing_list(form: SurveyForm, household: Household, missing: Mapping[str, str]) -> list[dict[str, str]]:
    return [
        {"field": name, "label": field_label(form, household, name), "message": message}
        for name, message in missing.items()
    ]


def _class_label(result: Mapping[str, Any], missing: list[dict[str, str]]) -> str:
    """The class; an undetermined one names what it waits for (the list below names the fields)."""
    if result["class"] != "undetermined":
        return survey_class_label(result["class"])
    return _("Chưa xác định được") if missing else undetermined_label(result)


def result_json(result: dict[str, Any], missing: list[dict[str, str]]) -> dict[str, Any]:
    return {
        "class": result["class"],
        "class_label": _class_label(result, missing),
        "score_b1": result["score_b1"],
        "score_b2": result["score_b2"],
        "reasons": result["reasons"],
        "deprived": [i["label"] for i in result["indicators"] if i["deprived"]],
        "rule_set": {**result["rule_set"], "title": rule_set_title(result)},
        "path": path_label(result),
        "income_note": income_note(result),
        "unverified": unverified_labels(result["unverified"], result["indicators"], result.get("tables")),
        "missing": missing,
    }


INCOME_SOURCES = {
    "crops": "Trồng trọt",
    "livestock": "Chăn nuôi",
    "forestry": "Lâm nghiệp",
    "fishery": "Thủy sản",
    "salt_making": "Diêm nghiệp",
    "wages": "Tiền công, tiền lương",
    "non_farm_business": "Sản xuất, kinh doanh phi nông nghiệp",
    "other": "Thu khác",
}


def for_document(result: Mapping[str, Any]) -> dict[str, Any]:
    """The survey record's words for a stored result, always in Vietnamese (a document's language).

    Income rows come from the stored Phiếu C answers: sources, then production costs subtracted.
    """
    with force_locale("vi"):
        phieu_c = (result.get("input") or {}).get("phieu_c") or {}
        rows = [(label, int(phieu_c.get(code) or 0)) for code, label in INCOME_SOURCES.items()]
        income = [(label, amount) for label, amount in rows if amount]
        if phieu_c.get("production_costs"):
            income.append(("Trừ: chi phí sản xuất", -int(phieu_c["production_costs"])))
        return {
            "rule_set_title": rule_set_title(result),
            "path": path_label(result) or "",
            "income_note": income_note(result) or "",
            "unverified": tuple(unverified_labels(result.get("unverified") or (), (), result.get("tables"))),
            "income": tuple(income),
        }


def latest_unverified(surveys: Iterable[Survey]) -> list[str]:
    """What the household's latest completed survey relied on that is not yet confirmed, in words."""
    latest = next((s for s in surveys if s.status.value == "completed"), None)
    result = service.stored_result(latest) if latest is not None and latest.unverified else None
    if not result:
        return []
    return unverified_labels(result.get("unverified") or (), result.get("indicators") or (), result.get("tables"))


def paths_of(surveys: Iterable[Survey]) -> dict[int, str]:
    """'Xếp loại theo: …' for each completed survey of a list (the household page)."""
    labels = {}
    for survey in surveys:
        result = service.stored_result(survey)
        label = path_label(result) if result else None
        if label:
            labels[survey.id] = label
    return labels
