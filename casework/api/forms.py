"""The token forms: a name, the features, read or write, how many days (at most API_TOKEN_MAX_DAYS)."""

from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, RadioField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from casework.api.tokens import ACCESS, FEATURES
from casework.forms import REQUIRED, strip_text
from casework.households.forms import as_choices
from casework.surveys.forms import MultiCheckboxField


class TokenForm(FlaskForm):
    name = StringField(
        _l("Tên gợi nhớ (dùng cho việc gì)"),
        filters=[strip_text],
        validators=[DataRequired(REQUIRED), Length(max=80, message=_l("Tối đa %(n)d ký tự.", n=80))],
    )
    features = MultiCheckboxField(_l("Phần được dùng"), choices=as_choices(list(FEATURES.items())))
    access = RadioField(
        _l("Quyền"), choices=as_choices(list(ACCESS.items())), default="read", validators=[InputRequired(REQUIRED)]
    )
    days = IntegerField(
        _l("Hiệu lực (số ngày)"),
        default=90,
        validators=[InputRequired(_l("Nhập số ngày, ví dụ 90."))],
    )

    def validate_features(self, field: MultiCheckboxField) -> None:
        if not field.data:
            raise ValidationError(_l("Chọn ít nhất một phần."))

    def validate_days(self, field: IntegerField) -> None:
        longest = int(current_app.config["API_TOKEN_MAX_DAYS"])
        if field.data is None or not 1 <= field.data <= longest:
            raise ValidationError(_l("Từ 1 đến %(n)d ngày.", n=longest))


class ServiceTokenForm(TokenForm):
    """The administrator's form: the token is for a service account (a programme, not a person)."""

    account = SelectField(_l("Tài khoản dịch vụ"), coerce=int, validators=[InputRequired(REQUIRED)])
