"""What an undetermined survey is waiting for, in the officer's words, per classifying path.

"Chưa xác định được" alone does not tell the officer what to do: a 2022-2025 survey waits for the
B1 score of Phiếu B, a 2027 survey (no B1 table yet) for the 12-month income of Phiếu C, and a
household whose income is under the line for the deprivation questions of Phiếu B.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from casework.extensions import db
from casework.models import Case, Survey, SurveyStatus
from casework.surveys import service
from casework.vocabulary import class_label, survey_class_label


def undetermined_label(result: Mapping[str, Any] | None) -> str:
    """'Chưa xác định được: còn thiếu …' for a stored or live undetermined result."""
    if not result:
        return _("Chưa xác định được (chưa có phiếu rà soát hoàn thành)")
    basis = str(result.get("basis") or "")
    offered = [str(path) for path in (result.get("path") or {}).get("offered") or ()]
    if basis == "phieu_c":
        return _(
            "Chưa xác định được: thu nhập thực tế không vượt chuẩn nghèo, còn thiếu điểm B1 (phần thu nhập ước tính"
            " của Phiếu B)"
        )
    if basis in ("score_b1", "income"):
        return _(
            "Chưa xác định được: còn thiếu các câu hỏi về thiếu hụt dịch vụ xã hội cơ bản (nhà ở, nước sạch, nhà"
            " tiêu, bảo hiểm y tế, việc làm, học tập… ở Phiếu B)"
        )
    if offered[:1] == ["income"]:
        return _("Chưa xác định được: còn thiếu thu nhập 12 tháng qua của hộ theo từng nguồn (Phiếu C)")
    if "score_b1" in offered:
        return _("Chưa xác định được: còn thiếu điểm B1 (phần thu nhập ước tính của Phiếu B)")
    return _("Chưa xác định được: chưa đủ câu trả lời để xếp loại")


def survey_outcome(survey: Survey) -> str:
    """The class a completed survey arrived at; for an undetermined one, what it waits for."""
    if survey.household_class != "undetermined":
        return survey_class_label(survey.household_class)
    return undetermined_label(service.stored_result(survey))


def case_outcome(case: Case) -> str:
    """The case's provisional class on its pages; undetermined says what its latest survey waits for."""
    if case.provisional_class != "undetermined":
        return class_label(case.provisional_class)
    survey = db.session.execute(
        select(Survey)
        .where(Survey.case_id == case.id, Survey.status == SurveyStatus.COMPLETED)
        .order_by(Survey.id.desc())
        .limit(1)
    ).scalar_one_or_none()
    return undetermined_label(service.stored_result(survey) if survey is not None else None)


def outcomes_of(surveys: Iterable[Survey]) -> dict[int, str]:
    """The household page's list: each undetermined survey's wording, by survey id."""
    return {s.id: survey_outcome(s) for s in surveys if s.household_class == "undetermined"}


# What an undetermined class waits for, on every page (casework/web.py registers them).
TEMPLATE_GLOBALS = {
    "case_outcome": case_outcome,
    "survey_outcome": survey_outcome,
    "undetermined_label": undetermined_label,
}
