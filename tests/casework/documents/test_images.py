"""The decision and the certificate as images: A4 at the expected pixel size, ink where ND 30 puts
the header, nothing in the top margin of page 1, a page number in it from page 2, QR in the footer."""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest

from .pdftools import ink, page_images

DPI = 50
# pdftoppm rounds the page size in pixels up: 414 x 585 at 50 dpi.
A4_PIXELS = (math.ceil(210 / 25.4 * DPI), math.ceil(297 / 25.4 * DPI))
# Boxes in millimetres (left, top, right, bottom) on an A4 page with margins 20 / 15 / 20 / 30.
LEFT_HEADER = (30, 20, 104, 40)  # agency name, left 45 % of the text width
RIGHT_HEADER = (104, 20, 195, 40)  # national title and motto, right 55 %
TOP_MARGIN_CENTRE = (102, 4, 123, 17)  # where the page number goes
FOOTER_QR = (30, 278, 46, 295)
BLANK_RIGHT_MARGIN = (197, 40, 210, 270)


@pytest.mark.parametrize("kind", ["recognition_decision", "certificate"])
def test_pages_are_a4_with_header_footer_and_numbers(sample_pdf: Callable[..., bytes], kind: str) -> None:
    pages = page_images(sample_pdf(kind), DPI)
    assert len(pages) >= 2
    for page in pages:
        assert page.size == A4_PIXELS
        assert ink(page, FOOTER_QR, DPI) > 0.2, "QR code missing from the footer"
        assert ink(page, BLANK_RIGHT_MARGIN, DPI) == 0, "something printed into the right margin"
    first, second = pages[0], pages[1]
    assert ink(first, LEFT_HEADER, DPI) > 0.02
    assert ink(first, RIGHT_HEADER, DPI) > 0.02
    assert ink(first, TOP_MARGIN_CENTRE, DPI) == 0, "page 1 carries no page number"
    assert ink(second, TOP_MARGIN_CENTRE, DPI) > 0, "page 2 carries its number"


def test_draft_decision_is_visibly_marked(sample_pdf: Callable[..., bytes]) -> None:
    final = page_images(sample_pdf("recognition_decision"), DPI, last=1)[0]
    draft = page_images(sample_pdf("recognition_decision", draft=True), DPI, last=1)[0]
    label = (150, 3, 195, 12)  # the boxed "DỰ THẢO" above the header, right
    assert ink(final, label, DPI) == 0
    assert ink(draft, label, DPI) > 0.05
