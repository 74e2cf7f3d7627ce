"""The purpose asked before personal data leaves as a file, and the import upload."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Length, ValidationError

from casework.forms import REQUIRED, strip_text
from workflow.i18n import N_

# In Vietnamese: the file's footer and the audit log keep these words whatever the UI language.
PURPOSE_TEXT = {
    "review": N_("Rà soát, đối chiếu tại xã, thôn"),
    "report": N_("Báo cáo cấp trên"),
    "software": N_("Cập nhật phần mềm, cơ sở dữ liệu cấp trên"),
    "archive": N_("Lưu hồ sơ của xã"),
}
PURPOSES = [
    *(SelectChoice(code, _l(text)) for code, text in PURPOSE_TEXT.items()),
    SelectChoice("other", _l("Khác (ghi rõ)")),
]


class ExportForm(FlaskForm):
    purpose = SelectField(_l("Mục đích xuất dữ liệu"), choices=PURPOSES, validators=[DataRequired(REQUIRED)])
    note = StringField(
        _l("Ghi rõ mục đích"),
        filters=[strip_text],
        validators=[Length(max=200, message=_l("Tối đa %(n)d ký tự.", n=200))],
    )
    full_ids = BooleanField(_l("Ghi đầy đủ số định danh cá nhân (mặc định che bớt)"))

    def validate_note(self, field: StringField) -> None:
        if self.purpose.data == "other" and not field.data:
            raise ValidationError(_l("Hãy ghi rõ mục đích."))

    def purpose_text(self) -> str:
        """The purpose in Vietnamese for the file's footer and the audit log, whatever the UI language."""
        note = self.note.data or ""
        base = PURPOSE_TEXT.get(self.purpose.data or "", "")
        return f"{base}: {note}" if base and note else base or note


class ImportForm(FlaskForm):
    file = FileField(_l("Tệp danh sách (.xlsx hoặc .csv)"))
    target = SelectField(_l("Nhập vào"), validators=[DataRequired(REQUIRED)])
    valid_only = BooleanField(_l("Chỉ nhập các dòng hợp lệ (bỏ qua các hộ có dòng sai)"))

    def validate_file(self, field: FileField) -> None:
        if not field.data or not getattr(field.data, "filename", ""):
            raise ValidationError(_l("Hãy chọn tệp cần nhập."))
