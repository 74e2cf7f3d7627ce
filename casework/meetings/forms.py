"""The village meeting's form: the meeting, who attended by category, and each household's vote
(agree / disagree / abstain), or one vote for the whole list."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import FieldList, Form, FormField, HiddenField, IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from casework.forms import REQUIRED, DateField, RecordId, late_reason_field, not_in_future, strip_text
from casework.vocabulary import ATTENDANCE_LABELS

MAX_PEOPLE = 10000


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


class CountField(IntegerField):
    """A number of people: blank is no answer; anything but a whole number is refused in Vietnamese."""

    def process_formdata(self, valuelist: list[str]) -> None:
        text = (valuelist[0] if valuelist else "").strip()
        self.data = None
        if text:
            try:
                self.data = int(text)
            except ValueError:
                raise ValueError(_l("Nhập số người bằng chữ số, ví dụ 12.")) from None


def count_field(label: str) -> CountField:
    return CountField(label, validators=[Optional(), NumberRange(0, MAX_PEOPLE, message=_l("Từ %(min)s đến %(max)s."))])


def _too_many(cast: int, attendees: int) -> str:
    return str(
        _l(
            "Đồng ý, không đồng ý và không biểu quyết cộng lại (%(cast)s) nhiều hơn số người dự họp (%(n)s).",
            cast=cast,
            n=attendees,
        )
    )


def _check_vote(agree: CountField, others: Iterable[CountField], attendees: int) -> bool:
    """Agree is required; the three counts together never exceed the attendance (message beside agree)."""
    if agree.errors or any(field.errors for field in others):
        return False
    if agree.data is None:
        agree.errors = [*agree.errors, REQUIRED]
        return False
    cast = agree.data + sum(field.data or 0 for field in others)
    if attendees and cast > attendees:
        agree.errors = [*agree.errors, _too_many(cast, attendees)]
        return False
    return True


class VoteForm(Form):
    case_id = HiddenField(validators=[RecordId(_l("Danh sách hộ biểu quyết không hợp lệ; hãy tải lại trang."))])
    agree_count = count_field(_l("Đồng ý"))
    disagree_count = count_field(_l("Không đồng ý"))
    abstain_count = count_field(_l("Không biểu quyết"))
    opinion = StringField(
        _l("Ý kiến"), filters=[strip_text], validators=[Length(max=500, message=_l("Tối đa 500 ký tự."))]
    )

    def counts(self) -> tuple[CountField, list[CountField]]:
        return self.agree_count, [self.disagree_count, self.abstain_count]


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
    # Who attended, by category (blank counts as nobody); the attendance is their total.
    attend_steering = count_field(_l(ATTENDANCE_LABELS["steering"]))
    attend_poverty_officer = count_field(_l(ATTENDANCE_LABELS["poverty_officer"]))
    attend_village_head = count_field(_l(ATTENDANCE_LABELS["village_head"]))
    attend_party_cell = count_field(_l(ATTENDANCE_LABELS["party_cell"]))
    attend_mass_organisations = count_field(_l(ATTENDANCE_LABELS["mass_organisations"]))
    attend_surveyors = count_field(_l(ATTENDANCE_LABELS["surveyors"]))
    attend_reviewed_households = count_field(_l(ATTENDANCE_LABELS["reviewed_households"]))
    attend_other_households = count_field(_l(ATTENDANCE_LABELS["other_households"]))
    whole_list_agree = count_field(_l("Số người đồng ý với cả danh sách"))
    whole_list_disagree = count_field(_l("Số người không đồng ý"))
    whole_list_abstain = count_field(_l("Số người không biểu quyết"))
    votes = FieldList(FormField(VoteForm), min_entries=0, max_entries=2000)
    opinions = TextAreaField(
        _l("Ý kiến phát biểu tại cuộc họp"),
        filters=[strip_text],
        validators=[Length(max=4000, message=_l("Tối đa 4000 ký tự."))],
    )
    supervisor_remarks = TextAreaField(
        _l("Ý kiến của đại diện MTTQ giám sát"),
        filters=[strip_text],
        validators=[Length(max=2000, message=_l("Tối đa 2000 ký tự."))],
    )
    late_reason = late_reason_field()

    # Messages about the total, shown beside it (it is not a field of its own).
    total_errors: list[str]

    def attendance_fields(self) -> list[tuple[str, CountField]]:
        return [(key, self[f"attend_{key}"]) for key in ATTENDANCE_LABELS]

    def attendance(self) -> dict[str, int]:
        return {key: field.data or 0 for key, field in self.attendance_fields()}

    def attendee_count(self) -> int:
        return sum(self.attendance().values())

    def validate_ended_at(self, field: TimeField) -> None:
        if field.time and self.started_at.time and field.time <= self.started_at.time:
            raise ValidationError(_l("Giờ kết thúc phải sau giờ bắt đầu."))

    def check_votes(self, whole_list: bool) -> bool:
        """Someone attended; each household's counts (or the list's) are given and fit the attendance."""
        self.total_errors = []
        if any(field.errors for _, field in self.attendance_fields()):
            return False
        attendees = self.attendee_count()
        if attendees == 0:
            self.total_errors = [str(_l("Ghi số người dự họp của ít nhất một thành phần."))]
            return False
        if whole_list:
            return _check_vote(self.whole_list_agree, [self.whole_list_disagree, self.whole_list_abstain], attendees)
        results = [_check_vote(*entry.form.counts(), attendees) for entry in self.votes]
        return all(results)
