"""Excel in and out: list exports (with their purpose, logged), the national list, household imports."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from casework import audit
from casework.cycles import queries as runs
from casework.errors import Refused
from casework.exchange import exports, household_export, national, service, tasks
from casework.exchange.forms import ExportForm, ImportForm
from casework.exchange.reading import FileRefused, read_upload
from casework.exchange.template import import_template
from casework.extensions import db
from casework.households import queries as household_queries
from casework.jobs import can_run_again, job_status, lease, run_again
from casework.models import Job
from casework.permissions import Permission, may
from casework.scoping import household_scope

bp = Blueprint("exchange", __name__, url_prefix="/exchange")
CLASS_CHOICES = ("poor", "near_poor", "all")


def _xlsx(content: bytes, filename: str) -> Response:
    return Response(
        content,
        mimetype=exports.MIME,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _export_page(  # type: ignore[no-untyped-def]
    kind: str,
    title: str,
    build: Callable[[str, bool], exports.Export],
    *,
    national_list: bool = False,
    check: Callable[[], None] | None = None,
    back: str | None = None,
    note: str | None = None,
):
    """Ask the purpose, build the file, log who took what and why, hand the file over.

    `check` refuses (Refused) a list that cannot leave as it is, before a row is read: the page then
    says why, with the way `back` to narrow it, and offers no download (GET and POST alike, 422)."""
    form = ExportForm()
    may_reveal = not national_list and may(current_user, Permission.PERSONAL_ID_REVEAL)
    try:
        if check is not None:
            check()
    except Refused as refused:
        return render_template(
            "pages/exchange/export.html", form=form, title=title, note=note, refused=refused.message, back=back
        ), refused.status
    status = 200
    if request.method == "POST":
        status = 422
        if form.validate():
            purpose = form.purpose_text()
            export = build(purpose, bool(form.full_ids.data) and may_reveal)
            audit.record(
                "national_export" if national_list else "list_export",
                user_id=current_user.id,
                subject=f"export:{kind}",
                purpose=purpose,
                purpose_code=form.purpose.data,
                rows=export.rows,
                scope=export.scope,
                file=export.filename,
            )
            db.session.commit()
            return _xlsx(export.content, export.filename)
    return render_template(
        "pages/exchange/export.html",
        form=form,
        title=title,
        note=note,
        may_reveal=may_reveal,
        national_list=national_list,
    ), status


def _require(permission: Permission) -> None:
    if not may(current_user, permission):
        abort(403)


@bp.get("/")
@login_required
def index():  # type: ignore[no-untyped-def]
    _require(Permission.HOUSEHOLD_VIEW)
    return render_template(
        "pages/exchange/index.html",
        years=exports.recognised_years(current_user),
        can_import=may(current_user, Permission.HOUSEHOLD_EDIT),
        can_national=may(current_user, Permission.NATIONAL_EXPORT),
    )


@bp.route("/export/households", methods=["GET", "POST"])
@login_required
def export_households():  # type: ignore[no-untyped-def]
    _require(Permission.HOUSEHOLD_VIEW)
    query = request.args.get("q", "", type=str)[:100]
    village_id = request.args.get("village", 0, type=int) or None
    commune_id = request.args.get("commune", 0, type=int) or None  # the list's commune (a province officer's)
    scope = household_scope(current_user, Permission.HOUSEHOLD_VIEW)
    wide = household_queries.is_wide(
        household_queries.spans_communes(scope), commune_id=commune_id, village_id=village_id
    )
    filters = {"q": query or None, "commune": commune_id, "village": village_id}
    return _export_page(
        "households",
        _("Danh sách hộ gia đình"),
        lambda purpose, full: household_export.export_households(
            current_user, purpose=purpose, full_ids=full, query=query, village_id=village_id, commune_id=commune_id
        ),
        check=lambda: household_queries.check_export(
            current_user, query=query, village_id=village_id, commune_id=commune_id, wide=wide
        ),
        back=url_for("households.index", **filters),
        note=_("Lọc theo tên: “%(q)s”", q=query) if query else None,
    )


@bp.route("/export/queue", methods=["GET", "POST"])
@login_required
def export_queue():  # type: ignore[no-untyped-def]
    return _export_page(
        "queue",
        _("Danh sách hồ sơ cần xử lý"),
        lambda purpose, full: exports.export_queue(current_user, purpose=purpose, full_ids=full),
    )


@bp.route("/export/runs/<int:run_id>", methods=["GET", "POST"])
@login_required
def export_run(run_id: int):  # type: ignore[no-untyped-def]
    run = runs.get_run(current_user, run_id, whole_commune=True) or abort(404)
    return _export_page(
        f"run:{run.id}",
        _("Danh sách hộ cần rà soát của đợt"),
        lambda purpose, full: exports.export_run(current_user, run, purpose=purpose, full_ids=full),
    )


@bp.route("/export/recognised", methods=["GET", "POST"])
@login_required
def export_recognised():  # type: ignore[no-untyped-def]
    _require(Permission.HOUSEHOLD_VIEW)
    year = request.args.get("year", 0, type=int)
    household_class = request.args.get("class", "all")
    if not year or household_class not in CLASS_CHOICES:
        abort(404)
    titles = {
        "poor": _("Danh sách hộ nghèo năm %(y)d", y=year),
        "near_poor": _("Danh sách hộ cận nghèo năm %(y)d", y=year),
        "all": _("Danh sách hộ nghèo, hộ cận nghèo năm %(y)d", y=year),
    }
    return _export_page(
        f"recognised:{year}:{household_class}",
        titles[household_class],
        lambda purpose, full: exports.export_recognised(
            current_user, year=year, household_class=household_class, purpose=purpose, full_ids=full
        ),
    )


@bp.route("/export/national", methods=["GET", "POST"])
@login_required
def export_national():  # type: ignore[no-untyped-def]
    _require(Permission.NATIONAL_EXPORT)
    year = request.args.get("year", 0, type=int)
    if not year:
        abort(404)
    return _export_page(
        f"national:{year}",
        _("Danh sách cập nhật cơ sở dữ liệu quốc gia năm %(y)d", y=year),
        lambda purpose, _full: national.export_national(current_user, year=year, purpose=purpose),
        national_list=True,
    )


@bp.get("/import/template")
@login_required
def template():  # type: ignore[no-untyped-def]
    _require(Permission.HOUSEHOLD_EDIT)
    return _xlsx(import_template(), "mau-nhap-ho-gia-dinh.xlsx")


@bp.route("/import", methods=["GET", "POST"])
@login_required
def import_households():  # type: ignore[no-untyped-def]
    _require(Permission.HOUSEHOLD_EDIT)
    form = ImportForm()
    form.target.choices = service.target_choices(current_user)
    if request.method == "GET" or not form.validate():
        status = 200 if request.method == "GET" else 422
        return render_template("pages/exchange/import.html", form=form), status
    target = service.resolve_target(current_user, form.target.data)
    if target is None:
        abort(404)
    upload = form.file.data
    content = upload.read()
    try:
        source = read_upload(upload.filename, content)
    except FileRefused as refused:
        form.file.errors = [str(refused)]
        return render_template("pages/exchange/import.html", form=form), 422
    valid_only = bool(form.valid_only.data)
    if len(source.rows) > service.import_job_threshold():
        job = tasks.queue_import(current_user, target, upload.filename, content, len(source.rows), valid_only)
        db.session.commit()
        tasks.import_households(job.id)
        return redirect(url_for("exchange.import_job", job_id=job.id))
    result = service.run_import(source, target, current_user, valid_only=valid_only)
    if result.outcome is None:
        db.session.rollback()  # the errors go under the file field, the chosen target kept for the next try
        return render_template(
            "pages/exchange/import.html", form=form, summary=result.summary(), filename=upload.filename
        ), 422
    db.session.commit()
    return render_template("pages/exchange/import_result.html", summary=result.summary(), job=None)


@bp.get("/imports/<int:job_id>")
@login_required
def import_job(job_id: int):  # type: ignore[no-untyped-def]
    job = db.session.get(Job, job_id)
    scope = household_scope(current_user, Permission.HOUSEHOLD_EDIT)
    if (
        job is None
        or job.kind != tasks.KIND
        or not (job.created_by_id == current_user.id or scope.covers_commune(job.commune_id))
    ):
        abort(404)
    if lease.expire_if_lapsed(job):
        db.session.commit()
    if request.accept_mimetypes.best == "application/json":
        return job_status(job)
    return render_template("pages/exchange/import_result.html", summary=job.result, job=job)


@bp.post("/imports/<int:job_id>/retry")
@login_required
def retry_import(job_id: int):  # type: ignore[no-untyped-def]
    """Run again an import whose worker died (its file is still kept); only who uploaded it."""
    job = db.session.get(Job, job_id)
    if job is None or job.kind != tasks.KIND or job.created_by_id != current_user.id:
        abort(404)
    if not can_run_again(job):
        flash(_("Việc này không chạy lại được."), "error")
        return render_template("pages/exchange/import_result.html", summary=job.result, job=job), 409
    queue = run_again(job)
    db.session.commit()
    queue()
    return redirect(url_for("exchange.import_job", job_id=job.id))
