"""A province's procedure settings (procedure.md §14.7): set by an administrator, read by campaigns."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, NumberRange

from casework import audit
from casework.cycles import standards
from casework.extensions import db
from casework.forms import REQUIRED, known_choice, strip_text
from casework.models import AdminUnit, UnitLevel
from casework.permissions import Permission, may
from workflow.procedures.settings import ProcedureSettings, SettingsError

bp = Blueprint("province_settings", __name__, url_prefix="/units/provinces")

DAYS = [NumberRange(1, 60, message=_l("Từ %(min)s đến %(max)s ngày."))]
# Settings keys edited as they are; the posting days are one field per procedure.
PLAIN_KEYS = (
    "upper_review_level",
    "upper_review_recipient",
    "periodic_window_start",
    "periodic_window_end",
    "regular_deadline_days",
    "regular_deadline_unit",
    "recheck_working_days",
    "meeting_vote_mode",
    "phieu_a_routing",
    "list_year",
    "local_standard",
)
PROCEDURES = ("periodic_review", "regular_review", "exit_request", "average_living_standard", "low_income_worker")


class ProvinceSettingsForm(FlaskForm):
    upper_review_level = SelectField(
        _l("Cấp xin ý kiến, phê duyệt kết quả rà soát định kỳ"),
        choices=[
            SelectChoice("", _l("Theo ngày bắt đầu đợt: cấp huyện trước 01/07/2025, cấp tỉnh từ ngày đó")),
            SelectChoice("district", _l("Cấp huyện")),
            SelectChoice("province", _l("Cấp tỉnh")),
            SelectChoice("none", _l("Không xin ý kiến")),
        ],
        default="",
        validate_choice=False,
        validators=[known_choice],
    )
    list_year = SelectField(
        _l("Năm ghi trên danh sách hộ nghèo, hộ cận nghèo của đợt rà soát định kỳ"),
        choices=[
            SelectChoice("campaign", _l("Năm rà soát (mặc định)")),
            SelectChoice("following", _l("Năm sau năm rà soát")),
        ],
        default="campaign",
        validate_choice=False,
        validators=[known_choice],
    )
    upper_review_recipient = StringField(_l("Kính gửi (cấp trên)"))
    # Choices: none, or the local standards shipped for this province (casework/data/local_standards/).
    local_standard = SelectField(
        _l("Chuẩn nghèo riêng của tỉnh (xếp loại thêm, bên cạnh chuẩn quốc gia)"),
        default="",
        validate_choice=False,
        validators=[known_choice],
    )
    periodic_window_start = StringField(
        _l("Rà soát định kỳ từ (tháng-ngày, MM-DD)"), validators=[DataRequired(REQUIRED)]
    )
    periodic_window_end = StringField(_l("đến (MM-DD)"), validators=[DataRequired(REQUIRED)])
    regular_deadline_days = IntegerField(
        _l("Thời hạn rà soát thường xuyên (ngày)"), validators=[DataRequired(REQUIRED), *DAYS]
    )
    regular_deadline_unit = SelectField(
        _l("Tính theo"),
        choices=[SelectChoice("calendar", _l("Ngày lịch")), SelectChoice("working", _l("Ngày làm việc"))],
    )
    recheck_working_days = IntegerField(
        _l("Thời hạn phúc tra (ngày làm việc)"), validators=[DataRequired(REQUIRED), *DAYS]
    )
    meeting_vote_mode = SelectField(
        _l("Cách biểu quyết ở họp dân"),
        choices=[SelectChoice("per_household", _l("Từng hộ")), SelectChoice("whole_list", _l("Cả danh sách"))],
    )
    phieu_a_routing = SelectField(
        _l("Rà soát nhanh bằng Phiếu A"),
        choices=[
            SelectChoice("requesters_only", _l("Chỉ hộ có giấy đề nghị")),
            SelectChoice("all", _l("Tất cả các hộ")),
        ],
    )
    posting_periodic_review = IntegerField(
        _l("Niêm yết – rà soát định kỳ (ngày làm việc)"), validators=[DataRequired(REQUIRED), *DAYS]
    )
    posting_regular_review = IntegerField(
        _l("Niêm yết – rà soát thường xuyên"), validators=[DataRequired(REQUIRED), *DAYS]
    )
    posting_exit_request = IntegerField(
        _l("Niêm yết – đề nghị thoát nghèo"), validators=[DataRequired(REQUIRED), *DAYS]
    )
    posting_average_living_standard = IntegerField(
        _l("Niêm yết – hộ có mức sống trung bình"), validators=[DataRequired(REQUIRED), *DAYS]
    )
    posting_low_income_worker = IntegerField(
        _l("Niêm yết – người lao động thu nhập thấp"), validators=[DataRequired(REQUIRED), *DAYS]
    )

    def fill(self, settings: ProcedureSettings) -> None:
        for name in PLAIN_KEYS:
            self[name].data = getattr(settings, name)
        self.upper_review_level.data = settings.upper_review_level or ""
        self.local_standard.data = settings.local_standard or ""
        for procedure in PROCEDURES:
            self[f"posting_{procedure}"].data = settings.posting_working_days[procedure]

    def mapping(self) -> dict[str, object]:
        values: dict[str, object] = {name: strip_text(self[name].data) for name in PLAIN_KEYS}
        values["posting_working_days"] = {p: self[f"posting_{p}"].data for p in PROCEDURES}
        if not values["upper_review_level"]:
            del values["upper_review_level"]  # by the campaign's start date
        if not values["local_standard"]:
            del values["local_standard"]  # the national standard only
        return values


def _province(province_id: int) -> AdminUnit:
    if not may(current_user, Permission.SETTINGS_MANAGE):
        abort(403)
    province = db.session.get(AdminUnit, province_id)
    if province is None or province.level is not UnitLevel.PROVINCE or not province.is_current:
        abort(404)
    return province


@bp.route("/<int:province_id>/settings", methods=["GET", "POST"])
@login_required
def edit(province_id: int):  # type: ignore[no-untyped-def]
    province = _province(province_id)
    form = ProvinceSettingsForm()
    form.local_standard.choices = [
        SelectChoice("", _("Không có: chỉ xếp loại theo chuẩn quốc gia")),
        *(SelectChoice(r.id, r.title) for r in standards.local_choices(province)),
    ]
    if request.method == "GET":
        form.fill(ProcedureSettings.from_mapping(province.settings or {}))
    status = 200
    warning = None
    if request.method == "POST":
        status = 422
        if form.validate():
            try:
                checked = ProcedureSettings.from_mapping(form.mapping())
            except SettingsError as error:
                key = str(error).split(":", 1)[0].split(".", 1)[0]
                target = form._fields.get(key, form.periodic_window_start)
                target.errors = [*target.errors, str(error)]
            else:
                province.settings = form.mapping()
                audit.record(
                    "province_settings", user_id=current_user.id, subject=f"unit:{province.id}", **province.settings
                )
                db.session.commit()
                flash(_("Đã lưu cấu hình của tỉnh."), "success")
                if checked.upper_review_level == "district":
                    flash(
                        _("Lưu ý: từ 01/07/2025 không còn cấp huyện; các đợt rà soát mở sau ngày đó sẽ được cảnh báo."),
                        "error",
                    )
                return redirect(url_for("province_settings.edit", province_id=province.id))
    return render_template("pages/units/province_settings.html", province=province, form=form, warning=warning), status
