"""The verification QR: one PNG per PDF made from a `qr:` URL (no data: URI), drawn on every page."""

from __future__ import annotations

import io
from collections.abc import Callable

import segno
from flask import Flask
from PIL import Image
from pypdf import PdfReader

from casework.documents.qr import MODULE_PIXELS, qr_code, qr_image_url, qr_png, qr_png_data_uri
from casework.documents.render import AssetFetcher, render_html
from tests.support.document_samples import SAMPLE_VERIFICATION, sample_context

from .pdftools import page_count, page_images

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


def segno_matrix(url: str) -> list[list[int]]:
    return [[int(bool(cell)) for cell in row] for row in segno.make(url, error="m", micro=False).matrix_iter(border=1)]


def test_document_embeds_the_code_as_an_image_not_data_uri(documents_app: Flask) -> None:
    html = render_html("certificate", sample_context("certificate"))
    assert f'<img class="qr" src="{qr_image_url(SAMPLE_VERIFICATION.url)}"' in html
    assert "<svg" not in html
    assert "data:" not in html
    assert 'Mã tra cứu: <span class="code">7Q4K-2M9D</span>' in html


def test_the_image_a_document_gets_is_exactly_the_code_of_its_url() -> None:
    response = AssetFetcher().fetch(qr_image_url(URL))
    assert response.headers["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(response.read())).convert("L")
    size = image.width // MODULE_PIXELS  # the code and its quiet zone of one module
    modules = [
        [int(image.getpixel((x * MODULE_PIXELS + MODULE_PIXELS // 2, y * MODULE_PIXELS + MODULE_PIXELS // 2)) < 128)
         for x in range(size)]
        for y in range(size)
    ]  # fmt: skip
    assert modules == segno_matrix(URL)
    assert qr_png(qr_image_url(URL + "X")) != qr_png(qr_image_url(URL))


def test_a_long_list_carries_one_image_for_the_code_of_every_page(
    sample_pdf: Callable[..., bytes],
) -> None:
    pdf = sample_pdf("review_list")
    images = {
        reference.idnum
        for page in PdfReader(io.BytesIO(pdf)).pages
        for reference in page["/Resources"].get("/XObject", {}).values()
    }
    assert page_count(pdf) > 1
    assert len(images) == 1


def test_png_data_uri_for_web_pages() -> None:
    assert qr_png_data_uri(URL).startswith("data:image/png;base64,iVBOR")


def test_standalone_svg() -> None:
    svg = qr_code(URL).svg()
    assert svg.startswith("<svg") and 'viewBox="0 0 29 29"' in svg


def _ink_rows(image: Image.Image, left_mm: float, right_mm: float, dpi: int) -> tuple[float, float]:
    """Top and bottom (mm) of the dark pixels between two x positions in the page's bottom margin."""
    scale = dpi / 25.4
    band = image.crop((round(left_mm * scale), round(270 * scale), round(right_mm * scale), image.height))
    rows = [y for y in range(band.height) if band.crop((0, y, band.width, y + 1)).getextrema()[0] < 128]
    return 270 + rows[0] / scale, 270 + (rows[-1] + 1) / scale


def test_the_footer_text_sits_level_with_the_middle_of_the_code(sample_pdf: Callable[..., bytes]) -> None:
    dpi = 150
    for kind in ("certificate", "posting_notice"):
        page = page_images(sample_pdf(kind), dpi, last=1)[0]
        code_top, code_bottom = _ink_rows(page, 29, 45, dpi)  # left margin 30 mm, the code 14 mm wide
        text_top, text_bottom = _ink_rows(page, 47, 120, dpi)
        assert 13 <= code_bottom - code_top <= 15
        assert code_top < text_top and text_bottom < code_bottom
        assert abs((code_top + code_bottom) / 2 - (text_top + text_bottom) / 2) < 1.0  # mm
