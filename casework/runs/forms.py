"""Opening a periodic campaign: the commune, the year and who gives the upper level's opinion."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange

from casework.forms import REQUIRED, known_choice, strip_text

UPPER_LEVELS = [
    SelectChoice("", _l("Mặc định (theo cấu hình của tỉnh; nếu tỉnh chưa chọn: cấp tỉnh từ 01/07/2025)")),
    SelectChoice("district", _l("Cấp huyện (đợt bắt đầu trước 01/07/2025)")),
    SelectChoice("province", _l("Cấp tỉnh")),
    SelectChoice("none", _l("Không xin ý kiến cấp trên")),
]


class CampaignForm(FlaskForm):
    commune_id = SelectField(_l("Xã / phường"), coerce=int, validators=[DataRequired(REQUIRED)])
    year = IntegerField(
        _l("Năm rà soát"),
        validators=[DataRequired(REQUIRED), NumberRange(2016, 2035, message=_l("Năm từ %(min)s đến %(max)s."))],
    )
    upper_review_level = SelectField(
        _l("Cấp xin ý kiến, phê duyệt kết quả"),
        choices=UPPER_LEVELS,
        default="",
        validate_choice=False,
        validators=[known_choice],
    )
    upper_review_recipient = StringField(_l("Kính gửi (cấp trên)"), filters=[strip_text], validators=[Length(max=200)])
    # Choices (the national standards by title) are set by the view; "" takes the one of the lists' year.
    rule_set = SelectField(_l("Chuẩn nghèo áp dụng"), default="", validate_choice=False, validators=[known_choice])


LEVEL_LABELS = {
    "district": _l("Cấp huyện"),
    "province": _l("Cấp tỉnh"),
    "none": _l("Không xin ý kiến cấp trên"),
}


class UpperLevelForm(FlaskForm):
    """The campaign page's choice of upper review level, until the report is sent."""

    upper_review_level = SelectField(
        _l("Cấp xin ý kiến, phê duyệt kết quả"),
        choices=UPPER_LEVELS,
        default="",
        validate_choice=False,
        validators=[known_choice],
    )


class StandardForm(FlaskForm):
    """The poverty standard a campaign applies; the choices are the national rule sets, by their titles."""

    rule_set = SelectField(
        _l("Chuẩn nghèo áp dụng"), validate_choice=False, validators=[DataRequired(REQUIRED), known_choice]
    )
