"""Text typed in the legacy TCVN3 (ABC) and VNI encodings, found and turned into Unicode.

Old commune spreadsheets were typed with fonts (.VnTime, VNI-Times) that draw Latin-1 characters
as Vietnamese letters; read as Unicode the text looks like "Hµ Néi" or "Haø Noäi"
(conventions.md §5). The cell's font names the encoding when there is one; otherwise both
conversions are tried and the one that yields well-formed Vietnamese syllables wins. The mapping
tables are data: casework/exchange/data/legacy_encodings.toml.
"""

from __future__ import annotations

import enum
import itertools
import re
import tomllib
import unicodedata
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "legacy_encodings.toml"

# Latin-1 letters that Unicode Vietnamese uses; any other Latin-1 letter in a name is suspicious.
_VIETNAMESE_LATIN1 = set("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_WORD = re.compile(r"\w+")


class Encoding(enum.Enum):
    UNICODE = "unicode"
    TCVN3 = "tcvn3"
    VNI = "vni"


LABELS = {Encoding.TCVN3: "TCVN3 (ABC)", Encoding.VNI: "VNI"}


@lru_cache(maxsize=1)
def _tables() -> dict[str, dict[str, str]]:
    with DATA.open("rb") as handle:
        return tomllib.load(handle)


def encoding_of_font(font_name: str | None) -> Encoding | None:
    """The encoding a cell's font implies: '.VnTime' → TCVN3, 'VNI-Times' → VNI, others none."""
    name = (font_name or "").strip().lower()
    if name.startswith(".vn"):
        return Encoding.TCVN3
    if name.startswith("vni"):
        return Encoding.VNI
    return None


def convert(text: str, encoding: Encoding, *, capitals: bool = False) -> str:
    """Legacy text to NFC Unicode; `capitals` for the TCVN3 capital fonts (.VnTimeH)."""
    if encoding is Encoding.UNICODE:
        return text
    table = _tables()[encoding.value]
    if encoding is Encoding.TCVN3:
        converted = "".join(table.get(ch, ch) for ch in text)
        return unicodedata.normalize("NFC", converted.upper() if capitals else converted)
    out: list[str] = []
    index = 0
    while index < len(text):
        pair = text[index : index + 2]
        if len(pair) == 2 and pair in table:
            out.append(table[pair])
            index += 2
            continue
        out.append(table.get(text[index], text[index]))
        index += 1
    return unicodedata.normalize("NFC", "".join(out))


def oddness(text: str, *, mixed_case: bool = False) -> int:
    """How un-Vietnamese a Unicode text looks: stray Latin-1 letters and syllables with two tones.

    With `mixed_case`, a capital inside a word ("tÝnh") or a đ that does not start one counts too:
    legacy codes read as Unicode produce both. Used to choose an encoding, not to refuse a Unicode name.
    """
    stray = sum(1 for ch in text if 0xA0 <= ord(ch) <= 0xFF and ch not in _VIETNAMESE_LATIN1)
    malformed = sum(1 for word in _WORD.findall(unicodedata.normalize("NFC", text)) if _malformed(word, mixed_case))
    return stray + malformed


def _malformed(word: str, mixed_case: bool) -> bool:
    if sum(1 for ch in unicodedata.normalize("NFD", word) if ch in _TONES) > 1:
        return True
    if not mixed_case:
        return False
    return any(a.islower() and b.isupper() for a, b in itertools.pairwise(word)) or _inner_d(word)


def _inner_d(word: str) -> bool:
    """Đ only ever starts a Vietnamese syllable."""
    return any(ch in "đĐ" for ch in word[1:])


@lru_cache(maxsize=65536)
def detect(text: str) -> Encoding:
    """Which encoding a text was typed in, judged from the text alone (remembered: a file repeats its
    villages, relationships and ethnic groups on every row)."""
    if text.isascii() or any(ord(ch) > 0xFF for ch in text):
        return Encoding.UNICODE  # legacy text is Latin-1 only; real Vietnamese has letters beyond it
    if oddness(text, mixed_case=True) == 0:
        return Encoding.UNICODE
    scored = sorted(
        (
            (oddness(convert(text, encoding), mixed_case=True), order, encoding)
            for order, encoding in enumerate((Encoding.VNI, Encoding.TCVN3))
        )
    )
    return scored[0][2]


def to_unicode(text: str, font_name: str | None = None) -> tuple[str, Encoding]:
    """The text in Unicode and the encoding it came in; the caller checks `oddness` of the result."""
    if any(ord(ch) > 0xFF for ch in text):
        return unicodedata.normalize("NFC", text), Encoding.UNICODE  # real Unicode, whatever the font says
    encoding = encoding_of_font(font_name) or detect(text)
    if encoding is Encoding.UNICODE:
        return unicodedata.normalize("NFC", text), encoding
    capitals = (font_name or "").strip().lower().endswith("h") and encoding is Encoding.TCVN3
    return convert(text, encoding, capitals=capitals), encoding


__all__ = ["LABELS", "Encoding", "convert", "detect", "encoding_of_font", "oddness", "to_unicode"]
