from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectChoice, StringField
from wtforms.validators import DataRequired, Length

from casework.forms import REQUIRED, known_choice
from workflow.names import normalize


class VillageForm(FlaskForm):
    name = StringField(
        _l("Tên thôn / tổ dân phố"),
        validators=[DataRequired(REQUIRED), Length(max=120, message=_l("Tối đa 120 ký tự."))],
        filters=[lambda value: normalize(value) if value else value],
    )
    # Empty to add a village; the id of the row being renamed otherwise.
    village_id = HiddenField()


def _upper(value: str | None) -> str:
    return (value or "").strip().upper()


class CommuneDocumentsForm(FlaskForm):
    """The commune's register of outgoing documents and its letters' symbol (documents.md §4)."""

    register_by_type = RadioField(
        _l("Sổ đăng ký văn bản đi"),
        choices=[
            SelectChoice("type", _l("Mỗi loại văn bản một dãy số (thông báo, quyết định, báo cáo...)")),
            SelectChoice("shared", _l("Một dãy số chung cho mọi văn bản của xã")),
        ],
        default="type",
        validate_choice=False,
        validators=[DataRequired(REQUIRED), known_choice],
    )
    letter_drafting_unit = StringField(
        _l("Đơn vị soạn thảo ghi trong ký hiệu công văn (ví dụ VP cho 07/UBND-VP; để trống: 07/UBND)"),
        filters=[_upper],
    )
    receipt_symbol = StringField(
        _l("Ký hiệu giấy tiếp nhận hồ sơ (ví dụ TNHS cho 05/TNHS)"),
        filters=[_upper],
        validators=[DataRequired(REQUIRED)],
    )

    def mapping(self) -> dict[str, object]:
        return {
            "register_by_type": self.register_by_type.data == "type",
            "letter_drafting_unit": self.letter_drafting_unit.data,
            "receipt_symbol": self.receipt_symbol.data,
        }
