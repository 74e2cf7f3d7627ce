"""The number field of a numbered document: empty takes the register's next number, shown beside it."""

from __future__ import annotations

import re
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import Field, StringField
from wtforms.validators import ValidationError

from casework.forms import strip_text
from casework.register.service import Series


def _register_number(form: Any, field: Field) -> None:
    text = field.data or ""
    if text and not (text.isdigit() and 1 <= int(text) <= 99999):
        raise ValidationError(
            _l("Số văn bản là số nguyên từ 01 đến 99999, ví dụ 08; để trống để lấy số tiếp theo trong sổ.")
        )


_SYMBOL = re.compile(r"^[A-ZĐ0-9.\-]{1,30}$")


def register_symbol(form: Any, field: Field) -> None:
    """A symbol as the register writes it: capitals, no spaces ('QĐ-UBND')."""
    field.data = (field.data or "").strip().upper()
    if not _SYMBOL.match(field.data):
        raise ValidationError(_l("Ký hiệu viết hoa, không có dấu cách, ví dụ QĐ-UBND."))


def number_field(label: Any) -> StringField:
    """Optional: the clerk enters the number from the register, or leaves it for the next one."""
    return StringField(label, filters=[strip_text], validators=[_register_number])


def entered(field: Field) -> int | None:
    """The number entered in a validated `number_field`, None for the register's next one."""
    text = field.data or ""
    return int(text) if text else None


def show_next(field: Field, series: Series, ignore: Any = ()) -> str:
    """Put the register's next number beside the field: 'Số tiếp theo trong sổ: 08/TB-UBND'."""
    text = series.next_text(ignore)
    field.description = _("Số tiếp theo trong sổ: %(n)s. Để trống để dùng số này.", n=text)
    field.render_kw = {**(field.render_kw or {}), "placeholder": text.split("/")[0], "inputmode": "numeric"}
    return text
