"""A template that reaches outside the shipped assets fails to render instead of fetching."""

from __future__ import annotations

import pytest

from casework.documents.render import ForbiddenResource, html_to_pdf

FONT = (
    '<style>@font-face { font-family: T; src: url("asset:fonts/Tinos-Regular.ttf"); } body { font-family: T; }</style>'
)


@pytest.mark.parametrize(
    "markup",
    [
        '<img src="file:///etc/passwd">',
        '<link rel="stylesheet" href="file:///etc/passwd">',
        '<style>@import url("file:///etc/passwd");</style>',
        '<img src="http://127.0.0.1:9/x.png">',
        '<img src="https://example.org/logo.png">',
        '<style>body { background: url("http://127.0.0.1:9/x.png"); }</style>',
        '<img src="asset:../render.py">',
        '<img src="asset:../../../../etc/passwd">',
        '<img src="data:image/png;base64,iVBORw0KGgo=">',
    ],
)
def test_outside_resources_fail_the_render(markup: str) -> None:
    with pytest.raises(ForbiddenResource):
        html_to_pdf(f"<!doctype html><html><head>{FONT}</head><body>{markup}<p>Xin chào</p></body></html>")


def test_shipped_assets_render() -> None:
    pdf = html_to_pdf(f"<!doctype html><html><head>{FONT}</head><body><p>Lũng Cú</p></body></html>")
    assert pdf.startswith(b"%PDF")
