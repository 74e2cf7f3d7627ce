"""Reading generated PDFs the way a person's tools do: poppler's pdftotext and pdftoppm."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        # A missing tool must fail the run, not skip the checks: `make test` installs poppler-utils.
        pytest.fail(f"{name} (poppler-utils) is not installed: run `make test-system-deps`")
    return path


def pdf_text(pdf: bytes, *, first: int | None = None, last: int | None = None, layout: bool = False) -> str:
    """Text of the PDF, or of pages first..last (1-based), in reading order."""
    options = [*(["-f", str(first)] if first else []), *(["-l", str(last)] if last else [])]
    if layout:
        options.append("-layout")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "document.pdf"
        path.write_bytes(pdf)
        return subprocess.run(
            [_tool("pdftotext"), "-enc", "UTF-8", *options, str(path), "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout


def page_texts(pdf: bytes) -> list[str]:
    return [pdf_text(pdf, first=number, last=number) for number in range(1, page_count(pdf) + 1)]


def page_count(pdf: bytes) -> int:
    return len(PdfReader(BytesIO(pdf)).pages)


def page_images(pdf: bytes, dpi: int, *, last: int | None = None) -> list[Image.Image]:
    """Pages as greyscale images, rasterised by pdftoppm."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "document.pdf"
        path.write_bytes(pdf)
        pages = ["-l", str(last)] if last else []
        subprocess.run(
            [_tool("pdftoppm"), "-r", str(dpi), "-gray", "-png", *pages, str(path), str(Path(folder) / "page")],
            check=True,
        )
        images = []
        for png in sorted(Path(folder).glob("page-*.png")):
            with Image.open(png) as image:
                images.append(image.convert("L").copy())
        return images


def ink(image: Image.Image, box_mm: tuple[float, float, float, float], dpi: int) -> float:
    """Share of dark pixels inside a box given in millimetres (left, top, right, bottom)."""
    scale = dpi / 25.4
    left, top, right, bottom = (round(value * scale) for value in box_mm)
    region = image.crop((left, top, right, bottom))
    histogram = region.histogram()
    dark = sum(histogram[:128])
    return dark / max(1, region.width * region.height)
