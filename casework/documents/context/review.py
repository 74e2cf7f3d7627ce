"""The review list (Phụ lục I, TT 07/2021) and the survey record of one household."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from casework.documents import wording
from casework.documents.context.formatting import money, village_text, vn_date
from casework.documents.context.labels import ORIGINS, PHIEU_A_RESULTS, SCORING_REGIONS
from casework.documents.context.pieces import document, section
from casework.documents.context.values import (
    AnswerRow,
    Column,
    Context,
    HouseholdRow,
    IndicatorRow,
    Issue,
    Person,
    Signer,
    SurveyResult,
)
from casework.formatting import number
from casework.vocabulary import CLASS_LABELS

REVIEW_COLUMNS = (
    Column("no", "TT", 7, "center"),
    Column("head_name", "Họ và tên chủ hộ", 33),
    Column("village", "Thôn", 18),
    Column("member_count", "Số thành viên", 10, "center"),
    Column("origin", "Diện rà soát", 20),
    Column("note", "Ghi chú", 12),
)


def _village_sections(villages: dict[str, Sequence[HouseholdRow]], *, titled: bool) -> list[dict[str, Any]]:
    """One section a village, numbered on across villages (the commune's list counts its households once)."""
    sections = []
    row_no = 0
    for village, rows in villages.items():
        numbered = []
        for row in rows:
            row_no += 1
            numbered.append(
                {
                    "no": str(row_no),
                    "head_name": row.head_name,
                    "village": row.village,
                    "member_count": str(row.member_count or ""),
                    "origin": ORIGINS.get(row.origin, ""),  # a code never reaches the page
                    "note": row.note,
                }
            )
        sections.append(
            section(
                REVIEW_COLUMNS,
                numbered,
                title=village_text(village, capital=True) if titled else "",
                total_label=f"Cộng {village_text(village)}: {number(len(rows))} hộ",
            )
        )
    return sections


def review_list(
    issue: Issue,
    *,
    year: int,
    commune: str,
    villages: dict[str, Sequence[HouseholdRow]],
    signer: Signer,
    compiler: Signer | None = None,
    commune_kind: str = "xã",
    standard: str = "",
) -> Context:
    """Danh sách hộ gia đình cần rà soát: one village, or the commune with one section a village;
    `standard` is the title of the poverty standard the campaign applies."""
    scope = "village" if len(villages) == 1 else "commune"
    sections = _village_sections(villages, titled=scope == "commune")
    place = (
        f"{village_text(next(iter(villages)))}, {commune_kind} {commune}"
        if scope == "village"
        else f"{commune_kind} {commune}"
    )
    total = sum(len(rows) for rows in villages.values())
    return document(
        "review_list",
        issue,
        form_label=wording.text("review_list", "form_label"),
        form_reference=wording.text("review_list", "form_reference"),
        title="DANH SÁCH HỘ GIA ĐÌNH CẦN RÀ SOÁT",
        summary=f"Năm {year} - {place[0].upper()}{place[1:]}",
        standard_line=f"Chuẩn nghèo áp dụng: {standard}" if standard else "",
        scope=scope,
        year=year,
        sections=sections,
        grand_total=f"Tổng cộng toàn {commune_kind}: {number(total)} hộ" if scope == "commune" else "",
        total_households=total,
        # A name left blank is written by hand under the signature.
        signature=signer.as_dict("" if signer.name else "(Ký, ghi rõ họ tên)"),
        compiler=compiler.as_dict("(Ký, ghi rõ họ tên)") if compiler else None,
    )


def _answer_rows(answers: Sequence[AnswerRow]) -> list[dict[str, Any]]:
    return [
        {
            "no": str(index),
            "item": row.item,
            "answer": row.answer,
            "points": "" if row.points is None else str(row.points),
            "unverified": row.unverified,
        }
        for index, row in enumerate(answers, start=1)
    ]


def _indicator_rows(indicators: Sequence[IndicatorRow]) -> list[dict[str, Any]]:
    return [
        {
            "number": row.number,
            "dimension": row.dimension,
            "label": row.label,
            "deprived": row.deprived,
            "deprived_text": "Có" if row.deprived else "Không",
            "reason": row.reason,
            "unverified": row.unverified,
        }
        for row in indicators
    ]


def _result_values(result: SurveyResult) -> dict[str, Any]:
    """What the engine found: Phiếu A, the B1 answers, the B2 indicators, income, class and reasons."""
    deprived = sum(1 for row in result.indicators if row.deprived)
    per_capita = result.income_per_capita_month
    return {
        "phieu_a": {"result": PHIEU_A_RESULTS[result.phieu_a_result], "criteria": list(result.phieu_a_criteria)}
        if result.phieu_a_result
        else None,
        "answers": _answer_rows(result.answers),
        "score_b1": result.score_b1,
        "b1_threshold": result.b1_threshold,
        "indicators": _indicator_rows(result.indicators),
        "deprivation_count": deprived,
        "score_b2": deprived * 10 if result.indicators else None,
        "income": [{"source": row.source, **money(row.amount)} for row in result.income],
        "income_total": money(sum(row.amount for row in result.income)) if result.income else None,
        "income_per_capita": money(per_capita) if per_capita is not None else None,
        "classification": result.classification,
        "classification_label": CLASS_LABELS[result.classification],
        "reasons": list(result.reasons),
        "standard_name": result.standard_name,
        # Kept with the issued sheet for the record; the sheet itself names the standard in words and
        # leaves which configuration items are unconfirmed to the survey page and the audit data.
        "rule_set_id": result.rule_set_id,
        "rule_set_title": result.rule_set_title,
        "rule_set_version": result.rule_set_version,
        "path": result.path,
        "income_note": result.income_note,
        "unverified": list(result.unverified_items)
        + [f"Chỉ số {row.number}. {row.label}" for row in result.indicators if row.unverified],
    }


def survey_record(
    issue: Issue,
    *,
    year: int,
    head: Person,
    village: str,
    member_count: int,
    area_label: str,
    region: str,
    surveyed_on: date,
    reviewer: str,
    result: SurveyResult,
) -> Context:
    """The survey sheet of one household: Phiếu A result, Phiếu B / C answers, indicators, class."""
    return document(
        "survey_record",
        issue,
        title="PHIẾU KẾT QUẢ RÀ SOÁT HỘ GIA ĐÌNH",
        summary=f"Năm {year}",
        head=head.as_dict(),
        village=village_text(village),
        member_count=member_count,
        area_label=area_label,
        region=SCORING_REGIONS.get(region, ""),  # a code never reaches the sheet
        surveyed_on=surveyed_on.isoformat(),
        surveyed_line=vn_date(surveyed_on),
        reviewer=reviewer,
        **_result_values(result),
        signatures=[
            {"lines": ["CHỦ HỘ"], "hint": "(Ký, ghi rõ họ tên)", "name": head.full_name},
            {"lines": ["RÀ SOÁT VIÊN"], "hint": "(Ký, ghi rõ họ tên)", "name": reviewer},
        ],
    )
