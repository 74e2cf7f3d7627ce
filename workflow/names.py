"""Vietnamese names: normalisation, diacritic-free search keys and the conventional sort order.

Lists are sorted by given name, then middle name, then family name (conventions.md §3), in
Vietnamese alphabet order (ă, â, đ, ê, ô, ơ, ư are letters of their own) with tones compared
only when the letters are equal, in ICU's order: level, grave, hook, tilde, acute, dot.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_SPACES = re.compile(r"\s+")
# Legacy-font conversions often leave the Icelandic eth where đ was meant.
_D_FOLD = str.maketrans({"đ": "d", "Đ": "d", "Ð": "d", "ð": "d"})

ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
# Foreign letters sort after the Vietnamese ones, digits before them.
_EXTRA = "fjwz0123456789"

_LETTER_MARKS = {"\u0306": "ă", "\u0302": "^", "\u031b": "ư"}  # breve, circumflex, horn
_TONE_MARKS = {"\u0300": 2, "\u0309": 3, "\u0303": 4, "\u0301": 5, "\u0323": 6}
_CIRCUMFLEX = {"a": "â", "e": "ê", "o": "ô"}
_HORN = {"o": "ơ", "u": "ư"}


def normalize(text: str) -> str:
    """NFC with runs of white space folded: the form every stored name takes."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


@lru_cache(maxsize=65536)
def search_key(text: str) -> str:
    """Lower-case, diacritic-free key: 'Nguyễn Thị Đào' -> 'nguyen thi dao'."""
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", bare.translate(_D_FOLD)).strip().lower()


@dataclass(frozen=True)
class NameParts:
    family: str
    middle: str
    given: str


def split_name(full_name: str) -> NameParts:
    """Family name is the first word, given name the last, middle name what lies between."""
    words = normalize(full_name).split(" ")
    if len(words) == 1:
        return NameParts(family="", middle="", given=words[0])
    return NameParts(family=words[0], middle=" ".join(words[1:-1]), given=words[-1])


def _letter_and_tone(char: str) -> tuple[str, int]:
    base, *marks = unicodedata.normalize("NFD", char.lower())
    tone = 1
    for mark in marks:
        if mark in _TONE_MARKS:
            tone = _TONE_MARKS[mark]
        elif mark == "\u0306" and base == "a":
            base = "ă"
        elif mark == "\u0302":
            base = _CIRCUMFLEX.get(base, base)
        elif mark == "\u031b":
            base = _HORN.get(base, base)
    if base in ("ð",):
        base = "đ"
    return base, tone


def _letter_code(letter: str) -> str:
    if letter == " ":
        return "01"
    position = ALPHABET.find(letter)
    if position < 0:
        extra = _EXTRA.find(letter)
        position = len(ALPHABET) + (extra if extra >= 0 else len(_EXTRA))
    return f"{position + 10:02d}"


@lru_cache(maxsize=65536)
def _word_key(text: str) -> str:
    pairs = [_letter_and_tone(ch) for ch in normalize(text)]
    letters = "".join(_letter_code(letter) for letter, _ in pairs)
    tones = "".join(str(tone) for _, tone in pairs)
    # "00" ends the letters so a shorter name sorts first; tones only decide between equal letters.
    return letters + "00" + tones


def sort_key(full_name: str, parts: NameParts | None = None, birth_date_iso: str = "") -> str:
    """A digits-only key that sorts the same under any database collation.

    `parts` overrides the split for naming systems that do not put the personal name last.
    """
    parts = parts or split_name(full_name)
    key = "".join(_word_key(part) for part in (parts.given, parts.middle, parts.family))
    return key + birth_date_iso.replace("-", "")
