"""The chairman's decision and a reasoned refusal: number from the register (entered, or its next), date of issue."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from casework.forms import REQUIRED, DateField, not_in_future, strip_text
from casework.register.forms import number_field, register_symbol


class DecisionForm(FlaskForm):
    number = number_field(_l("Số quyết định (theo sổ văn bản đi)"))
    symbol = StringField(
        _l("Ký hiệu"), default="QĐ-UBND", filters=[strip_text], validators=[DataRequired(REQUIRED), register_symbol]
    )
    issued_on = DateField(_l("Ngày ban hành"), validators=[DataRequired(REQUIRED), not_in_future])


class RefusalForm(FlaskForm):
    reasons = TextAreaField(
        _l("Lý do không công nhận (mỗi lý do một dòng)"),
        validators=[DataRequired(_l("Phải nêu lý do không công nhận.")), Length(max=4000)],
    )
    number = number_field(_l("Số công văn (theo sổ văn bản đi)"))
    issued_on = DateField(_l("Ngày ban hành"), validators=[DataRequired(REQUIRED), not_in_future])
