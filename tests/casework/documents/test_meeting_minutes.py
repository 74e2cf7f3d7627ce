"""The minutes of a village meeting as a records clerk reads them, and people listed with an optional
field: the minutes stored before attendance by category still render; a member of a re-check team
without a position is listed by name, never "Hoàng Thị Lan, - Tổ trưởng;"; an addressee without an
address ends with the name, not a comma."""

from __future__ import annotations

import re
from dataclasses import replace

from casework.documents.render import render, render_html
from tests.support.document_samples import kinds, sample_context

from .pdftools import page_texts, pdf_text


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_the_signatures_stay_with_the_closing_paragraph(sample_pdf) -> None:  # type: ignore[no-untyped-def]
    pages = [flat(text) for text in page_texts(sample_pdf("meeting_minutes"))]
    closing = next(i for i, text in enumerate(pages) if "Biên bản được lập thành 02 bản" in text)
    assert "THƯ KÝ" in pages[closing] and "CHỦ TRÌ" in pages[closing] and "Thào Mí Sính" in pages[closing]


def test_minutes_stored_before_the_categories_still_render() -> None:
    """A context as the builder stored it before: one attendance line, no disagree / abstain, no opinions."""
    old = sample_context("meeting_minutes")
    for key in ("opinions", "supervisor_remarks", "consent_share", "village_kind", "chair_title", "commune"):
        old.pop(key)
    old["attendees"] = [{"label": "Người dự họp", "count": 42, "names": []}]
    old["votes"] = [{**row, "abstain": ""} for row in old["votes"]]
    old["signatures"] = old["signatures"][1:]
    old["supervisor_signature"] = {"lines": ["ĐẠI DIỆN ỦY BAN MTTQ VIỆT NAM XÃ"], "hint": "(Giám sát)", "name": "Hầu"}
    old["household_signers"] = []
    text = flat(pdf_text(render("meeting_minutes", old).pdf))
    assert "Người dự họp: 42 người." in text and "Tổng số người dự họp: 42 người." in text
    assert "Trưởng thôn Lô Lô Chải" in text and "ĐẠI DIỆN ỦY BAN MTTQ VIỆT NAM XÃ" in text
    assert "Ly Mí Dính Hộ thoát cận nghèo 17 20 40,5% Không thông qua" in text
    assert "None" not in text and "ĐẠI DIỆN CÁC HỘ GIA ĐÌNH" not in text  # no empty signing table


def test_a_team_member_without_a_position_is_listed_by_name() -> None:
    context = sample_context("recheck_record")
    context["team"] = [
        {"name": "Hoàng Thị Lan", "position": ""},
        {"name": "Đỗ Thị Thu Hà", "position": "Công chức Văn hóa - Xã hội"},
        {"name": "Thào Mí Sính", "position": ""},
    ]
    html = render_html("recheck_record", context)
    items = re.findall(r"<li>(.*?)</li>", html)
    assert items[:3] == [
        "Hoàng Thị Lan - Tổ trưởng;",
        "Đỗ Thị Thu Hà, Công chức Văn hóa - Xã hội;",
        "Thào Mí Sính;",
    ]


def test_a_refusal_to_a_household_without_a_known_address_leaves_no_dangling_comma(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(
        kinds, "SAMPLE_APPLICANT", replace(kinds.SAMPLE_APPLICANT, current_address="", permanent_address="")
    )
    assert sample_context("refusal_letter")["addressee"] == "Bà Sùng Thị Mai"
