"""QR codes for the verification URL printed in every page footer.

In a PDF the code is a small black-and-white PNG that render.py's URL fetcher makes from a `qr:`
URL (`qr:` + the percent-encoded verification URL, see `qr_image_url`); every other non-asset URL,
`data:` URIs included, is still refused. WeasyPrint loads an image once per document and draws it
as one shared image on every page, where an inline SVG was parsed and drawn again on each page: on
a 30-page list that was a tenth of the render. The context keeps the module count and one SVG path
string (`qr_code`) for pages outside the PDF renderer. The QR must carry no personal data, only the
verification URL (documents.md §7).
"""

from __future__ import annotations

import base64
import io
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote, unquote

import segno

# Medium error correction survives a scanned, slightly smudged paper copy and keeps the code small.
ERROR_LEVEL = "m"
QR_SCHEME = "qr:"
# Pixels per module of the PDF's PNG: at 14 mm a module is about 0.45 mm, so 8 pixels per module
# keep the edges sharp even where a viewer smooths the scaled image (the stylesheet asks it not to).
MODULE_PIXELS = 8


@dataclass(frozen=True)
class QrCode:
    size: int  # modules per side, the quiet zone excluded
    path: str  # SVG path data drawing the dark modules, one unit per module

    def svg(self, css_class: str = "qr") -> str:
        """Standalone SVG markup (for pages outside the PDF renderer)."""
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" class="{css_class}" viewBox="0 0 {self.size} {self.size}" '
            f'shape-rendering="crispEdges"><path d="{self.path}" fill="#000"/></svg>'
        )


@lru_cache(maxsize=256)
def qr_code(url: str) -> QrCode:
    """The code for `url` as one SVG path; identical input gives identical output (snapshots)."""
    code = segno.make(url, error=ERROR_LEVEL, micro=False, boost_error=False)
    return QrCode(size=code.symbol_size(border=0)[0], path=_path(code.matrix_iter(border=0)))


def _path(rows: Iterable[Iterable[int]]) -> str:
    """Dark modules as closed rectangles: a horizontal run, stretched down over the rows below that
    repeat it exactly. Exact and easy to diff, and about half the commands of one rectangle per run:
    the renderer parses the path again on every page, where it is the footer's costliest part."""
    open_runs: dict[tuple[int, int], int] = {}  # (x, width) -> the row it starts on
    rectangles: list[tuple[int, int, int, int]] = []  # y, x, width, height
    y = -1
    for y, row in enumerate(rows):
        runs = set(_runs(list(row)))
        for run in [r for r in open_runs if r not in runs]:
            top = open_runs.pop(run)
            rectangles.append((top, run[0], run[1], y - top))
        for run in runs:
            open_runs.setdefault(run, y)
    rectangles += [(top, x, width, y + 1 - top) for (x, width), top in open_runs.items()]
    return "".join(f"M{x} {top}h{width}v{height}h-{width}z" for top, x, width, height in sorted(rectangles))


def _runs(cells: list[int]) -> Iterable[tuple[int, int]]:
    """(start, width) of each horizontal run of dark modules."""
    x = 0
    while x < len(cells):
        if not cells[x]:
            x += 1
            continue
        start = x
        while x < len(cells) and cells[x]:
            x += 1
        yield start, x - start


def qr_png_data_uri(url: str, scale: int = 4) -> str:
    """A PNG data URI for HTML pages of the app (not for PDFs: the renderer refuses data: URIs)."""
    buffer = io.BytesIO()
    segno.make(url, error=ERROR_LEVEL, micro=False, boost_error=False).save(buffer, kind="png", scale=scale, border=2)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def qr_image_url(text: str) -> str:
    """The URL a document template gives its <img> for the code of `text` (see render.AssetFetcher)."""
    return QR_SCHEME + quote(text, safe="")


@lru_cache(maxsize=64)
def qr_png(image_url: str) -> bytes:
    """The PNG behind a `qr:` URL: the code with a quiet zone of one module, as the SVG had."""
    text = unquote(image_url.removeprefix(QR_SCHEME))
    buffer = io.BytesIO()
    segno.make(text, error=ERROR_LEVEL, micro=False, boost_error=False).save(
        buffer, kind="png", scale=MODULE_PIXELS, border=1
    )
    return buffer.getvalue()
