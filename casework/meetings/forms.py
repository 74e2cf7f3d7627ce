"""The village meeting's form: the meeting, and each household's vote (or one vote for the whole list)."""

from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import FieldList, Form, FormField, HiddenField, IntegerField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from casework.forms import REQUIRED, DateField, RecordId, late_reason_field, not_in_future, strip_text


class TimeField(StringField):
    """HH:MM on a 24-hour clock."""

    time: dt.time | None = None

    def pre_validate(self, form: FlaskForm) -> None:
        text = (self.data or "").strip().replace("h", ":")
        try:
            hours, minutes = (int(part) for part in text.split(":"))
            self.time = dt.time(hours, minutes)
        except ValueError:
            raise ValidationError(_l("Giờ viết dạng 08:30.")) from None


class VoteForm(Form):
    case_id = HiddenField(validators=[RecordId(_l("Danh sách hộ biểu quyết không hợp lệ; hãy tải lại trang."))])
    agree_count = IntegerField(
        _l("Số người đồng ý"), validators=[Optional(), NumberRange(0, 10000, message=_l("Từ %(min)s đến %(max)s."))]
    )
    opinion = StringField(_l("Ý kiến"), validators=[Length(max=500, message=_l("Tối đa 500 ký tự."))])


class MeetingForm(FlaskForm):
    held_on = DateField(_l("Ngày họp"), validators=[DataRequired(REQUIRED), not_in_future])
    started_at = TimeField(_l("Giờ bắt đầu"), validators=[DataRequired(REQUIRED)])
    ended_at = TimeField(_l("Giờ kết thúc"), validators=[DataRequired(REQUIRED)])
    venue = StringField(_l("Địa điểm"), filters=[strip_text], validators=[DataRequired(REQUIRED), Length(max=200)])
    chair = StringField(
        _l("Chủ trì (trưởng thôn)"), filters=[strip_text], validators=[DataRequired(REQUIRED), Length(max=120)]
    )
    secretary = StringField(_l("Thư ký"), filters=[strip_text], validators=[DataRequired(REQUIRED), Length(max=120)])
    supervisors = StringField(
        _l("Đại diện MTTQ giám sát (cách nhau bởi dấu phẩy)"), filters=[strip_text], validators=[Length(max=300)]
    )
    attendee_count = IntegerField(
        _l("Số người dự họp"),
        validators=[
            DataRequired(_l("Số người dự họp phải lớn hơn 0.")),
            NumberRange(1, 10000, message=_l("Từ %(min)s đến %(max)s.")),
        ],
    )
    whole_list_agree = IntegerField(
        _l("Số người đồng ý với cả danh sách"), validators=[Optional(), NumberRange(0, 10000)]
    )
    votes = FieldList(FormField(VoteForm), min_entries=0, max_entries=2000)
    late_reason = late_reason_field()

    def validate_ended_at(self, field: TimeField) -> None:
        if field.time and self.started_at.time and field.time <= self.started_at.time:
            raise ValidationError(_l("Giờ kết thúc phải sau giờ bắt đầu."))

    def validate_whole_list_agree(self, field: IntegerField) -> None:
        if field.data is not None and self.attendee_count.data and field.data > self.attendee_count.data:
            raise ValidationError(_l("Không thể nhiều hơn số người dự họp."))

    def check_votes(self, whole_list: bool) -> bool:
        """Per-household counts are required (unless the whole list is voted once) and within attendance."""
        ok = True
        if whole_list:
            if self.whole_list_agree.data is None:
                self.whole_list_agree.errors = [*self.whole_list_agree.errors, REQUIRED]
                return False
            return True
        for entry in self.votes:
            vote = entry.form
            if vote.agree_count.data is None:
                vote.agree_count.errors = [*vote.agree_count.errors, REQUIRED]
                ok = False
            elif self.attendee_count.data and vote.agree_count.data > self.attendee_count.data:
                vote.agree_count.errors = [*vote.agree_count.errors, _l("Không thể nhiều hơn số người dự họp.")]
                ok = False
        return ok
