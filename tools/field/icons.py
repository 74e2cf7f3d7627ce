"""Draw the field app's icons (casework/static/field/icons/): `python -m tools.field.icons`.

A white house with a tick on the app's red, as PNGs at the sizes the manifest names; the maskable
icon keeps the drawing inside the safe circle (80 % of the side).
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parents[2] / "casework" / "static" / "field" / "icons"
RED = (155, 28, 28)
WHITE = (255, 255, 255)


def draw(size: int, *, maskable: bool) -> Image.Image:
    scale = 4  # draw large, shrink smoothly
    side = size * scale
    image = Image.new("RGB", (side, side), RED)
    pen = ImageDraw.Draw(image)
    margin = side * (0.22 if maskable else 0.14)
    left, right, top, bottom = margin, side - margin, margin, side - margin
    width = right - left
    eave = top + width * 0.42
    pen.polygon([(left, eave), (side / 2, top), (right, eave)], fill=WHITE)
    pen.rectangle([left + width * 0.12, eave - 1, right - width * 0.12, bottom], fill=WHITE)
    tick = [
        (left + width * 0.30, eave + width * 0.26),
        (left + width * 0.45, eave + width * 0.40),
        (left + width * 0.72, eave + width * 0.10),
    ]
    pen.line(tick, fill=RED, width=int(width * 0.075), joint="curve")
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for size in (192, 512):
        draw(size, maskable=False).save(OUT / f"icon-{size}.png", optimize=True)
    draw(512, maskable=True).save(OUT / "maskable-512.png", optimize=True)
    draw(180, maskable=False).save(OUT / "apple-touch-icon.png", optimize=True)


if __name__ == "__main__":
    main()
