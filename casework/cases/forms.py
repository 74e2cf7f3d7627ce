"""Forms of the case steps; every message is Vietnamese and sits next to its field."""

from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from casework.forms import REQUIRED, DateField, not_in_future

FORMS = [
    SelectChoice("mau_01", _l("Mẫu số 01 – Giấy đề nghị rà soát / xác định mức sống")),
    SelectChoice("mau_04", _l("Mẫu số 04 – Giấy đề nghị công nhận thoát nghèo, thoát cận nghèo")),
]
KINDS = [
    SelectChoice("poverty_review", _l("Rà soát hộ nghèo, hộ cận nghèo")),
    SelectChoice("average_living_standard", _l("Xác định hộ có mức sống trung bình")),
    SelectChoice("low_income_worker", _l("Xác định người lao động có thu nhập thấp (người đề nghị)")),
]
EXITS = [
    SelectChoice("", _l("— chọn —")),
    SelectChoice("exit_poor", _l("Hộ thoát nghèo")),
    SelectChoice("exit_near_poor", _l("Hộ thoát cận nghèo")),
]
CHANNELS = [
    SelectChoice("in_person", _l("Trực tiếp")),
    SelectChoice("post", _l("Qua bưu chính")),
    SelectChoice("online_portal", _l("Cổng dịch vụ công trực tuyến")),
    SelectChoice("via_village_head", _l("Qua trưởng thôn")),
]


class RequestForm(FlaskForm):
    form = RadioField(_l("Loại giấy đề nghị"), choices=FORMS, default="mau_01", validators=[DataRequired(REQUIRED)])
    request_kind = RadioField(_l("Đề nghị (Mẫu số 01)"), choices=KINDS, default="poverty_review")
    requested_exit = SelectField(_l("Đề nghị công nhận (Mẫu số 04)"), choices=EXITS, validate_choice=False)
    applicant_member_id = SelectField(_l("Người đề nghị"), coerce=int, validators=[DataRequired(REQUIRED)])
    reason = TextAreaField(
        _l("Lý do đề nghị"), validators=[DataRequired(REQUIRED), Length(max=2000, message=_l("Tối đa 2000 ký tự."))]
    )
    channel = SelectField(_l("Hình thức nộp"), choices=CHANNELS)
    signed_place = StringField(_l("Nơi ký"), validators=[Length(max=120, message=_l("Tối đa 120 ký tự."))])
    signed_on = DateField(_l("Ngày ký"), validators=[DataRequired(REQUIRED), not_in_future])
    received_on = DateField(_l("Ngày tiếp nhận"), validators=[DataRequired(REQUIRED), not_in_future])

    def validate_requested_exit(self, field: SelectField) -> None:
        if field.data and field.data not in {choice.value for choice in EXITS}:
            raise ValidationError(_l("Lựa chọn không hợp lệ."))
        if self.form.data == "mau_04" and not field.data:
            raise ValidationError(_l("Chọn hộ đề nghị thoát nghèo hay thoát cận nghèo."))

    def validate_received_on(self, field: DateField) -> None:
        if field.day and self.signed_on.day and field.day < self.signed_on.day:
            raise ValidationError(_l("Ngày tiếp nhận không thể trước ngày ký giấy đề nghị."))


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
    case_id = HiddenField()
    agree_count = IntegerField(
        _l("Số người đồng ý"), validators=[Optional(), NumberRange(0, 10000, message=_l("Từ %(min)s đến %(max)s."))]
    )
    opinion = StringField(_l("Ý kiến"), validators=[Length(max=500, message=_l("Tối đa 500 ký tự."))])


class MeetingForm(FlaskForm):
    held_on = DateField(_l("Ngày họp"), validators=[DataRequired(REQUIRED), not_in_future])
    started_at = TimeField(_l("Giờ bắt đầu"), validators=[DataRequired(REQUIRED)])
    ended_at = TimeField(_l("Giờ kết thúc"), validators=[DataRequired(REQUIRED)])
    venue = StringField(_l("Địa điểm"), validators=[DataRequired(REQUIRED), Length(max=200)])
    chair = StringField(_l("Chủ trì (trưởng thôn)"), validators=[DataRequired(REQUIRED), Length(max=120)])
    secretary = StringField(_l("Thư ký"), validators=[DataRequired(REQUIRED), Length(max=120)])
    supervisors = StringField(_l("Đại diện MTTQ giám sát (cách nhau bởi dấu phẩy)"), validators=[Length(max=300)])
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


UPPER_LEVELS = [
    SelectChoice("district", _l("Cấp huyện (mặc định)")),
    SelectChoice("province", _l("Cấp tỉnh")),
    SelectChoice("none", _l("Không xin ý kiến cấp trên")),
]


class CampaignForm(FlaskForm):
    commune_id = SelectField(_l("Xã / phường"), coerce=int, validators=[DataRequired(REQUIRED)])
    year = IntegerField(
        _l("Năm rà soát"),
        validators=[DataRequired(REQUIRED), NumberRange(2016, 2035, message=_l("Năm từ %(min)s đến %(max)s."))],
    )
    upper_review_level = SelectField(_l("Cấp xin ý kiến, phê duyệt kết quả"), choices=UPPER_LEVELS)
    upper_review_recipient = StringField(_l("Kính gửi (cấp trên)"), validators=[Length(max=200)])


class DecisionForm(FlaskForm):
    number = IntegerField(
        _l("Số quyết định (theo sổ văn bản đi)"),
        validators=[DataRequired(REQUIRED), NumberRange(1, 99999, message=_l("Số từ %(min)s đến %(max)s."))],
    )
    symbol = StringField(_l("Ký hiệu"), default="QĐ-UBND", validators=[DataRequired(REQUIRED), Length(max=30)])
    issued_on = DateField(_l("Ngày ban hành"), validators=[DataRequired(REQUIRED), not_in_future])


class RefusalForm(FlaskForm):
    reasons = TextAreaField(
        _l("Lý do không công nhận (mỗi lý do một dòng)"),
        validators=[DataRequired(_l("Phải nêu lý do không công nhận.")), Length(max=4000)],
    )
    number = IntegerField(
        _l("Số công văn (theo sổ văn bản đi)"), validators=[DataRequired(REQUIRED), NumberRange(1, 99999)]
    )
    issued_on = DateField(_l("Ngày ban hành"), validators=[DataRequired(REQUIRED), not_in_future])


def pdf_upload(form: FlaskForm, field: FileField) -> None:
    """Only a PDF is kept: the first bytes must say so, whatever the file is called."""
    upload = field.data
    if upload is None or not getattr(upload, "filename", ""):
        raise ValidationError(_l("Hãy chọn tệp PDF."))
    head = upload.stream.read(5)
    upload.stream.seek(0)
    if head != b"%PDF-":
        raise ValidationError(_l("Tệp tải lên không phải PDF."))


class WithdrawalForm(FlaskForm):
    letter = FileField(_l("Đơn rút giấy đề nghị có chữ ký (PDF)"), validators=[pdf_upload])
