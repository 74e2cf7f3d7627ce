"""The official's signature stamp sits in the free area of the signature block, clear of the title
above it and of the name below it."""

from __future__ import annotations

import io

import pypdf
from flask import Flask

from casework.documents.render import render
from casework.signing.sign import MM, SIGNATURE_ANCHOR, SPACE_HEIGHT, placement
from tests.support.document_samples import sample_context


def test_the_stamp_keeps_clear_of_the_title_and_the_name(app: Flask) -> None:
    with app.app_context():
        pdf = render("recognition_decision", sample_context("recognition_decision")).pdf
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    anchor = reader.named_destinations[SIGNATURE_ANCHOR]
    space_top = float(anchor["/Top"])  # the bottom of the title lines
    where = placement(pdf)
    _left, bottom, _right, top = where.box
    assert where.page == reader.get_destination_page_number(anchor)
    assert top <= space_top - 3 * MM  # at least 3 mm under the title
    assert bottom >= space_top - SPACE_HEIGHT + 3 * MM  # and 3 mm above the signer's name
    assert top - bottom >= 18 * MM  # still room for the stamp's three lines
