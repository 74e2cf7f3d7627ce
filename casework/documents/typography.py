"""Titles set as a records clerk sets them: lines of about equal length, never one word alone on the last.

WeasyPrint has no `text-wrap: balance`, so a title longer than one line is broken here: its width is
measured with the font the documents embed (Tinos Bold, metric-compatible with Times New Roman), the
fewest lines it needs are found, and the words are shared out so that the longest line is as short as
it can be. The template filter `balanced` inserts the breaks (<br>); a title that fits on one line is
left alone.
"""

from __future__ import annotations

import math
import unicodedata
from functools import lru_cache
from itertools import combinations
from pathlib import Path

from fontTools.ttLib import TTFont
from markupsafe import Markup, escape

BOLD_FONT = Path(__file__).resolve().parent / "assets" / "fonts" / "Tinos-Bold.ttf"
# The text width of a portrait page: A4 less the 30 mm and 15 mm side margins of _style.css.
PORTRAIT_TEXT_MM = 165.0
# Room kept on every line for what the measure ignores (kerning, rounding, inline-block padding).
SAFETY = 0.94
_PT_PER_MM = 72 / 25.4
# A break not after a comma costs this share of the line: small enough to keep lines even.
COMMA_BONUS = 0.06
# Words of two syllables the document titles use, kept on one line when a break nearby is almost as even.
COMPOUNDS = frozenset(
    {
        ("rà", "soát"), ("cận", "nghèo"), ("thoát", "nghèo"), ("kết", "quả"), ("danh", "sách"), ("địa", "bàn"),
        ("nông", "nghiệp"), ("lâm", "nghiệp"), ("ngư", "nghiệp"), ("diêm", "nghiệp"), ("công", "nhận"),
        ("niêm", "yết"), ("công", "khai"), ("phản", "ánh"), ("ý", "kiến"), ("tiếp", "nhận"), ("đề", "nghị"),
        ("gia", "đình"), ("mức", "sống"), ("trung", "bình"), ("thu", "nhập"), ("chứng", "nhận"),
        ("hộ", "nghèo"), ("hộ", "cận"), ("hộ", "thoát"), ("hộ", "gia"), ("hộ", "làm"),
        ("hồ", "sơ"), ("phúc", "tra"), ("biên", "bản"), ("quyết", "định"), ("thông", "báo"), ("báo", "cáo"),
    }
)  # fmt: skip
COMPOUND_COST = 0.12
# Titles are a few lines of a few dozen words; past this many ways of breaking, give up balancing.
_MAX_CANDIDATES = 50_000
Breaks = tuple[int, ...]


@lru_cache(maxsize=2)
def _metrics(path: Path) -> tuple[dict[int, str], dict[str, tuple[int, int]], int]:
    with TTFont(path) as font:  # read the three tables now and close the file
        return dict(font.getBestCmap()), dict(font["hmtx"].metrics), font["head"].unitsPerEm


def text_width(text: str, size_pt: float, font: Path = BOLD_FONT) -> float:
    """The advance width of `text` in points at `size_pt`."""
    cmap, advances, units = _metrics(font)
    total = 0
    for char in unicodedata.normalize("NFC", text):
        glyph = cmap.get(ord(char))
        total += advances[glyph][0] if glyph in advances else units // 2
    return total * size_pt / units


def balance_lines(text: str, size_pt: float, width_mm: float = PORTRAIT_TEXT_MM, *, upper: bool = False) -> list[str]:
    """The words of `text` in the fewest lines that fit `width_mm`, the longest line as short as possible."""
    words = text.split()
    if not words:
        return []
    shown = [word.upper() if upper else word for word in words]
    space = text_width(" ", size_pt)
    widths = [text_width(word, size_pt) for word in shown]
    available = width_mm * _PT_PER_MM * SAFETY
    total = sum(widths) + space * (len(words) - 1)
    for count in range(max(1, math.ceil(total / available)), len(words) + 1):
        breaks = _best_breaks(widths, space, available, count, words)
        if breaks is not None:
            return [" ".join(words[start:end]) for start, end in zip((0, *breaks), (*breaks, len(words)), strict=True)]
    return [" ".join(words)]  # a single word wider than the page: nothing to balance


def _break_cost(words: list[str], at: int) -> float:
    """What breaking before words[at] costs, as a share of the line: nothing after a comma, more inside
    a word of two syllables that titles use ("rà soát", "cận nghèo")."""
    before = words[at - 1]
    if before.endswith((",", ";", ":")):
        return 0.0
    pair = (before.lower(), words[at].lower().rstrip(",;:"))
    return COMMA_BONUS + (COMPOUND_COST if pair in COMPOUNDS else 0.0)


def _best_breaks(widths: list[float], space: float, available: float, lines: int, words: list[str]) -> Breaks | None:
    """Where to break `widths` into `lines` lines, each within `available`: the longest line as short as
    possible, a break after a comma preferred (a compound word such as "nông nghiệp" is not split when a
    comma nearby gives lines almost as even)."""
    n = len(widths)
    if math.comb(n - 1, lines - 1) > _MAX_CANDIDATES:
        return None
    starts = [0]
    for width in widths:
        starts.append(starts[-1] + width)
    best: tuple[float, Breaks] | None = None
    for breaks in combinations(range(1, n), lines - 1):
        bounds = list(zip((0, *breaks), (*breaks, n), strict=True))
        longest = max(starts[end] - starts[start] + space * (end - start - 1) for start, end in bounds)
        if longest > available:
            continue
        cost = longest + sum(_break_cost(words, b) * available for b in breaks)
        if best is None or cost < best[0]:
            best = (cost, breaks)
    return best[1] if best else None


def balanced(text: str | None, size_pt: float = 14, width_mm: float = PORTRAIT_TEXT_MM, upper: bool = False) -> Markup:
    """Template filter: `text` with <br> where its balanced lines break (escaped; empty for None)."""
    if not text:
        return Markup("")
    return Markup("<br>").join(escape(line) for line in balance_lines(str(text), size_pt, width_mm, upper=upper))
