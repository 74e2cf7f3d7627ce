"""Reasons in plain Vietnamese, for refusal letters, meeting lists and the case page.

Numbers follow the Vietnamese conventions (1.500.000 đồng, 7,5 m²). Every threshold quoted
is read from the rule set, so a corrected file corrects the wording too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from workflow.numbers import decimal, money
from workflow.standards.inputs import HouseholdInput
from workflow.standards.vocabulary import AreaType, B1Source, Basis, HouseholdClass, Movement, PhieuAResult

if TYPE_CHECKING:
    from workflow.standards.results import Classification, IndicatorResult
    from workflow.standards.rule_set import Band, GateRule, IndicatorSpec, RuleSet

CLASS_LABELS = {
    HouseholdClass.POOR: "hộ nghèo",
    HouseholdClass.NEAR_POOR: "hộ cận nghèo",
    HouseholdClass.NOT_POOR: "hộ không nghèo",
    HouseholdClass.AVERAGE_LIVING_STANDARD: (
        "hộ làm nông nghiệp, lâm nghiệp, ngư nghiệp và diêm nghiệp có mức sống trung bình"
    ),
    HouseholdClass.UNDETERMINED: "chưa xác định được",
}

MOVEMENT_LABELS = {
    Movement.NEW_POOR: "hộ nghèo phát sinh mới",
    Movement.RE_POOR: "hộ tái nghèo",
    Movement.EXISTING_POOR: "hộ nghèo cũ tiếp tục là hộ nghèo",
    Movement.NEAR_POOR_TO_POOR: "hộ cận nghèo trở thành hộ nghèo",
    Movement.POOR_TO_NEAR_POOR: "hộ nghèo thoát nghèo, trở thành hộ cận nghèo",
    Movement.EXITED_POOR: "hộ thoát nghèo",
    Movement.NEW_NEAR_POOR: "hộ cận nghèo phát sinh mới",
    Movement.EXISTING_NEAR_POOR: "hộ cận nghèo cũ tiếp tục là hộ cận nghèo",
    Movement.EXITED_NEAR_POOR: "hộ thoát cận nghèo",
    Movement.REMAINS_NOT_POOR: "không thuộc danh sách hộ nghèo, hộ cận nghèo",
    Movement.UNDETERMINED: "chưa xác định",
}

AREA_LABELS = {AreaType.RURAL: "khu vực nông thôn", AreaType.URBAN: "khu vực thành thị"}


def explain(result: Classification) -> tuple[str, ...]:
    """The chain of facts behind the class, one sentence each."""
    lines = [*_phieu_a(result), *_scores(result), *_gate(result), *_information(result), *_income_statuses(result)]
    lines.append(f"Kết luận: {CLASS_LABELS[result.household_class]}.")
    if result.movement is not None:
        lines.append(f"So với kết quả đã được công nhận: {MOVEMENT_LABELS[result.movement]}.")
    # Which configuration items are unconfirmed is not a reason: the survey page lists them beside the
    # reasons (result.unverified), and documents the household keeps leave them out.
    return tuple(lines)


def _phieu_a(result: Classification) -> list[str]:
    criteria = result.rule_set.phieu_a
    if result.phieu_a_result is PhieuAResult.STOP_NOT_POOR and criteria is not None:
        ticked = "; ".join(criteria.labels[code] for code in result.phieu_a_matched)
        return [f"Phiếu A: hộ có đặc điểm dừng rà soát ({ticked}) → không khảo sát Phiếu B."]
    if result.phieu_a_result is PhieuAResult.CONTINUE_TO_B:
        return ["Phiếu A: hộ không có đặc điểm dừng rà soát → tiếp tục khảo sát Phiếu B."]
    if result.household.phieu_a is not None:
        return [f"{result.rule_set.title} chưa có tiêu chí Phiếu A; Phiếu A không được xét."]
    return []


def _scores(result: Classification) -> list[str]:
    labels = result.rule_set.labels
    lines = []
    if result.deprivation_count is not None:
        deprived = [result.rule_set.indicator(name).label.lower() for name in result.deprived_indicators]
        total = len(result.indicators)
        listed = f": {', '.join(deprived)}" if deprived else ""
        lines.append(
            f"Hộ thiếu hụt {result.deprivation_count}/{total} chỉ số"
            f" ({labels.get('score_b2', 'B2')} = {result.score_b2}){listed}."
        )
    survey = result.household.phieu_b
    b1_input = survey.b1 if survey is not None else None
    if result.score_b1_source is B1Source.ITEMISED and b1_input is not None:
        table = result.rule_set.score_table
        name = table.id if table is not None else ""
        lines.append(f"{labels.get('score_b1', 'B1')} = {result.score_b1}, tính theo bảng điểm {name}.")
        if b1_input.form_total is not None and b1_input.form_total != result.score_b1:
            lines.append(f"Tổng điểm ghi trên phiếu ({b1_input.form_total}) khác điểm tính lại; dùng điểm tính lại.")
    elif result.score_b1_source is B1Source.FORM_TOTAL:
        lines.append(f"{labels.get('score_b1', 'B1')} = {result.score_b1}, theo tổng điểm ghi trên phiếu.")
    return lines


def _gate(result: Classification) -> list[str]:
    rule_set, household = result.rule_set, result.household
    area = household.area_type
    if result.basis is Basis.SCORE_B1 and rule_set.b1_rule is not None and result.score_b1 is not None:
        measure = f"{rule_set.labels.get('score_b1', 'B1')} = {result.score_b1} điểm"
        return [_band_sentence(rule_set.b1_rule, result, measure, str)]
    if result.basis is Basis.INCOME and rule_set.income_rule is not None and result.actual_income is not None:
        if household.phieu_c is None and household.income_per_capita is not None:
            measure = f"Thu nhập bình quân {money(household.income_per_capita)}/người/tháng"
            return [_band_sentence(rule_set.income_rule, result, measure, money)]
        return [_path_sentence(result), _band_sentence(rule_set.income_rule, result, _actual_sentence(result), money)]
    if result.basis is Basis.PHIEU_C and rule_set.income_rule is not None and result.actual_income is not None:
        gate = rule_set.income_rule.gate(area)
        measure = _actual_sentence(result)
        if result.household_class is HouseholdClass.UNDETERMINED:
            return [f"{measure} không vượt {money(gate)} ({AREA_LABELS[area]}) → cần rà soát bằng Phiếu B."]
        return [f"{measure} vượt {money(gate)} ({AREA_LABELS[area]}) → không thuộc hộ nghèo, hộ cận nghèo."]
    if result.basis is Basis.NONE:
        if result.score_b1 is not None and rule_set.b1_rule is None:
            return [f"{rule_set.title} chưa có ngưỡng điểm B1 nên không xác định được hộ nghèo theo điểm B1."]
        return ["Chưa có điểm B1, thu nhập bình quân hoặc Phiếu C để xác định hộ nghèo, hộ cận nghèo."]
    return []


def _path_sentence(result: Classification) -> str:
    """Why direct income classifies: no B1 table, or the rule set's data chooses it."""
    if result.rule_set.b1_rule is None:
        return (
            "Xếp loại theo thu nhập trực tiếp (Phiếu C): bộ chuẩn chưa có bảng điểm B1 chính thức"
            " nên thu nhập trực tiếp là cách xác định hộ nghèo, hộ cận nghèo."
        )
    return "Xếp loại theo thu nhập trực tiếp (Phiếu C), theo phương pháp của bộ chuẩn đang áp dụng."


def _information(result: Classification) -> list[str]:
    """Direct income shown beside the B1 score, for information only (it does not decide)."""
    if result.actual_income is None or result.basis is Basis.PHIEU_C or not result.rule_set.informs(Basis.INCOME):
        return []
    if result.basis is Basis.INCOME:
        return []
    return [f"Để tham khảo: {_actual_sentence(result)}; thu nhập này không dùng để xếp loại theo bộ chuẩn này."]


def _band_sentence(rule: GateRule, result: Classification, measure: str, show: Callable[[int], str]) -> str:
    area = result.household.area_type
    where = AREA_LABELS[area]
    count = result.deprivation_count
    top = max(rule.bands, key=lambda band: band.up_to.for_area(area)).up_to
    if result.band_index is None and result.household_class is HouseholdClass.UNDETERMINED:
        return (
            f"{measure} không vượt {top.label} {show(top.for_area(area))} ({where})"
            " nhưng chưa có thông tin thiếu hụt (Phiếu B) → chưa xác định."
        )
    if result.band_index is None:
        return f"{measure}, vượt {top.label} {show(top.for_area(area))} ({where}) → không nghèo, không xét thiếu hụt."
    band = rule.bands[result.band_index]
    sentence = f"{measure}, không vượt {band.up_to.label} {show(band.up_to.for_area(area))} ({where})"
    if band.min_deprivations:
        sentence += f" và thiếu hụt {count} chỉ số (từ {band.min_deprivations} chỉ số trở lên)"
    else:
        sentence += _fewer_than(rule.bands[: result.band_index], band, area, count)
    return f"{sentence} → {CLASS_LABELS[band.result]}."


def _fewer_than(earlier: tuple[Band, ...], band: Band, area: AreaType, count: int | None) -> str:
    """Why an earlier, stricter band on the same line did not apply."""
    same_line = [b.min_deprivations for b in earlier if b.up_to.for_area(area) >= band.up_to.for_area(area)]
    if same_line and count is not None:
        return f" và thiếu hụt {count} chỉ số (dưới {min(same_line)} chỉ số)"
    return ""


def _actual_sentence(result: Classification) -> str:
    assert result.actual_income is not None
    numerator, denominator = result.actual_income
    per_capita = money(result.income_per_capita or 0)
    if result.household.phieu_c is not None:
        members = denominator // 12
        return (
            f"Thu nhập thực tế bình quân {per_capita}/người/tháng"
            f" ({money(numerator)} trong 12 tháng, {members} nhân khẩu)"
        )
    return f"Thu nhập bình quân {per_capita}/người/tháng"


def _income_statuses(result: Classification) -> list[str]:
    rule_set, household = result.rule_set, result.household
    area = household.area_type
    lines = []
    band = rule_set.average_living_standard
    listed = result.household_class in (HouseholdClass.POOR, HouseholdClass.NEAR_POOR)
    if household.farm_household and band is not None and result.actual_income is not None and not listed:
        above = f"trên {money(band.above.for_area(area))} " if band.above is not None else ""
        span = f"{above}đến {money(band.up_to.for_area(area))} ({AREA_LABELS[area]})"
        if result.household_class is HouseholdClass.AVERAGE_LIVING_STANDARD:
            lines.append(f"{_actual_sentence(result)}, trong khoảng {span} → hộ có mức sống trung bình.")
        else:
            lines.append(f"{_actual_sentence(result)}, ngoài khoảng {span} → không thuộc hộ có mức sống trung bình.")
    elif household.phieu_c is not None and not household.farm_household and band is not None:
        lines.append("Hộ không sinh sống bằng nông, lâm, ngư, diêm nghiệp → không xét hộ có mức sống trung bình.")
    worker = rule_set.low_income_worker
    if result.low_income_worker and worker is not None:
        lines.append(
            f"{_actual_sentence(result)}, không vượt {money(worker.up_to.for_area(area))} ({AREA_LABELS[area]})"
            " và hộ không thuộc hộ nghèo, hộ cận nghèo → người lao động trong hộ đạt điều kiện thu nhập"
            " của người lao động có thu nhập thấp."
        )
    return lines


def indicator_reason(rule_set: RuleSet, spec: IndicatorSpec, result: IndicatorResult, household: HouseholdInput) -> str:
    """One sentence on one indicator, deprived or not."""
    describe = _INDICATOR_TEXTS.get(spec.evaluator_name)
    if describe is None:
        return f"{spec.label}: {'thiếu hụt' if result.deprived else 'không thiếu hụt'}."
    return describe(rule_set, spec, result, household)


def _param(spec: IndicatorSpec, key: str) -> int:
    value = spec.params[key]
    assert isinstance(value, (int, float))
    return int(value)


def member_phrase(member_ids: Iterable[str]) -> str:
    """How a reason names the members an indicator found ('thành viên 12, 15'); the application, which
    knows their names, replaces the phrase with them (casework/cases/paperwork.py)."""
    return f"thành viên {', '.join(member_ids)}"


def _ids(result: IndicatorResult) -> str:
    return member_phrase(result.members)


def _employment(rule_set: RuleSet, spec: IndicatorSpec, result: IndicatorResult, household: HouseholdInput) -> str:
    what = "thành viên trong độ tuổi lao động thất nghiệp hoặc làm công không có hợp đồng lao động"
    return f"Có {what} ({_ids(result)})." if result.deprived else f"Không có {what}."


def _dependents(rule_set: RuleSet, spec: IndicatorSpec, result: IndicatorResult, household: HouseholdInput) -> str:
    share = _param(spec, "share_above_percent")
    if result.deprived:
        return (
            f"Người phụ thuộc {len(result.members)}/{len(household.members)} nhân khẩu, trên {share}% ({_ids(result)})."
        )
    return f"Tỷ lệ người phụ thuộc không vượt quá {share}% số nhân khẩu."


def _members_text(what: str) -> Callable[[RuleSet, IndicatorSpec, IndicatorResult, HouseholdInput], str]:
    def describe(rule_set: RuleSet, spec: IndicatorSpec, result: IndicatorResult, household: HouseholdInput) -> str:
        text = what.format(**{key: _param(spec, key) for key in spec.params if isinstance(spec.params[key], int)})
        return f"Có {text} ({_ids(result)})." if result.deprived else f"Không có {text}."

    return describe


def _adult_education(rule_set: RuleSet, spec: IndicatorSpec, result: IndicatorResult, household: HouseholdInput) -> str:
    bands = spec.params["age_bands"]
    assert isinstance(bands, list)
    youngest, oldest = min(band["from_age"] for band in bands), max(band["to_age"] for band in bands)
    what = (
        f"thành viên từ {youngest} đến {oldest} tuổi không đi học và chưa đạt trình độ giáo dục, đào tạo theo độ tuổi"
    )
    return f"Có {what} ({_ids(result)})." if result.deprived else f"Không có {what}."


def _housing_quality(rule_set: RuleSet, spec: IndicatorSpec, result: IndicatorResult, household: HouseholdInput) -> str:
    assert household.phieu_b is not None
    dwelling = household.phieu_b.dwelling
    materials = rule_set.codes["material"]
    durable = materials.with_flag("durable")
    parts = [("tường", dwelling.wall), ("cột", dwelling.pillar), ("mái", dwelling.roof)]
    weak = [f"{name}: {materials.labels[code]}" for name, code in parts if code not in durable]
    if result.deprived:
        return f"Nhà ở không bền chắc: {len(weak)}/3 kết cấu chính bằng vật liệu không bền chắc ({'; '.join(weak)})."
    return f"Nhà ở không thuộc loại không bền chắc ({len(weak)}/3 kết cấu chính bằng vật liệu không bền chắc)."


def _housing_area(rule_set: RuleSet, spec: IndicatorSpec, result: IndicatorResult, household: HouseholdInput) -> str:
    assert household.phieu_b is not None
    per_person = household.phieu_b.dwelling.floor_area_m2 / len(household.members)
    limit = spec.params["min_m2_per_person"]
    assert isinstance(limit, (int, float))
    comparison = "dưới" if result.deprived else "không dưới"
    return f"Diện tích nhà ở bình quân {decimal(per_person)} m²/người, {comparison} {decimal(limit)} m²/người."


def _coded(
    list_name: str, read: Callable[[HouseholdInput], str | None], bad: str, good: str
) -> Callable[[RuleSet, IndicatorSpec, IndicatorResult, HouseholdInput], str]:
    def describe(rule_set: RuleSet, spec: IndicatorSpec, result: IndicatorResult, household: HouseholdInput) -> str:
        code = read(household)
        label = rule_set.codes[list_name].labels.get(code or "", code or "")
        return f"{bad if result.deprived else good} ({label})."

    return describe


def _counted(
    list_name: str, bad: str, good: str
) -> Callable[[RuleSet, IndicatorSpec, IndicatorResult, HouseholdInput], str]:
    """Texts for indicators met by any one of a set of answers (services used, devices owned)."""

    def describe(rule_set: RuleSet, spec: IndicatorSpec, result: IndicatorResult, household: HouseholdInput) -> str:
        codes = rule_set.codes[list_name]
        counting = codes.with_flag("counts")
        answers: frozenset[str] = frozenset()
        if household.phieu_b is not None:
            answers = household.phieu_b.telecom_used if list_name == "telecom" else household.phieu_b.devices
        counted = ", ".join(codes.labels[code] for code in sorted(counting))
        used = ", ".join(codes.labels[code] for code in sorted(answers & counting)) or "loa truyền thanh"
        return (bad if result.deprived else good).format(counted=counted, used=used)

    return describe


def _survey_answer(name: str) -> Callable[[HouseholdInput], str | None]:
    def read(household: HouseholdInput) -> str | None:
        value = getattr(household.phieu_b, name, None)
        return value if isinstance(value, str) else None

    return read


_INDICATOR_TEXTS: dict[str, Callable[[RuleSet, IndicatorSpec, IndicatorResult, HouseholdInput], str]] = {
    "employment": _employment,
    "dependents": _dependents,
    "nutrition": _members_text("trẻ em dưới {child_under_age} tuổi bị suy dinh dưỡng thấp còi hoặc nhẹ cân"),
    "health_insurance": _members_text("thành viên từ {from_age} tuổi trở lên không có bảo hiểm y tế"),
    "health_service_access": _members_text("thành viên ốm đau nhưng không đi khám chữa bệnh"),
    "adult_education": _adult_education,
    "child_school_attendance": _members_text(
        "trẻ em từ {from_age} đến {to_age} tuổi không được đi học đúng bậc, cấp học phù hợp với độ tuổi"
    ),
    "housing_quality": _housing_quality,
    "housing_area": _housing_area,
    "water_source": _coded(
        "water_source",
        _survey_answer("water_source"),
        "Hộ không tiếp cận được nguồn nước sinh hoạt hợp vệ sinh",
        "Hộ sử dụng nguồn nước sinh hoạt hợp vệ sinh",
    ),
    "hygienic_latrine": _coded(
        "latrine", _survey_answer("latrine"), "Hộ không sử dụng nhà tiêu hợp vệ sinh", "Hộ sử dụng nhà tiêu hợp vệ sinh"
    ),
    "waste_treatment": _coded(
        "waste_handling",
        _survey_answer("waste_handling"),
        "Rác thải sinh hoạt của hộ chưa được thu gom, xử lý hợp vệ sinh",
        "Rác thải sinh hoạt của hộ được thu gom, xử lý hợp vệ sinh",
    ),
    "telecom_use": _counted(
        "telecom",
        "Không thành viên nào sử dụng dịch vụ được tính ({counted}).",
        "Hộ có thành viên sử dụng dịch vụ được tính ({used}).",
    ),
    "information_access": _counted(
        "device",
        "Hộ không có phương tiện nào trong số: {counted}; và không nghe được hệ thống loa truyền thanh.",
        "Hộ có phương tiện tiếp cận thông tin ({used}) hoặc nghe được hệ thống loa truyền thanh.",
    ),
}
