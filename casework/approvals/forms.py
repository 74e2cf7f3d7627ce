"""Forms of the upper level's opinion: the report's number, the official's reply, a reply received on paper."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import Field, RadioField, SelectChoice, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from casework.forms import REQUIRED, DateField, strip_text
from casework.register.forms import number_field

OUTCOME_LABELS = {
    "agreed": _l("Đồng ý với kết quả rà soát"),
    "agreed_with_changes": _l("Đồng ý, có điều chỉnh"),
    "recheck_requested": _l("Yêu cầu phúc tra các hộ được nêu tên"),
}
_SYMBOL = re.compile(r"^[A-ZĐ0-9.\-]+$")


def _upper(value: str | None) -> str:
    return (value or "").strip().upper()


def register_symbol(form: FlaskForm, field: StringField) -> None:
    if not _SYMBOL.match(field.data or ""):
        raise ValidationError(_l("Ký hiệu viết hoa, không có dấu cách, ví dụ BC-UBND."))


class CaseIdsField(Field):
    """The households ticked in a list: the ids of their cases."""

    def __init__(self, label: object = None, **kwargs: object) -> None:
        super().__init__(label, default=list, **kwargs)

    def process_formdata(self, valuelist: list[str]) -> None:
        if not all(value.isdigit() for value in valuelist):
            self.data = []
            raise ValueError(_l("Lựa chọn không hợp lệ."))
        self.data = [int(value) for value in valuelist]


class SendForm(FlaskForm):
    number = number_field(_l("Số báo cáo (theo sổ đăng ký văn bản đi)"))
    symbol = StringField(_l("Ký hiệu"), default="BC-UBND", filters=[_upper], validators=[register_symbol])


class ReviewForm(FlaskForm):
    number = number_field(_l("Số văn bản (theo sổ đăng ký văn bản đi)"))
    symbol = StringField(_l("Ký hiệu"), default="UBND", filters=[_upper], validators=[register_symbol])
    case_ids = CaseIdsField(_l("Hộ cần phúc tra"))
    note = TextAreaField(
        _l("Lý do cần phúc tra"), filters=[strip_text], validators=[Length(max=2000, message=_l("Tối đa 2000 ký tự."))]
    )


class ReplyForm(FlaskForm):
    replied_on = DateField(_l("Ngày văn bản trả lời"), validators=[DataRequired(REQUIRED)])
    sender = StringField(
        _l("Cơ quan trả lời"),
        filters=[strip_text],
        validators=[DataRequired(REQUIRED), Length(max=200, message=_l("Tối đa 200 ký tự."))],
    )
    document_number = StringField(
        _l("Số, ký hiệu văn bản trả lời"),
        filters=[strip_text],
        validators=[Length(max=60, message=_l("Tối đa 60 ký tự."))],
    )
    outcome = RadioField(
        _l("Ý kiến của cấp trên"),
        choices=[SelectChoice(key, label) for key, label in OUTCOME_LABELS.items()],
        validate_choice=False,
        validators=[DataRequired(_l("Chọn ý kiến của cấp trên."))],
    )
    case_ids = CaseIdsField(_l("Hộ cấp trên yêu cầu phúc tra"))
    note = TextAreaField(
        _l("Lý do phúc tra / nội dung điều chỉnh"),
        filters=[strip_text],
        validators=[Length(max=2000, message=_l("Tối đa 2000 ký tự."))],
    )
    file = FileField(_l("Văn bản trả lời (PDF)"), validators=[FileRequired(_l("Tải lên bản PDF văn bản trả lời."))])
