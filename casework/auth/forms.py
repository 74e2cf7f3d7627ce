from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from casework.auth.passwords import MAX_LENGTH
from casework.forms import REQUIRED


class LoginForm(FlaskForm):
    username = StringField(_l("Tên đăng nhập"), validators=[DataRequired(REQUIRED), Length(max=64)])
    password = PasswordField(_l("Mật khẩu"), validators=[DataRequired(REQUIRED), Length(max=200)])


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField(_l("Mật khẩu hiện tại"), validators=[DataRequired(REQUIRED)])
    new_password = PasswordField(
        _l("Mật khẩu mới"),
        validators=[
            DataRequired(REQUIRED),
            Length(max=MAX_LENGTH, message=_l("Mật khẩu dài tối đa %(n)d ký tự.", n=MAX_LENGTH)),
        ],
    )
    confirm = PasswordField(
        _l("Nhập lại mật khẩu mới"),
        validators=[DataRequired(REQUIRED), EqualTo("new_password", message=_l("Hai lần nhập không khớp."))],
    )
