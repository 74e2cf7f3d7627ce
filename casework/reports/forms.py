"""The report page's choices (form or bundle, unit, period, year, month) read from the query string.

A plain WTForms form over `request.args`: a GET that changes nothing, so no CSRF token. Every message
is Vietnamese and belongs to one field; the chooser shows it next to that field with a 400.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import Form, StringField
from wtforms.validators import DataRequired, ValidationError

from casework.forms import strip_text
from casework.reports.definitions import bundles, form_ids
from casework.reports.queries import PERIOD_KINDS, Period

STANDARDS = ("national", "local")
FIRST_YEAR = 2016  # the oldest rule set (QĐ 59/2015) the system reads
LAST_YEAR = 2100


@dataclass
class ReportRequest:
    form_id: str = ""
    bundle: str = ""
    unit: str = ""
    period: Period | None = None
    errors: dict[str, str] = field(default_factory=dict)
    standard: str = "national"  # or "local": the province's local standard (standard.md §11.9)

    def query(self) -> dict[str, Any]:
        """The query string that asks for this report again (for download links)."""
        args: dict[str, Any] = {"unit": self.unit}
        if self.form_id:
            args["form"] = self.form_id
        if self.bundle:
            args["bundle"] = self.bundle
        if self.standard != "national":
            args["standard"] = self.standard
        if self.period is not None:
            args["period"] = self.period.kind
            args["year"] = self.period.year
            if self.period.month is not None:
                args["month"] = self.period.month
        return args


def _whole_year_by_default(value: str | None) -> str:
    return value or "year"


def _number(text: str | None) -> int | None:
    # isdigit() alone lets '²' through, which int() refuses.
    return int(text) if text and text.isascii() and text.isdigit() else None


class ReportQueryForm(Form):
    """`want` is "form" for one form (7.1 ... 7.11) or "bundle" for a set of them (periodic, monthly)."""

    form = StringField(filters=[strip_text])
    bundle = StringField(filters=[strip_text])
    unit = StringField(filters=[strip_text], validators=[DataRequired(_l("Hãy chọn đơn vị báo cáo."))])
    period = StringField(filters=[_whole_year_by_default, strip_text])
    year = StringField(filters=[strip_text])
    month = StringField(filters=[strip_text])
    standard = StringField(filters=[strip_text])

    def __init__(self, formdata: Any, *, default_year: int, want: str = "form") -> None:
        super().__init__(formdata)
        self.want = want
        self.default_year = default_year
        # Filled by validation, so the request never re-reads text.
        self.kind = "year"
        self.year_number: int | None = None
        self.month_number: int | None = None

    def validate_form(self, field: StringField) -> None:
        if self.want == "form" and field.data not in form_ids():
            raise ValidationError(_l("Hãy chọn một biểu mẫu trong danh sách."))

    def validate_bundle(self, field: StringField) -> None:
        if self.want != "form" and field.data not in bundles():
            raise ValidationError(_l("Hãy chọn loại báo cáo: tháng hoặc năm."))

    def validate_period(self, field: StringField) -> None:
        # A bundle covers the period its schedule says, whatever the query string asks.
        chosen = bundles().get(self.bundle.data or "") if self.want != "form" else None
        self.kind = chosen.period if chosen else field.data
        if self.kind not in PERIOD_KINDS:
            raise ValidationError(_l("Kỳ báo cáo không hợp lệ."))

    def validate_year(self, field: StringField) -> None:
        # Only a year left out takes the default; spaces alone are a wrong answer.
        missing = not field.raw_data or field.raw_data[0] == ""
        self.year_number = self.default_year if missing else _number(field.data)
        if self.year_number is None or not FIRST_YEAR <= self.year_number <= LAST_YEAR:
            raise ValidationError(
                _l("Năm phải là số có bốn chữ số, từ %(first)d đến %(last)d.", first=FIRST_YEAR, last=LAST_YEAR)
            )

    def validate_standard(self, field: StringField) -> None:
        if (field.data or "national") not in STANDARDS:
            raise ValidationError(_l("Hãy chọn chuẩn nghèo: quốc gia hoặc của tỉnh."))

    def validate_month(self, field: StringField) -> None:
        if self.kind != "monthly":
            return
        self.month_number = _number(field.data)
        if self.month_number is None or not 1 <= self.month_number <= 12:
            raise ValidationError(_l("Tháng phải là số từ 1 đến 12."))

    def report_request(self) -> ReportRequest:
        """What the page shows: the choices, their first error per field, the period once all are valid."""
        errors = {name: str(messages[0]) for name, messages in self.errors.items() if messages}
        request = ReportRequest(unit=self.unit.data or "", errors=errors, standard=self.standard.data or "national")
        if self.want == "form":
            request.form_id = self.form.data or ""
        else:
            request.bundle = self.bundle.data or ""
        if not errors and self.year_number is not None:
            request.period = Period(year=self.year_number, kind=self.kind, month=self.month_number)
        return request


def parse(args: Any, *, default_year: int, want: str = "form") -> ReportRequest:
    """Read form (or bundle), unit, period, year and month; errors name the field they belong to."""
    form = ReportQueryForm(args, default_year=default_year, want=want)
    form.validate()
    return form.report_request()
