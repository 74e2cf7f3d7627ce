"""Legacy TCVN3 / VNI text is recognised and converted; Unicode text is left alone."""

from __future__ import annotations

import pytest

from casework.exchange.legacy import Encoding, detect, encoding_of_font, oddness, to_unicode


@pytest.mark.parametrize(
    ("legacy_text", "encoding", "unicode_text"),
    [
        ("Hµ Néi", Encoding.TCVN3, "Hà Nội"),
        ("Ph¹m ThÞ Hoa", Encoding.TCVN3, "Phạm Thị Hoa"),
        ("§ç V¨n M\xadêng", Encoding.TCVN3, "Đỗ Văn Mường"),
        ("Haø Noäi", Encoding.VNI, "Hà Nội"),
        ("Nguyeãn Vaên Tröôøng", Encoding.VNI, "Nguyễn Văn Trường"),
        ("Ñoã Thò Mai", Encoding.VNI, "Đỗ Thị Mai"),
    ],
)
def test_legacy_text_is_converted(legacy_text: str, encoding: Encoding, unicode_text: str) -> None:
    assert detect(legacy_text) is encoding
    assert to_unicode(legacy_text) == (unicode_text, encoding)
    assert oddness(unicode_text) == 0


@pytest.mark.parametrize("text", ["Giàng A Lử", "Bát Xát", "Hoà Bình", "Nguyen Van A", "Vàng Thị Mỷ"])
def test_unicode_is_left_alone(text: str) -> None:
    assert detect(text) is Encoding.UNICODE
    assert to_unicode(text)[0] == text


def test_font_names_decide() -> None:
    assert encoding_of_font(".VnTime") is Encoding.TCVN3
    assert encoding_of_font("VNI-Times") is Encoding.VNI
    assert encoding_of_font("Times New Roman") is None
    assert to_unicode("Hµ Néi", ".VnTimeH")[0] == "HÀ NỘI"
