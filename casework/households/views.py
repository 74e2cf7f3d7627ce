"""Household pages: load → 404 → permission → 403 → validate → one service call → commit."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import format_number
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from casework import permissions
from casework.access import service as access
from casework.crypto import decrypt
from casework.errors import Refused
from casework.extensions import db
from casework.households import queries, service
from casework.households.forms import ACTIVITY_CHOICES, RELATIONSHIP_CHOICES, HouseholdForm, as_choices
from casework.models import Case, Household, Village
from casework.permissions import Permission, may
from casework.reference import ethnicity_choices, known_pid_prefixes
from casework.scoping import household_scope, villages_in_scope
from casework.surveys import panel as survey_panel
from casework.surveys.service import surveys_of
from workflow.dates import format_date
from workflow.identity import mask_pid

bp = Blueprint("households", __name__, url_prefix="/households")


def _prepare(form: HouseholdForm) -> None:
    scope = household_scope(current_user, Permission.HOUSEHOLD_EDIT)
    form.village_id.choices = as_choices([(v.id, f"{v.name} – {v.commune.name}") for v in villages_in_scope(scope)])
    ethnicities = as_choices([("", _("— chọn —")), *ethnicity_choices()])
    for entry in form.members:
        entry.form.ethnicity_code.choices = ethnicities


def _fill_from(form: HouseholdForm, household: Household) -> None:
    form.village_id.data = household.village_id
    form.version.data = str(household.version_id)
    form.permanent_address.data = household.permanent_address
    form.current_address.data = household.current_address
    while len(form.members.entries):
        form.members.pop_entry()
    for member in household.members:
        form.members.append_entry(
            {
                "full_name": member.full_name,
                "sex": member.sex.value,
                "birth_date": format_date(member.birth_date, member.birth_date_precision),
                "ethnicity_code": member.ethnicity_code or "",
                "relationship_to_head": member.relationship_to_head.value,
                "activity_status": member.activity_status.value,
                "id_document_type": member.id_document_type.value,
                "personal_id_number": "",
                "personal_id_confirmed": member.personal_id_confirmed,
                "id_issue_date": format_date(member.id_issue_date),
                "id_issuer": member.id_issuer or "",
                "member_id": str(member.id),
            }
        )


def _added_member_row(form: HouseholdForm) -> bool:
    """The 'add member' button posts the form back with one more empty row (works without JS)."""
    if not form.add_member.data:
        return False
    if len(form.members.entries) < (form.members.max_entries or 0):
        form.members.append_entry()
    _prepare(form)
    return True


def _edit_allowed(household: Household) -> bool:
    return _covers(Permission.HOUSEHOLD_EDIT, household)


def _handle_form(form: HouseholdForm, household: Household | None):  # type: ignore[no-untyped-def]
    """Shared by create and edit: validation, one save, one commit; None means show the errors."""
    valid = form.validate()
    valid = form.check_personal_ids(known_pid_prefixes()) and valid
    if not valid:
        return None
    data = form.to_data()
    conflicts = service.personal_id_conflicts(data, household)
    if conflicts:
        form.attach_row_errors(conflicts)
        return None
    chosen = db.session.get(Village, form.village_id.data)
    if chosen is None or not may(current_user, Permission.HOUSEHOLD_EDIT, chosen):
        form.village_id.errors.append(_("Thôn này không thuộc địa bàn của bạn."))
        return None
    if household is not None and form.version.data != str(household.version_id):
        abort(409, description=_("Hộ này vừa được người khác sửa. Hãy mở lại và nhập lại thay đổi."))
    saved = service.save_household(household, data, current_user)
    try:
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        abort(409, description=_("Hộ này vừa được người khác sửa. Hãy mở lại và nhập lại thay đổi."))
    flash(_("Đã lưu hộ gia đình."), "success")
    return redirect(url_for("households.detail", household_id=saved.id))


def _export_refusal(
    query: str, village_id: int | None, commune_id: int | None, wide: bool, page: queries.HouseholdPage
) -> Refused | None:
    """Why "Xuất Excel" would refuse this list (None: it is offered): never offer what will be refused."""
    try:
        queries.check_export(
            current_user, query=query, village_id=village_id, commune_id=commune_id, wide=wide, listed=page
        )
    except Refused as error:
        return error
    return None


@bp.get("/")
@login_required
def index():  # type: ignore[no-untyped-def]
    if not may(current_user, Permission.HOUSEHOLD_VIEW):
        abort(403)
    query = request.args.get("q", "", type=str)[:100]
    village_id = request.args.get("village", 0, type=int) or None
    scope = household_scope(current_user, Permission.HOUSEHOLD_VIEW)
    # A user of many communes chooses the commune first; its villages are then offered (never a whole province's).
    communes = queries.communes_to_choose(scope)
    commune_id = request.args.get("commune", 0, type=int) or None
    if commune_id not in {c.id for c in communes}:
        commune_id = None
    several = len(communes) > 1
    size = current_app.config["PAGE_SIZE"]
    wide = queries.is_wide(several, commune_id=commune_id, village_id=village_id)
    try:
        queries.check_query(query, wide=wide)
        page = queries.list_households(
            current_user,
            query=query,
            village_id=village_id,
            commune_id=commune_id,
            page=request.args.get("page", 1, type=int),
            size=size,
            wide=wide,
        )
        refused = None
    except Refused as error:
        page, refused = queries.HouseholdPage([], 1, size, 0, more=False, has_next=False), error
    export_refused = refused or _export_refusal(query, village_id, commune_id, wide, page)
    villages = villages_in_scope(scope, commune_id=commune_id) if commune_id or not several else []
    return render_template(
        "pages/households/index.html",
        page=page,
        query_error=refused.message if refused else None,
        export_refused=export_refused.message if export_refused else None,
        count_cap=format_number(current_app.config["LIST_COUNT_CAP"]),  # 1.000 in Vietnamese, 1,000 in English
        query=query,
        village_id=village_id,
        villages=villages,
        communes=communes if several else [],
        commune_id=commune_id,
        can_edit=may(current_user, Permission.HOUSEHOLD_EDIT),
    ), (refused.status if refused else 200)


@bp.route("/new", methods=["GET", "POST"])
@login_required
def create():  # type: ignore[no-untyped-def]
    if not may(current_user, Permission.HOUSEHOLD_EDIT):
        abort(403)
    form = HouseholdForm()
    _prepare(form)
    if request.method == "POST" and not _added_member_row(form):
        response = _handle_form(form, None)
        if response is not None:
            return response
        return render_template("pages/households/form.html", form=form, household=None, invalid=True), 422
    return render_template("pages/households/form.html", form=form, household=None)


def _covers(permission: Permission, household: Household) -> bool:
    return may(current_user, permission, household)


def _render_detail(household: Household, revealed: dict[int, str]):  # type: ignore[no-untyped-def]
    can_reveal = _covers(Permission.PERSONAL_ID_REVEAL, household)
    can_see_surveys = _covers(Permission.SURVEY_VIEW, household)
    masked = {
        m.id: mask_pid(decrypt(m.personal_id_ciphertext))
        for m in household.members
        if m.personal_id_ciphertext and m.id not in revealed
    }
    surveys = surveys_of(household) if can_see_surveys else None
    return render_template(
        "pages/households/detail.html",
        household=household,
        survey_paths=survey_panel.paths_of(surveys or []),
        survey_unverified=survey_panel.latest_unverified(surveys or []),
        revealed=revealed,
        masked=masked,
        can_edit=_edit_allowed(household),
        can_log_request=permissions.may_log_request(current_user, household),
        can_reveal=can_reveal,
        relationship_labels=dict(RELATIONSHIP_CHOICES),
        activity_labels=dict(ACTIVITY_CHOICES),
        surveys=surveys,
        cases=db.session.execute(select(Case).where(Case.household_id == household.id).order_by(Case.id.desc()))
        .scalars()
        .all(),
        can_survey=_covers(Permission.SURVEY_FILL, household),
        photos=queries.photos_of(household) if can_see_surveys else [],
    )


@bp.get("/<int:household_id>")
@login_required
def detail(household_id: int):  # type: ignore[no-untyped-def]
    household = queries.get_household(current_user, household_id) or abort(404)
    access.household_viewed(current_user, household)
    db.session.commit()
    return _render_detail(household, revealed={})


@bp.get("/<int:household_id>/photos/<int:photo_id>")
@login_required
def photo(household_id: int, photo_id: int):  # type: ignore[no-untyped-def]
    """A photo of the dwelling, to whoever may read the household's surveys; each look is logged."""
    household = queries.get_household(current_user, household_id) or abort(404)
    if not _covers(Permission.SURVEY_VIEW, household):
        abort(403)
    found = queries.get_photo(household, photo_id) or abort(404)
    access.photo_viewed(current_user, found.id, household)
    db.session.commit()
    return Response(
        found.content,
        mimetype=found.media_type,
        headers={"Cache-Control": "private, no-store", "Content-Disposition": f'inline; filename="nha-{found.id}.jpg"'},
    )


@bp.post("/<int:household_id>/reveal")
@login_required
def reveal(household_id: int):  # type: ignore[no-untyped-def]
    """Full ID numbers are a separate permission, and every look is written to the audit log."""
    household = queries.get_household(current_user, household_id) or abort(404)
    if not _covers(Permission.PERSONAL_ID_REVEAL, household):
        abort(403)
    revealed = {m.id: decrypt(m.personal_id_ciphertext) for m in household.members if m.personal_id_ciphertext}
    access.household_viewed(current_user, household, access.PERSONAL_ID_REVEAL, members=len(revealed))
    db.session.commit()
    return _render_detail(household, revealed)


@bp.route("/<int:household_id>/edit", methods=["GET", "POST"])
@login_required
def edit(household_id: int):  # type: ignore[no-untyped-def]
    household = queries.get_household(current_user, household_id) or abort(404)
    if not _edit_allowed(household):
        abort(403)
    form = HouseholdForm()
    if request.method == "GET":
        _fill_from(form, household)
    _prepare(form)
    if request.method == "POST" and not _added_member_row(form):
        response = _handle_form(form, household)
        if response is not None:
            return response
        return render_template("pages/households/form.html", form=form, household=household, invalid=True), 422
    return render_template("pages/households/form.html", form=form, household=household)
