from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField
from wtforms.validators import DataRequired, Length

from casework.forms import REQUIRED
from workflow.names import normalize


class VillageForm(FlaskForm):
    name = StringField(
        _l("Tên thôn / tổ dân phố"),
        validators=[DataRequired(REQUIRED), Length(max=120, message=_l("Tối đa 120 ký tự."))],
        filters=[lambda value: normalize(value) if value else value],
    )
    # Empty to add a village; the id of the row being renamed otherwise.
    village_id = HiddenField()
