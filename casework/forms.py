"""Form pieces shared by every feature: the required message, dates as people type them, "not after today".

Messages are Vietnamese (translated through Babel) and stand next to their field.
"""

from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, StringField, TextAreaField
from wtforms.validators import Length, ValidationError

from casework import clock
from workflow.dates import DateInputError, parse_date

REQUIRED = _l("Không được để trống.")


def strip_text(value: object) -> object:
    """WTForms filter: surrounding spaces never count as an answer, and a text field left out of the
    request altogether is an empty answer, never None (a NOT NULL column would refuse it)."""
    if value is None:
        return ""
    return value.strip() if isinstance(value, str) else value


class DateField(StringField):
    """dd/mm/yyyy as people type it; `.day` holds the parsed date after validation."""

    day: dt.date | None = None

    def pre_validate(self, form: FlaskForm) -> None:
        if not (self.data or "").strip():
            return
        try:
            self.day, _ = parse_date(self.data)
        except DateInputError as error:
            raise ValidationError(str(error)) from None

    def in_past(self) -> bool:
        """The day typed is before the commune's today: the page then asks why it is entered late."""
        return bool(self.day and self.day < clock.today())


def not_in_future(form: FlaskForm, field: DateField) -> None:
    """The commune's today (Vietnam time), not the server's UTC date."""
    if field.day and field.day > clock.today():
        raise ValidationError(_l("Ngày không được ở tương lai."))


def late_reason_field() -> TextAreaField:
    """The written reason for a step entered after the fact ("nhập bù"); the page shows it for a past day."""
    return TextAreaField(
        _l("Lý do nhập bù (bước đã làm trên giấy, nay mới nhập vào hệ thống)"),
        validators=[Length(max=1000, message=_l("Tối đa 1000 ký tự."))],
        filters=[strip_text],
    )


class RecordId:
    """A hidden field carrying a row's id: ASCII digits that an INTEGER column can hold, else `message`
    (the page was altered or is stale); `.value` holds the id after validation."""

    def __init__(self, message: str) -> None:
        self.message = message

    def __call__(self, form: FlaskForm, field: Field) -> None:
        text = field.data if isinstance(field.data, str) else ""
        if not (text.isascii() and text.isdigit() and 0 < int(text) < 2**31):
            raise ValidationError(self.message)


def known_choice(form: FlaskForm, field: Field) -> None:
    """WTForms' own choice check answers in English; this one in Vietnamese (the field sets
    validate_choice=False)."""
    if field.data not in {choice.value for choice in field.choices}:
        raise ValidationError(_l("Lựa chọn không hợp lệ."))
