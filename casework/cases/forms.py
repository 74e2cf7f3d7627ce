"""Forms of a case's own steps: the request (Mẫu 01 / 04) and a withdrawal; messages sit next to their field."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import RadioField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from casework.forms import REQUIRED, DateField, not_in_future, strip_text

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
        _l("Lý do đề nghị"),
        filters=[strip_text],
        validators=[DataRequired(REQUIRED), Length(max=2000, message=_l("Tối đa 2000 ký tự."))],
    )
    channel = SelectField(_l("Hình thức nộp"), choices=CHANNELS)
    signed_place = StringField(
        _l("Nơi ký"), filters=[strip_text], validators=[Length(max=120, message=_l("Tối đa 120 ký tự."))]
    )
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
