"""The report page's query string, read by casework/reports/forms.py."""

from __future__ import annotations

import pytest
from flask import Flask
from werkzeug.datastructures import MultiDict

from casework.reports.forms import parse
from casework.reports.queries import Period


def _parse(want: str = "form", **args: str):  # type: ignore[no-untyped-def]
    return parse(MultiDict(args), default_year=2026, want=want)


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_choices_are_read_with_defaults_and_spaces_trimmed(app: Flask) -> None:
    with app.test_request_context():
        report = _parse(form=" 7.1 ", unit=" commune:1 ")
        assert (report.form_id, report.unit, report.errors) == ("7.1", "commune:1", {})
        assert report.period == Period(year=2026, kind="year")
        monthly = _parse(form="7.1", unit="commune:1", period="monthly", year="2025", month="03")
        assert monthly.period == Period(year=2025, kind="monthly", month=3)


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_a_bundle_covers_its_own_period(app: Flask) -> None:
    with app.test_request_context():
        report = _parse("bundle", bundle="monthly", unit="commune:1", period="year", month="10")
        assert report.errors == {} and report.period == Period(year=2026, kind="monthly", month=10)
        assert "month" in _parse("bundle", bundle="monthly", unit="commune:1").errors


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_each_wrong_answer_is_named_on_its_field(app: Flask) -> None:
    with app.test_request_context():
        report = _parse(form="9.9", unit=" ", period="weekly", year="²")
        assert set(report.errors) == {"form", "unit", "period", "year"} and report.period is None
        assert report.errors["unit"] == "Hãy chọn đơn vị báo cáo."
        assert set(_parse("bundle", bundle="nope", unit="commune:1").errors) == {"bundle"}
        assert set(_parse(form="7.1", unit="commune:1", year=" ").errors) == {"year"}
