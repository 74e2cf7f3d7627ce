"""A signature block never stands alone on a page: it keeps the last paragraph or the last rows of the
table above it (shared by every kind through _style.css), whatever the length of what comes before."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date

import pytest

from casework.documents.context.review import review_list
from casework.documents.context.values import Signer
from tests.casework.documents.pdftools import page_count, pdf_text
from tests.support.document_samples import sample_context
from tests.support.document_samples.people import SAMPLE_COMMUNE, SAMPLE_VILLAGES, sample_households, steering_issue


def page_texts(pdf: bytes) -> list[str]:
    """Each page as laid out: a table row on one line."""
    return [pdf_text(pdf, first=number, last=number, layout=True) for number in range(1, page_count(pdf) + 1)]


def body_above(page: str, marker: str) -> list[str]:
    """The lines of `page` above `marker`, without the page number printed in the top margin."""
    lines = [line.strip() for line in page.split(marker, 1)[0].splitlines() if line.strip()]
    return lines[1:] if lines and lines[0].isdigit() else lines


@pytest.mark.parametrize("households", range(26, 34))
def test_a_list_keeps_its_last_rows_with_the_signatures(render_context: Callable[..., bytes], households: int) -> None:
    """26-33 households of one village put the end of the list on either side of a page break."""
    village = SAMPLE_VILLAGES[0]
    rows = [dataclasses.replace(row, village=village) for row in sample_households(households, seed=11)]
    context = review_list(
        steering_issue(draft=False, issued_on=date(2025, 9, 15)),
        year=2025,
        commune=SAMPLE_COMMUNE,
        villages={village: rows},
        signer=Signer("", block="tm_steering"),
        compiler=Signer("Đỗ Thị Thu Hà", block="plain", title="Người lập biểu"),
    )
    last = page_texts(render_context("review_list", context))[-1]
    above = body_above(last, "NGƯỜI LẬP BIỂU")
    assert any(line.startswith(f"{households} ") for line in above), last  # the last household's row
    assert any(line.startswith("Cộng thôn") for line in above), last


@pytest.mark.parametrize("paragraphs", range(4, 12))
def test_a_letter_keeps_its_last_paragraph_with_the_signature(
    render_context: Callable[..., bytes], paragraphs: int
) -> None:
    """A reply letter grown paragraph by paragraph: the signature and 'Nơi nhận' never start a page."""
    sample = sample_context("upper_approval")
    assert sample["changes"]  # the sample letter lists the changes the upper level asks for
    context = {
        **sample,
        "changes": [
            f"Đề nghị xã rà soát lại thông tin thành viên của hộ thứ {index + 1} có ý kiến phản ánh, cập nhật đầy đủ "
            "vào phiếu rà soát trước khi trình Chủ tịch Ủy ban nhân dân xã ban hành quyết định công nhận."
            for index in range(paragraphs)
        ],
    }
    for page in page_texts(render_context("upper_approval", context)):
        if "Nơi nhận:" in page:
            assert body_above(page, "Nơi nhận:"), page
