"""The working-day calendar: the national holidays shipped as data, and the administrator's
corrections for a year (a swapped working day, an extra day off announced by the government)."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Length

from casework import audit, clock
from casework.cycles.settings import working_calendar
from casework.extensions import db
from casework.forms import REQUIRED, DateField, strip_text
from casework.models import CalendarDay
from casework.permissions import Permission, may

bp = Blueprint("calendar", __name__, url_prefix="/calendar")

KINDS = [SelectChoice("holiday", _l("Ngày nghỉ")), SelectChoice("working_day", _l("Ngày làm việc (làm bù)"))]


class CorrectionForm(FlaskForm):
    day = DateField(_l("Ngày"), validators=[DataRequired(REQUIRED)])
    kind = SelectField(_l("Loại"), choices=KINDS)
    name = StringField(
        _l("Ghi chú (căn cứ)"), filters=[strip_text], validators=[Length(max=200, message=_l("Tối đa 200 ký tự."))]
    )


# The years a working calendar is kept for: a year outside them names no calendar (404), never a crash.
FIRST_YEAR, LAST_YEAR = 2000, 2100


def _guard() -> None:
    if not may(current_user, Permission.CALENDAR_MANAGE):
        abort(403)


@bp.route("/", methods=["GET", "POST"])
@login_required
def index():  # type: ignore[no-untyped-def]
    _guard()
    year = request.args.get("year", clock.today().year, type=int)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        abort(404, _("Lịch chỉ có cho các năm từ %(first)d đến %(last)d.", first=FIRST_YEAR, last=LAST_YEAR))
    form = CorrectionForm()
    status = 200
    if request.method == "POST":
        status = 422
        if form.validate():
            existing = db.session.get(CalendarDay, form.day.day)
            if existing is not None:
                form.day.errors.append(_("Ngày này đã có điều chỉnh; hãy xóa điều chỉnh cũ trước."))
            else:
                db.session.add(CalendarDay(day=form.day.day, kind=form.kind.data, name=form.name.data))
                audit.record(
                    "calendar_change", user_id=current_user.id, subject=form.day.day.isoformat(), kind=form.kind.data
                )
                db.session.commit()
                flash(_("Đã lưu điều chỉnh lịch."), "success")
                return redirect(url_for("calendar.index", year=form.day.day.year))
    calendar = working_calendar()
    holidays = sorted(day for day in calendar.holidays if day.year == year)
    extra_working = sorted(day for day in calendar.working_days if day.year == year)
    corrections = (
        db.session.execute(
            select(CalendarDay)
            .where(CalendarDay.day.between(dt.date(year, 1, 1), dt.date(year, 12, 31)))
            .order_by(CalendarDay.day)
        )
        .scalars()
        .all()
    )
    return render_template(
        "pages/workdays/index.html",
        year=year,
        form=form,
        holidays=holidays,
        extra_working=extra_working,
        corrections=corrections,
        why=calendar.why_not_working,
    ), status


@bp.post("/<day>/delete")
@login_required
def delete(day: str):  # type: ignore[no-untyped-def]
    _guard()
    try:
        found = db.session.get(CalendarDay, dt.date.fromisoformat(day))
    except ValueError:
        abort(404)
    if found is None:
        abort(404)
    db.session.delete(found)
    audit.record("calendar_change", user_id=current_user.id, subject=day, kind="removed")
    db.session.commit()
    flash(_("Đã xóa điều chỉnh lịch."), "success")
    return redirect(url_for("calendar.index", year=found.day.year))
