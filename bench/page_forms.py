"""A page's POST form as a browser would send it untouched: what the load test's users submit.

Kept apart from bench/locustfile.py so tests can use it without importing Locust (which patches
the standard library with gevent on import).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser


class FormFields(HTMLParser):
    """The fields of the first POST form of a page, as a browser would send them untouched."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self.in_form = self.done = False
        self.select: str | None = None
        self.first_option: str | None = None
        self.selected = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "").lower() == "post" and not self.done:
            self.in_form = True
        if not self.in_form:
            return
        if tag == "input" and a.get("name") and a.get("type", "text") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields.append((a["name"], a.get("value", "")))
        elif tag == "select":
            self.select, self.first_option, self.selected = a.get("name"), None, False
        elif tag == "option" and self.select:
            if self.first_option is None:
                self.first_option = a.get("value", "")
            if "selected" in a:
                self.fields.append((self.select, a.get("value", "")))
                self.selected = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "select" and self.select:
            if not self.selected and self.first_option is not None:
                self.fields.append((self.select, self.first_option))
            self.select = None
        elif tag == "form" and self.in_form:
            self.in_form, self.done = False, True


def form_fields(html: str) -> list[tuple[str, str]]:
    parser = FormFields()
    parser.feed(html)
    return parser.fields


def typed(fields: list[tuple[str, str]], **values: str) -> list[tuple[str, str]]:
    """The fields with what the user typed into the blank ones named."""
    out = [(name, values[name] if name in values and not value else value) for name, value in fields]
    present = {name for name, _value in fields}
    return out + [(name, value) for name, value in values.items() if name not in present]


# What a surveyor types first on a new survey form: the year it is for and the day of the visit.
SURVEY_START = {"period_year": "2026", "reference_date": "15/10/2026"}

# The Mẫu 7.x a province officer opens in the load test, and the unit the report page offers first.
REPORT_FORMS = ("7.1", "7.2", "7.3", "7.5", "7.7")
_FIRST_UNIT = re.compile(r'<select id="unit" name="unit">\s*<option value="([^"]+)"')


def first_report_unit(chooser_html: str) -> str:
    match = _FIRST_UNIT.search(chooser_html)
    return match.group(1) if match else ""


def report_url(form: str, unit: str) -> str:
    return f"/reports/view?form={form}&unit={unit}&period=year&year=2026"
