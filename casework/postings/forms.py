"""Forms of a posting: the posting itself, a complaint during it, the re-check's result."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, Field, RadioField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from casework import clock
from casework.documents.context.labels import COMPLAINT_TYPES, RECHECK_CONCLUSIONS
from casework.forms import REQUIRED, DateField, late_reason_field, strip_text
from casework.postings.documents import COMPLAINT_CHANNELS
from casework.postings.service import RECHECK_CLASSES, ComplaintData
from casework.register.forms import entered, number_field
from casework.surveys.forms import MultiCheckboxField
from casework.vocabulary import CLASS_LABELS

_TIME = re.compile(r"^([01]?\d|2[0-3])[:hg]([0-5]\d)$")


def not_after_today(form: FlaskForm, field: DateField) -> None:
    if field.day and field.day > clock.today():
        raise ValidationError(_l("Ngày không được ở tương lai."))


def known_choice(form: FlaskForm, field: Field) -> None:
    """WTForms' own check answers in English; this one in Vietnamese (fields set validate_choice=False)."""
    if field.data not in {choice.value for choice in field.choices}:
        raise ValidationError(_l("Lựa chọn không hợp lệ."))


def _choices(labels: dict[str, Any]) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in labels.items()]


class NewPostingForm(FlaskForm):
    case_ids = MultiCheckboxField(_l("Hộ đưa ra niêm yết"), coerce=int)
    places = TextAreaField(
        _l("Địa điểm niêm yết (cách nhau bằng dấu chấm phẩy)"),
        validators=[DataRequired(REQUIRED), Length(max=1000, message=_l("Tối đa 1000 ký tự."))],
    )
    starts_on = DateField(_l("Ngày bắt đầu niêm yết"), validators=[DataRequired(REQUIRED)])
    notice_number = number_field(_l("Số thông báo (theo sổ văn bản đi)"))
    ends_on = StringField()  # the end the user was shown; confirming another one shows the preview again

    @property
    def number(self) -> int | None:
        """The number entered, or None for the register's next one."""
        return entered(self.notice_number)


class ComplaintForm(FlaskForm):
    case_id = SelectField(
        _l("Hộ bị phản ánh"), coerce=int, validate_choice=False, validators=[DataRequired(REQUIRED), known_choice]
    )
    received_on = DateField(_l("Ngày nhận"), validators=[DataRequired(REQUIRED), not_after_today])
    received_time = StringField(_l("Giờ nhận (hh:mm)"), filters=[strip_text], validators=[DataRequired(REQUIRED)])
    channel = SelectField(
        _l("Hình thức"),
        choices=_choices(COMPLAINT_CHANNELS),
        validate_choice=False,
        validators=[DataRequired(REQUIRED), known_choice],
    )
    anonymous = BooleanField(_l("Người phản ánh đề nghị không công khai danh tính"))
    complainant = StringField(
        _l("Họ tên người phản ánh"), filters=[strip_text], validators=[Length(max=200, message=_l("Tối đa 200 ký tự."))]
    )
    contact = StringField(
        _l("Liên hệ (điện thoại, địa chỉ)"),
        filters=[strip_text],
        validators=[Length(max=200, message=_l("Tối đa 200 ký tự."))],
    )
    kind = RadioField(
        _l("Loại ý kiến"),
        choices=_choices(COMPLAINT_TYPES),
        validate_choice=False,
        validators=[DataRequired(REQUIRED), known_choice],
    )
    content = TextAreaField(
        _l("Nội dung phản ánh"),
        filters=[strip_text],
        validators=[DataRequired(REQUIRED), Length(max=4000, message=_l("Tối đa 4000 ký tự."))],
    )
    late_reason = late_reason_field()

    def validate_received_time(self, field: Field) -> None:
        if not _TIME.match(field.data or ""):
            raise ValidationError(_l("Giờ phải viết dạng hh:mm, ví dụ 14:15."))

    def validate_complainant(self, field: Field) -> None:
        if not self.anonymous.data and not field.data:
            raise ValidationError(_l("Ghi họ tên người phản ánh, hoặc chọn không công khai danh tính."))

    @property
    def time(self) -> dt.time:
        match = _TIME.match(self.received_time.data)
        assert match is not None  # validated
        return dt.time(int(match.group(1)), int(match.group(2)))

    def data_of(self) -> ComplaintData:
        """The complaint as the service takes it (the page and the API read the same form)."""
        return ComplaintData(
            case_id=self.case_id.data,
            received_on=self.received_on.day,
            received_time=self.time,
            channel=self.channel.data,
            complainant=None if self.anonymous.data else self.complainant.data or "",
            contact=self.contact.data or "",
            kind=self.kind.data,
            content=self.content.data,
            late_reason=self.late_reason.data or "",
        )


class RecheckForm(FlaskForm):
    team = TextAreaField(
        _l("Tổ phúc tra (mỗi dòng: họ tên, chức vụ; người đầu tiên là tổ trưởng)"),
        validators=[DataRequired(REQUIRED), Length(max=300, message=_l("Tối đa 300 ký tự."))],
    )
    started_on = DateField(_l("Ngày bắt đầu phúc tra"), validators=[DataRequired(REQUIRED), not_after_today])
    finished_on = DateField(_l("Ngày kết thúc phúc tra"), validators=[DataRequired(REQUIRED), not_after_today])
    conclusion = RadioField(
        _l("Kết luận"),
        choices=_choices(RECHECK_CONCLUSIONS),
        validate_choice=False,
        validators=[DataRequired(REQUIRED), known_choice],
    )
    new_class = SelectField(
        _l("Loại hộ sau phúc tra (khi thay đổi)"),
        choices=_choices({"": _l("— giữ nguyên —"), **{c: _l(CLASS_LABELS[c]) for c in RECHECK_CLASSES}}),
        default="",
        validate_choice=False,
        validators=[known_choice],
    )
    notes = TextAreaField(
        _l("Nội dung kết luận"), filters=[strip_text], validators=[Length(max=4000, message=_l("Tối đa 4000 ký tự."))]
    )
    late_reason = TextAreaField(
        _l("Lý do chậm (khi quá hạn phúc tra) hoặc lý do nhập bù"),
        filters=[strip_text],
        validators=[Length(max=1000, message=_l("Tối đa 1000 ký tự."))],
    )

    def team_members(self) -> tuple[tuple[str, str], ...]:
        lines = (line.strip() for line in (self.team.data or "").splitlines())
        return tuple(
            (name.strip(), position.strip()) for name, _, position in (ln.partition(",") for ln in lines if ln)
        )
