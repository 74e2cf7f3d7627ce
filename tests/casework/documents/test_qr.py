"""The verification QR: drawn as inline SVG from one path (no data: URI, no markup marked safe)."""

from __future__ import annotations

import segno
from flask import Flask

from casework.documents.qr import qr_code, qr_png_data_uri
from casework.documents.render import render_html
from tests.support.document_samples import SAMPLE_VERIFICATION, sample_context

URL = "https://hongheo.example/v/7Q4K-2M9D"


def modules_from_path(path: str, size: int) -> list[list[int]]:
    grid = [[0] * size for _ in range(size)]
    for run in path.split("z")[:-1]:
        start, rest = run[1:].split("h", 1)
        x, y = (int(value) for value in start.split())
        width, height = (int(value) for value in rest.split("h")[0].split("v"))
        for row in range(y, y + height):
            for column in range(x, x + width):
                grid[row][column] = 1
    return grid


def test_path_draws_exactly_the_segno_matrix() -> None:
    code = qr_code(URL)
    expected = [list(row) for row in segno.make(URL, error="m", micro=False).matrix_iter(border=0)]
    assert code.size == len(expected)
    assert modules_from_path(code.path, code.size) == [[int(bool(cell)) for cell in row] for row in expected]


def test_same_url_same_code() -> None:
    assert qr_code(URL) == qr_code(URL)
    assert qr_code(URL) != qr_code(URL + "X")


def test_document_embeds_inline_svg_not_data_uri(documents_app: Flask) -> None:
    html = render_html("certificate", sample_context("certificate"))
    assert '<svg class="qr"' in html
    assert qr_code(SAMPLE_VERIFICATION.url).path in html
    assert "data:" not in html
    assert 'Mã tra cứu: <span class="code">7Q4K-2M9D</span>' in html


def test_png_data_uri_for_web_pages() -> None:
    assert qr_png_data_uri(URL).startswith("data:image/png;base64,iVBOR")


def test_standalone_svg() -> None:
    svg = qr_code(URL).svg()
    assert svg.startswith("<svg") and 'viewBox="0 0 29 29"' in svg
