"""Household and member forms; every message is Vietnamese and sits next to its field."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from casework import clock
from casework.forms import REQUIRED, strip_text
from casework.households.data import HouseholdData, MemberData
from casework.models import ActivityStatus, IdDocumentType, Relationship, Sex
from workflow.dates import DateInputError, parse_date
from workflow.identity import PidCheck, check_pid, is_legacy_cmnd, normalize_pid

SEX_CHOICES = [(Sex.MALE.value, _l("1: Nam")), (Sex.FEMALE.value, _l("2: Nữ"))]
RELATIONSHIP_CHOICES = [
    (Relationship.HEAD.value, _l("Chủ hộ")),
    (Relationship.SPOUSE.value, _l("Vợ/chồng")),
    (Relationship.PARENT.value, _l("Bố/mẹ")),
    (Relationship.CHILD.value, _l("Con")),
    (Relationship.GRANDPARENT.value, _l("Ông/bà")),
    (Relationship.GRANDCHILD.value, _l("Cháu")),
    (Relationship.SIBLING.value, _l("Anh/chị/em")),
    (Relationship.CHILD_IN_LAW.value, _l("Con dâu/con rể")),
    (Relationship.OTHER.value, _l("Khác")),
]
ACTIVITY_CHOICES = [
    (ActivityStatus.EMPLOYED.value, _l("Có việc làm")),
    (ActivityStatus.NOT_EMPLOYED.value, _l("Không có việc làm")),
    (ActivityStatus.IN_SCHOOL.value, _l("Đang đi học")),
]
ID_DOCUMENT_CHOICES = [
    (IdDocumentType.CCCD.value, _l("CCCD (căn cước công dân)")),
    (IdDocumentType.CAN_CUOC.value, _l("Thẻ căn cước")),
    (IdDocumentType.CMND.value, _l("CMND 9 số (cũ)")),
    (IdDocumentType.NONE.value, _l("Chưa có giấy tờ")),
]
# Year-only birth dates are for elderly people who only know their year (Mẫu 03 prints "Năm sinh").
YEAR_ONLY_MIN_AGE = 60
EARLIEST_BIRTH_YEAR = 1880


def _warning_fingerprint(pid: str, result: PidCheck) -> str:
    """A keyed digest of the number and the problems found: the page cannot forge or reuse it."""
    key = str(current_app.config["SECRET_KEY"]).encode()
    message = "|".join([pid, *(problem.value for problem in result.problems)]).encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def as_choices(pairs: list[tuple[object, object]]) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]  # type: ignore[arg-type]


def _too_long(limit: int) -> str:
    return _l("Tối đa %(n)d ký tự.", n=limit)


class MemberForm(Form):
    """One row of the members table (TT, họ tên, giới tính, ngày sinh, quan hệ, tình trạng...)."""

    full_name = StringField(
        _l("Họ và tên"),
        filters=[strip_text],
        validators=[DataRequired(REQUIRED), Length(max=120, message=_too_long(120))],
    )
    sex = SelectField(_l("Giới tính"), choices=as_choices(SEX_CHOICES), validators=[DataRequired(REQUIRED)])
    birth_date = StringField(
        _l("Ngày sinh"),
        filters=[strip_text],
        validators=[DataRequired(REQUIRED), Length(max=10, message=_too_long(10))],
    )
    ethnicity_code = SelectField(_l("Dân tộc"), validators=[Optional()])
    relationship_to_head = SelectField(_l("Quan hệ với chủ hộ"), choices=as_choices(RELATIONSHIP_CHOICES))
    activity_status = SelectField(_l("Tình trạng"), choices=as_choices(ACTIVITY_CHOICES))
    id_document_type = SelectField(_l("Loại giấy tờ"), choices=as_choices(ID_DOCUMENT_CHOICES))
    personal_id_number = StringField(
        _l("Số định danh cá nhân"), filters=[strip_text], validators=[Length(max=20, message=_too_long(20))]
    )
    personal_id_confirmed = BooleanField(_l("Đã kiểm tra lại số trên thẻ"))
    # The signed fingerprint of the number and the warning the page showed for it: the box above
    # acknowledges only that warning, for that exact number.
    personal_id_warned = HiddenField()
    legacy_id_number = StringField(
        _l("Số CMND cũ"), filters=[strip_text], validators=[Length(max=12, message=_too_long(12))]
    )
    id_issue_date = StringField(
        _l("Ngày cấp"), filters=[strip_text], validators=[Length(max=10, message=_too_long(10))]
    )
    id_issuer = StringField(_l("Nơi cấp"), filters=[strip_text], validators=[Length(max=120, message=_too_long(120))])
    remove = BooleanField(_l("Xóa dòng này"))
    member_id = HiddenField()

    # Filled by validation for the service, so it never re-parses text.
    parsed_birth: tuple[dt.date, str] | None = None
    parsed_issue_date: dt.date | None = None

    def validate_birth_date(self, field: StringField) -> None:
        try:
            born, precision = parse_date(field.data, allow_year_only=True)
        except DateInputError as error:
            raise ValidationError(str(error)) from None
        today = clock.today()
        if born > today:
            raise ValidationError(_l("Ngày sinh không được ở tương lai."))
        if born.year < EARLIEST_BIRTH_YEAR:
            raise ValidationError(_l("Năm sinh %(year)d không hợp lý.", year=born.year))
        if precision == "year" and today.year - born.year < YEAR_ONLY_MIN_AGE:
            raise ValidationError(_l("Chỉ người cao tuổi mới được ghi năm sinh; hãy nhập đủ ngày/tháng/năm."))
        self.parsed_birth = (born, precision)

    def validate_id_issue_date(self, field: StringField) -> None:
        if not field.data:
            self.parsed_issue_date = None
            return
        try:
            issued, _ = parse_date(field.data)
        except DateInputError as error:
            raise ValidationError(str(error)) from None
        if issued > clock.today():
            raise ValidationError(_l("Ngày cấp không được ở tương lai."))
        if self.parsed_birth and issued < self.parsed_birth[0]:
            raise ValidationError(_l("Ngày cấp không thể trước ngày sinh."))
        self.parsed_issue_date = issued

    def validate_legacy_id_number(self, field: StringField) -> None:
        number = normalize_pid(field.data)
        if number and not is_legacy_cmnd(number):
            raise ValidationError(_l("Số CMND cũ gồm 9 chữ số."))

    def check_personal_id(self, known_prefixes: frozenset[str] | None) -> None:
        """Digits against sex and birth year; a mismatch can be kept once the user re-checks it."""
        pid = normalize_pid(self.personal_id_number.data)
        if not pid:
            return
        born = self.parsed_birth
        result = check_pid(
            pid,
            birth_year=born[0].year if born else None,
            female=self.sex.data == Sex.FEMALE.value,
            known_prefixes=known_prefixes,
        )
        if result.ok:
            return
        warning = _warning_fingerprint(pid, result)
        acknowledged = (
            not result.malformed
            and self.personal_id_confirmed.data
            and hmac.compare_digest(self.personal_id_warned.data or "", warning)
        )
        if acknowledged:
            return
        self.personal_id_number.errors = list(self.personal_id_number.errors) + result.messages()
        if not result.malformed:
            # The warning is shown now: the next submission may acknowledge it, for this number only.
            self.personal_id_warned.data = warning
            self.personal_id_confirmed.data = False
            self.personal_id_number.errors.append(
                _l("Nếu số trên thẻ đúng như vậy, đánh dấu “Đã kiểm tra lại số trên thẻ” rồi lưu.")
            )

    def to_data(self) -> MemberData:
        born, precision = self.parsed_birth  # type: ignore[misc]  # set by validation
        member_id = self.member_id.data
        return MemberData(
            full_name=self.full_name.data,
            sex=Sex(self.sex.data),
            birth_date=born,
            birth_date_precision=precision,
            relationship_to_head=Relationship(self.relationship_to_head.data),
            activity_status=ActivityStatus(self.activity_status.data),
            ethnicity_code=self.ethnicity_code.data or None,
            id_document_type=IdDocumentType(self.id_document_type.data),
            personal_id=normalize_pid(self.personal_id_number.data) or None,
            personal_id_confirmed=bool(self.personal_id_confirmed.data),
            legacy_id_number=normalize_pid(self.legacy_id_number.data) or None,
            id_issue_date=self.parsed_issue_date,
            id_issuer=self.id_issuer.data or None,
            member_id=int(member_id) if member_id and member_id.isdigit() else None,
        )


class HouseholdForm(FlaskForm):
    village_id = SelectField(_l("Thôn / tổ dân phố"), coerce=int, validators=[DataRequired(REQUIRED)])
    permanent_address = StringField(
        _l("Nơi thường trú"),
        filters=[strip_text],
        validators=[DataRequired(REQUIRED), Length(max=300, message=_too_long(300))],
    )
    current_address = StringField(
        _l("Nơi ở hiện tại"),
        filters=[strip_text],
        validators=[DataRequired(REQUIRED), Length(max=300, message=_too_long(300))],
    )
    members = FieldList(FormField(MemberForm), min_entries=1, max_entries=40)
    version = HiddenField()
    add_member = SubmitField(_l("Thêm thành viên"))
    save = SubmitField(_l("Lưu"))

    def to_data(self) -> HouseholdData:
        """The validated input as plain data; only call after validation succeeded."""
        return HouseholdData(
            village_id=self.village_id.data,
            permanent_address=self.permanent_address.data,
            current_address=self.current_address.data,
            members=[m.to_data() for m in self.active_members()],
        )

    def attach_row_errors(self, conflicts: dict[int, str]) -> None:
        rows = self.active_members()
        for index, message in conflicts.items():
            rows[index].personal_id_number.errors.append(_l(message))

    def household_errors(self) -> list[str]:
        """Errors about the members as a whole (not about one row's fields)."""
        return [str(error) for error in self.members.errors if not isinstance(error, dict)]

    def active_members(self) -> list[MemberForm]:
        return [entry.form for entry in self.members if not entry.form.remove.data]

    def validate_members(self, field: FieldList) -> None:
        members = self.active_members()
        heads = [m for m in members if m.relationship_to_head.data == Relationship.HEAD.value]
        if not members:
            raise ValidationError(_l("Hộ phải có ít nhất một thành viên."))
        if len(heads) != 1:
            raise ValidationError(_l("Hộ phải có đúng một chủ hộ (đang có %(n)d).", n=len(heads)))

    def check_personal_ids(self, known_prefixes: frozenset[str] | None) -> bool:
        for member in self.active_members():
            member.check_personal_id(known_prefixes)
        return not any(m.personal_id_number.errors for m in self.active_members())
