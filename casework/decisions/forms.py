"""The chairman's decision and a reasoned refusal: number from the register, date of issue."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange

from casework.forms import REQUIRED, DateField, not_in_future, strip_text


class DecisionForm(FlaskForm):
    number = IntegerField(
        _l("Số quyết định (theo sổ văn bản đi)"),
        validators=[DataRequired(REQUIRED), NumberRange(1, 99999, message=_l("Số từ %(min)s đến %(max)s."))],
    )
    symbol = StringField(
        _l("Ký hiệu"), default="QĐ-UBND", filters=[strip_text], validators=[DataRequired(REQUIRED), Length(max=30)]
    )
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
