"""The chairman's reasoned refusal of a request (a written reply instead of a recognition).

The refusal is a decision on one case, so it keeps the case's address, `/cases/<id>/refuse`: this
blueprint serves it under the `/cases` prefix. The run's decision page, `/runs/<id>/decision`, is on
the run page's blueprint, which sits above this package.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from casework import clock, permissions
from casework.cases import queries as case_queries
from casework.decisions import service
from casework.decisions.forms import RefusalForm
from casework.errors import Refused, refuse_into
from casework.extensions import db
from casework.register.forms import entered, show_next

bp = Blueprint("decisions", __name__, url_prefix="/cases")


@bp.route("/<int:case_id>/refuse", methods=["GET", "POST"])
@login_required
def refuse(case_id: int):  # type: ignore[no-untyped-def]
    case = case_queries.get_case(current_user, case_id) or abort(404)
    permissions.require_fire(current_user, case, "refuse")  # 403 before the form is filled, not after
    form = RefusalForm()
    if request.method == "GET":
        form.issued_on.data = clock.today().strftime("%d/%m/%Y")
    status = 200
    if request.method == "POST":
        status = 422
        if form.validate():
            reasons = [line for line in form.reasons.data.splitlines() if line.strip()]
            data = service.DecisionData(entered(form.number), "UBND", form.issued_on.day)
            try:
                service.refuse(case, reasons, data, current_user, clock.today())
            except Refused as error:
                db.session.rollback()
                refuse_into(form, error)
            else:
                db.session.commit()
                flash(_("Đã ban hành văn bản trả lời nêu lý do."), "success")
                return redirect(url_for("cases.detail", case_id=case.id))
    show_next(form.number, service.letter_series(case, form.issued_on.day or clock.today()))
    return render_template("pages/runs/refuse.html", case=case, form=form), status
