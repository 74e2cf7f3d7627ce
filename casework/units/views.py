"""Villages of a commune, for the administrator and the commune's staff."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import func, select

from casework import audit
from casework.cycles.settings import commune_settings, province_settings
from casework.extensions import db
from casework.models import AdminUnit, Household, UnitLevel, Village
from casework.permissions import Permission
from casework.scoping import household_scope
from casework.units import service
from casework.units.forms import CommuneDocumentsForm, VillageForm
from workflow.procedures.settings import ProcedureSettings, SettingsError

bp = Blueprint("units", __name__, url_prefix="/units")


def _commune_or_404(commune_id: int) -> AdminUnit:
    commune = db.session.get(AdminUnit, commune_id)
    if commune is None or commune.level is not UnitLevel.COMMUNE or not commune.is_current:
        abort(404)
    if not household_scope(current_user, Permission.VILLAGE_MANAGE).covers_commune(commune.id):
        abort(404)
    return commune


def _village_or_404(village_id: int) -> Village:
    village = db.session.get(Village, village_id)
    if village is None:
        abort(404)
    _commune_or_404(village.commune_id)
    return village


@bp.get("/communes")
@login_required
def communes():  # type: ignore[no-untyped-def]
    scope = household_scope(current_user, Permission.VILLAGE_MANAGE)
    if scope.empty:
        abort(403)
    query = select(AdminUnit).where(AdminUnit.level == UnitLevel.COMMUNE, AdminUnit.effective_to.is_(None))
    code = request.args.get("code", "").strip()[:5]
    if not scope.everywhere:
        query = query.where(AdminUnit.id.in_(scope.commune_ids))
    elif code:
        query = query.where(AdminUnit.code == code.zfill(5))
    else:
        query = query.where(AdminUnit.id.in_(select(Village.commune_id)))
    rows = db.session.execute(query.order_by(AdminUnit.code).limit(200)).scalars().all()
    provinces = []
    if scope.everywhere:
        provinces = (
            db.session.execute(
                select(AdminUnit)
                .where(AdminUnit.level == UnitLevel.PROVINCE, AdminUnit.effective_to.is_(None))
                .order_by(AdminUnit.code)
            )
            .scalars()
            .all()
        )
    return render_template(
        "pages/units/communes.html", communes=rows, code=code, everywhere=scope.everywhere, provinces=provinces
    )


@bp.route("/communes/<int:commune_id>/villages", methods=["GET", "POST"])
@login_required
def villages(commune_id: int):  # type: ignore[no-untyped-def]
    """Add a village, or rename one (the form names the row); errors stay next to the field."""
    commune = _commune_or_404(commune_id)
    form = VillageForm()
    renaming = _renamed_village(commune, form.village_id.data) if request.method == "POST" else None
    if form.validate_on_submit():
        if service.name_taken(commune, form.name.data, renaming.id if renaming else None):
            form.name.errors.append(_("Xã này đã có thôn / tổ dân phố tên này."))
        else:
            if renaming:
                service.rename_village(renaming, form.name.data, current_user)
            else:
                service.add_village(commune, form.name.data, current_user)
            db.session.commit()
            flash(_("Đã lưu thôn / tổ dân phố."), "success")
            return redirect(url_for("units.villages", commune_id=commune.id))
    in_commune = select(Village.id).where(Village.commune_id == commune.id)
    counts = dict(
        db.session.execute(
            select(Household.village_id, func.count(Household.id))
            .where(Household.village_id.in_(in_commune))
            .group_by(Household.village_id)
        ).all()
    )
    rows = db.session.execute(
        select(Village)
        .where(Village.commune_id == commune.id)
        .order_by(Village.effective_to.is_not(None), Village.name)
    ).scalars()
    status = 422 if request.method == "POST" else 200
    return render_template(
        "pages/units/villages.html",
        commune=commune,
        villages=list(rows),
        counts=counts,
        form=form,
        renaming_id=renaming.id if renaming else None,
    ), status


def _renamed_village(commune: AdminUnit, raw_id: str | None) -> Village | None:
    if not raw_id:
        return None
    village = db.session.get(Village, int(raw_id)) if raw_id.isdigit() else None
    if village is None or village.commune_id != commune.id:
        abort(404)
    return village


@bp.route("/villages/<int:village_id>/close", methods=["POST"])
@login_required
def close(village_id: int):  # type: ignore[no-untyped-def]
    village = _village_or_404(village_id)
    service.close_village(village, current_user)
    db.session.commit()
    flash(_("Đã ngừng sử dụng thôn / tổ dân phố này (dữ liệu cũ vẫn giữ)."), "success")
    return redirect(url_for("units.villages", commune_id=village.commune_id))


@bp.route("/communes/<int:commune_id>/documents", methods=["GET", "POST"])
@login_required
def documents(commune_id: int):  # type: ignore[no-untyped-def]
    """The commune's register (one series per type or one for all) and its letters' drafting unit."""
    commune = _commune_or_404(commune_id)
    form = CommuneDocumentsForm()
    if request.method == "GET":
        current = commune_settings(commune)
        form.register_by_type.data = "type" if current.register_by_type else "shared"
        form.letter_drafting_unit.data = current.letter_drafting_unit
        form.receipt_symbol.data = current.receipt_symbol
        return render_template("pages/units/commune_documents.html", commune=commune, form=form)
    if form.validate():
        values = {**(commune.settings or {}), **form.mapping()}
        try:
            ProcedureSettings.from_mapping(values, base=province_settings(commune))
        except SettingsError as error:
            key = str(error).split(":", 1)[0]
            target = form._fields.get(key, form.letter_drafting_unit)
            target.errors = [*target.errors, str(error).split(": ", 1)[-1]]
        else:
            commune.settings = values
            audit.record("commune_settings", user_id=current_user.id, subject=f"unit:{commune.id}", **form.mapping())
            db.session.commit()
            flash(_("Đã lưu cấu hình văn bản của xã."), "success")
            return redirect(url_for("units.documents", commune_id=commune.id))
    return render_template("pages/units/commune_documents.html", commune=commune, form=form), 422
