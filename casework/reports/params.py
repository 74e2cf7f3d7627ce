"""The report page's choices (form, unit, period) read from the query string, with Vietnamese errors."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _

from casework.reports.definitions import bundles, form_ids
from casework.reports.queries import PERIOD_KINDS, Period

FIRST_YEAR = 2016  # the oldest rule set (QĐ 59/2015) the system reads
LAST_YEAR = 2100


@dataclass
class ReportRequest:
    form_id: str = ""
    bundle: str = ""
    unit: str = ""
    period: Period | None = None
    errors: dict[str, str] = field(default_factory=dict)

    def query(self) -> dict[str, Any]:
        """The query string that asks for this report again (for download links)."""
        args: dict[str, Any] = {"unit": self.unit}
        if self.form_id:
            args["form"] = self.form_id
        if self.bundle:
            args["bundle"] = self.bundle
        if self.period is not None:
            args["period"] = self.period.kind
            args["year"] = self.period.year
            if self.period.month is not None:
                args["month"] = self.period.month
        return args


def _int(text: str | None) -> int | None:
    text = (text or "").strip()
    return int(text) if text.isdigit() else None


def parse(args: Any, *, default_year: int, want: str = "form") -> ReportRequest:
    """Read form (or bundle), unit, period, year and month; errors name the field they belong to."""
    request = ReportRequest(unit=(args.get("unit") or "").strip())
    errors = request.errors
    if want == "form":
        request.form_id = (args.get("form") or "").strip()
        if request.form_id not in form_ids():
            errors["form"] = _("Hãy chọn một biểu mẫu trong danh sách.")
    else:
        request.bundle = (args.get("bundle") or "").strip()
        if request.bundle not in bundles():
            errors["bundle"] = _("Hãy chọn loại báo cáo: tháng hoặc năm.")
    if not request.unit:
        errors["unit"] = _("Hãy chọn đơn vị báo cáo.")
    kind = (args.get("period") or "year").strip()
    if request.bundle:
        kind = bundles()[request.bundle].period
    if kind not in PERIOD_KINDS:
        errors["period"] = _("Kỳ báo cáo không hợp lệ.")
    raw_year = args.get("year")
    year = _int(raw_year) if raw_year not in (None, "") else default_year
    if year is None or not FIRST_YEAR <= year <= LAST_YEAR:
        errors["year"] = _("Năm phải là số có bốn chữ số, từ %(first)d đến %(last)d.", first=FIRST_YEAR, last=LAST_YEAR)
    month = _int(args.get("month")) if kind == "monthly" else None
    if kind == "monthly" and (month is None or not 1 <= month <= 12):
        errors["month"] = _("Tháng phải là số từ 1 đến 12.")
    if not errors and year is not None:
        request.period = Period(year=year, kind=kind, month=month)
    return request
