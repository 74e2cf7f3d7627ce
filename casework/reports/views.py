"""Report pages: choose a form, a unit and a period; read the table; download it as PDF or .xlsx.

Without REPORT_VIEW the pages answer 403; a unit outside the user's scope answers 404.
"""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, Response, abort, render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from casework import audit
from casework.clock import VIETNAM, today
from casework.cycles import standards
from casework.extensions import db
from casework.models import AdminUnit
from casework.permissions import Permission, may
from casework.reports import dashboard as dashboard_data
from casework.reports import output, tables
from casework.reports.definitions import all_forms, bundles, form_for
from casework.reports.forms import ReportRequest, parse
from casework.reports.units import ReportUnit, UnitNotFound, choices, resolve

bp = Blueprint("reports", __name__)

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require_permission() -> None:
    if not may(current_user, Permission.REPORT_VIEW):
        abort(403)


def _unit_or_404(token: str) -> ReportUnit:
    try:
        return resolve(current_user, token)
    except UnitNotFound:
        abort(404)


def _chooser(report: ReportRequest | None, status: int = 200):  # type: ignore[no-untyped-def]
    forms = [(form_id, versions[-1].title) for form_id, versions in all_forms().items()]
    page = render_template(
        "pages/reports/index.html",
        forms=forms,
        bundles=bundles(),
        units=choices(current_user),
        report=report or ReportRequest(),
        default_year=today().year,
    )
    return page, status


@bp.get("/reports/")
@login_required
def index():  # type: ignore[no-untyped-def]
    _require_permission()
    return _chooser(None)


def _tables(report: ReportRequest) -> list[tables.ReportTable]:
    """The report's tables; empty, with the error on the standard field, when the unit has no local standard."""
    assert report.period is not None
    unit = _unit_or_404(report.unit)
    local = ""
    if report.standard == "local":
        commune = db.session.get(AdminUnit, min(unit.commune_ids)) if unit.commune_ids else None
        rule_set = standards.local_rule_set(commune, report.period.year) if commune is not None else None
        if rule_set is None:
            report.errors["standard"] = _("Tỉnh của đơn vị này chưa áp dụng chuẩn nghèo riêng cho năm này.")
            return []
        local = rule_set.title
    form_list = bundles()[report.bundle].forms if report.bundle else (report.form_id,)
    return [tables.build(form_for(form_id, report.period.year), unit, report.period, local) for form_id in form_list]


def _download(found: list[tables.ReportTable], title: str, report: ReportRequest, fmt: str) -> Response:
    now = today()
    name = f"bao-cao-{report.form_id or report.bundle}-{report.period.year if report.period else ''}"
    if fmt == "pdf":
        body, mimetype, suffix = output.pdf(found, title, now), PDF, "pdf"
    else:
        exported_at = dt.datetime.now(VIETNAM)
        body = output.workbook(found, exported_by=current_user.full_name, now=exported_at)
        mimetype, suffix = XLSX, "xlsx"
    audit.record(
        "report_download",
        user_id=current_user.id,
        subject=found[0].unit.token,
        form=report.form_id or report.bundle,
        format=suffix,
        period=found[0].period.label,
    )
    db.session.commit()
    return Response(
        body,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{name.replace(".", "-")}.{suffix}"'},
    )


def _report_page(found: list[tables.ReportTable], report: ReportRequest, title: str) -> str:
    return render_template(
        "pages/reports/report.html",
        tables=found,
        report=report,
        title=title,
        display=tables.display,
        cell=tables.cell,
        report_notes=output.notes,
    )


@bp.get("/reports/view")
@login_required
def view():  # type: ignore[no-untyped-def]
    _require_permission()
    report = parse(request.args, default_year=today().year)
    if report.errors:
        return _chooser(report, 400)
    found = _tables(report)
    if not found:
        return _chooser(report, 400)
    fmt = request.args.get("format", "html")
    if fmt in ("pdf", "xlsx"):
        return _download(found, found[0].form.title, report, fmt)
    return _report_page(found, report, found[0].form.label)


@bp.get("/reports/bundle")
@login_required
def bundle():  # type: ignore[no-untyped-def]
    _require_permission()
    report = parse(request.args, default_year=today().year, want="bundle")
    if report.errors:
        return _chooser(report, 400)
    found = _tables(report)
    title = bundles()[report.bundle].title
    fmt = request.args.get("format", "html")
    if fmt in ("pdf", "xlsx"):
        return _download(found, title, report, fmt)
    return _report_page(found, report, title)


@bp.get("/dashboard")
@login_required
def dashboard():  # type: ignore[no-untyped-def]
    _require_permission()
    token = request.args.get("unit", "")
    units = choices(current_user)
    if not token and units:
        token = units[0][0]
    unit = _unit_or_404(token)
    data = dashboard_data.build(unit, today())
    return render_template("pages/dashboard.html", data=data, unit=unit, units=units, pct=tables.percent)
