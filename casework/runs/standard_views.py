"""The campaign's poverty standard: shown on its page, re-classification previewed, then applied.

Registered on the runs blueprint (imported at the end of `casework.runs.views`).
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from casework import permissions
from casework.cycles import queries as runs
from casework.cycles import standards
from casework.errors import Refused, refuse_into
from casework.extensions import db
from casework.models import ReviewRun
from casework.runs import standard
from casework.runs.views import bp


def _campaign(run_id: int) -> ReviewRun:
    run = runs.get_run(current_user, run_id, whole_commune=True) or abort(404)
    if run.period_month or not permissions.may_set_level(current_user, run):
        abort(403)
    return run


@bp.route("/runs/<int:run_id>/standard", methods=["GET", "POST"])
@login_required
def reclassify(run_id: int):  # type: ignore[no-untyped-def]
    """GET ?rule_set=: what would change under that standard; POST: apply it (refused once locked)."""
    run = _campaign(run_id)
    form = (
        standard.standard_form(run, formdata=request.form)
        if request.method == "POST"
        else standard.standard_form(run, formdata=request.args, meta={"csrf": False})
    )
    refusal = standard.change_refusal(run)
    page = {"run": run, "form": form, "refusal": refusal, "current": standards.campaign_title(run), "rows": None}
    if refusal:
        return render_template("pages/runs/standard.html", **page), 409
    if request.method == "GET" and "rule_set" not in request.args:
        form.rule_set.data = standard.standard_form(run, formdata=None).rule_set.data
        return render_template("pages/runs/standard.html", **page)
    if not form.validate():
        return render_template("pages/runs/standard.html", **page), 422
    try:
        rule_set = standard.chosen_rule_set(form.rule_set.data)
        if request.method == "GET":
            rows = standard.preview(run, rule_set)
            page.update(chosen=rule_set, rows=[r for r in rows if r.changed], total=len(rows))
            return render_template("pages/runs/standard.html", **page)
        rows = standard.apply(run, rule_set, current_user)
    except Refused as error:
        db.session.rollback()
        refuse_into(form, error)
        return render_template("pages/runs/standard.html", **page), error.status
    db.session.commit()
    changed = sum(1 for row in rows if row.changed)
    flash(
        _("Đã áp dụng %(name)s cho đợt rà soát; %(n)d hộ đổi kết quả xếp loại.", name=rule_set.title, n=changed),
        "success",
    )
    return redirect(url_for("runs.detail", run_id=run.id))


@bp.get("/runs/<int:run_id>/lists/standard")
@login_required
def standard_list(run_id: int):  # type: ignore[no-untyped-def]
    """The campaign's surveyed households classed under the national standard or, with ?standard=local,
    under the province's local standard; the national result still drives the procedure (§11.9)."""
    run = runs.get_run(current_user, run_id) or abort(404)
    chosen = request.args.get("standard", "national")
    local = standards.campaign_local(run)
    page = {"run": run, "chosen": chosen, "local": local, "national": standards.campaign_title(run)}
    if chosen not in ("national", "local") or (chosen == "local" and local is None):
        message = (
            _("Tỉnh chưa áp dụng chuẩn nghèo riêng cho đợt rà soát này.")
            if chosen == "local"
            else _("Hãy chọn chuẩn nghèo quốc gia hoặc chuẩn nghèo của tỉnh.")
        )
        return render_template("pages/runs/standard_list.html", **page, refusal=message, groups={}), 400
    groups = standard.list_groups(standard.surveyed(run), local=chosen == "local")
    title = local.title if chosen == "local" and local is not None else page["national"]
    return render_template("pages/runs/standard_list.html", **page, groups=groups, title=title, refusal=None)
