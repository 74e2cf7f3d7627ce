"""The Mẫu 7.x report as a signed document: its signature block never stands alone on a page (issue 13)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from flask import Flask, render_template
from pypdf import PdfReader

from casework.documents.render import html_to_pdf
from casework.reports.output import TEMPLATE
from tests.casework.documents.pdftools import pdf_text


def _cell(text: str) -> dict[str, Any]:
    return {"text": text, "colspan": 1, "rowspan": 1}


def _context(rows: int) -> dict[str, Any]:
    table = {
        "form_label": "Mẫu số 7.1",
        "source": "TT 07/2021/TT-BLĐTBXH, Phụ lục VII",
        "title": "Tổng hợp kết quả rà soát hộ nghèo, hộ cận nghèo",
        "subtitle": "Xã Lũng Cú — Năm 2026",
        "header_rows": [[_cell("STT"), _cell("Thôn, tổ dân phố"), _cell("Số hộ")]],
        "column_count": 3,
        "rows": [{"no": str(n), "name": f"Thôn {n}", "cells": ["3"]} for n in range(1, rows + 1)],
        "total": {"name": "Tổng cộng", "cells": [str(3 * rows)]},
        "notes": [],
    }
    return {
        "kind": "report_table",
        "draft": False,
        "header": {
            "layout": "agency",
            "supervising": [],
            "name_lines": ["ỦY BAN NHÂN DÂN", "XÃ LŨNG CÚ"],
            "place": "Lũng Cú",
        },
        "date_line": "Lũng Cú, ngày 04 tháng 12 năm 2026",
        "number_line": None,
        "summary_vv": None,
        "title": None,
        "summary": None,
        "tables": [table],
        "verification": None,
        "sections": [],
        "annexes": [],
        "main_head": True,
        "main_tail": True,
        "page_numbers": "css",
        "recipients": [],
        "signature": None,
    }


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
@pytest.mark.parametrize("rows", [10, 18, 30])
def test_the_signature_block_goes_to_the_next_page_with_the_last_rows(app: Flask, rows: int) -> None:
    with app.test_request_context():
        pdf = html_to_pdf(render_template(TEMPLATE, **_context(rows)))
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    last = pdf_text(pdf, first=pages, last=pages)
    assert "(Ký, ghi rõ họ tên" in last  # the signature block is on the last page
    assert "Tổng cộng" in last  # never the signatures alone
