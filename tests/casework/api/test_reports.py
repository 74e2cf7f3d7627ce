"""Reports Mẫu 7.x as JSON: the forms and units offered, one table with the page's figures; another
province's unit is 404, a role without reports 403, a bad year 422 naming the field."""

from __future__ import annotations

import html
import re

from flask import Flask
from flask.testing import FlaskClient

from casework.extensions import db
from casework.models import HouseholdStatus
from tests.casework.api.helpers import issue
from tests.support.world import World


def test_reports(app: Flask, client: FlaskClient, world: World, login_as) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        for key, household_class in (("a1", "poor"), ("a2", "near_poor")):
            db.session.add(
                HouseholdStatus(household_id=world.households[key], year=2026, household_class=household_class)
            )
        db.session.commit()
    headers = issue(app, world, "canbo", "reports:read")
    catalogue = client.get("/api/v1/reports/forms", headers=headers)
    assert catalogue.status_code == 200, catalogue.json
    unit = f"commune:{world.ids['commune_a']}"
    assert unit in [u["unit"] for u in catalogue.json["units"]] and catalogue.json["forms"]

    query = f"form=7.1&unit={unit}&year=2026"
    report = client.get(f"/api/v1/reports?{query}", headers=headers)
    assert report.status_code == 200, report.json
    assert [row["name"] for row in report.json["rows"]] == ["Thôn Lô Lô Chải", "Thôn Thèn Pả"]
    assert report.json["period_label"] and report.json["title"]
    total = report.json["total"]["cells"]
    assert any(cell["value"] for cell in total)
    page = html.unescape(login_as("canbo").get(f"/reports/view?{query}").get_data(as_text=True))
    footer = re.search(r"Tổng cộng(.*?)</tr>", page, re.S)
    assert footer is not None
    assert re.findall(r"<t[dh][^>]*>([^<]*)</t[dh]>", footer[1]) == [cell["text"] for cell in total]

    elsewhere = client.get(f"/api/v1/reports?form=7.1&unit=commune:{world.ids['commune_d']}&year=2026", headers=headers)
    assert elsewhere.status_code == 404
    bad = client.get(f"/api/v1/reports?form=7.1&unit={unit}&year=1999", headers=headers)
    assert bad.status_code == 422 and bad.json["errors"][0]["field"] == "year"
    monthly = client.get(f"/api/v1/reports?form=7.1&unit={unit}&period=monthly", headers=headers)
    assert monthly.status_code == 422 and monthly.json["errors"][0]["field"] == "month"
    assert client.get("/api/v1/reports/forms", headers=issue(app, world, "mttq", "reports:read")).status_code in (
        200,
        403,
    )
    assert client.get("/api/v1/reports/forms", headers=issue(app, world, "canbo", "runs:read")).status_code == 403
