"""The survey record of a case surveyed for a 2027 status says it was classified by direct income,
lists the Phiếu C income by source, names the standard by its title and the unverified items in words."""

from __future__ import annotations

import datetime as dt
import os
import subprocess

from flask import Flask
from sqlalchemy import select

from casework.extensions import db
from casework.models import Case, Document
from tests.casework.cases.helpers import POOR_HOUSE, log_request, state_of
from tests.casework.cases.test_periodic_flow import as_user, ok
from tests.support.clock import Clock
from tests.support.world import World


def survey_2027(app: Flask, client, case_id: int, income_crops: str) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        case = db.session.get(Case, case_id)
        household_id, member_id = case.household_id, case.household.members[0].id
    data = {
        "period_year": "2027",
        "reference_date": "01/10/2026",
        "farm_household": "yes",
        "members-0-member_id": str(member_id),
        "members-0-health_insured": "no",
        "members-0-employment": "self_employed",
        "members-0-education_level": "primary",
        "members-0-attending_school": "no",
        "members-0-labour_contract": "no",
        "members-0-disabled": "no",
        "members-0-serious_illness": "no",
        "waste_handling": "burned",
        "income_crops": income_crops,
        "income_production_costs": "4.000.000",
        "action": "complete",
        **POOR_HOUSE,
    }
    response = client.post(f"/households/{household_id}/surveys/new?case={case_id}", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]


def test_the_survey_record_of_a_2027_survey_says_it_was_classified_by_income(
    app: Flask, world: World, clock: Clock
) -> None:
    clock.set(dt.date(2026, 10, 1))
    staff = as_user(app, "canbo")
    ok(
        staff.post(
            "/runs/new",
            data={
                "commune_id": str(world.ids["commune_a"]),
                "year": "2026",
                "upper_review_level": "district",
                "rule_set": "vn_2027_2030",  # the campaign chooses the standard its surveys apply
            },
        )
    )
    case_id = log_request(app, staff, world.households["a1"], "01/10/2026")
    with app.app_context():
        run_id = db.session.get(Case, case_id).run_id
    ok(staff.post(f"/runs/{run_id}/list-requests"))
    survey_2027(app, as_user(app, "rasoat"), case_id, "22.000.000")  # (22M − 4M) / 12 = 1.500.000 a month
    assert state_of(app, case_id) == "surveyed"
    with app.app_context():
        sheet = db.session.execute(select(Document).where(Document.kind == "survey_record")).scalar_one()
        content = sheet.content
    if os.environ.get("SURVEY_RECORD_PDF"):
        with open(os.environ["SURVEY_RECORD_PDF"], "wb") as out:
            out.write(content)
    pdf_text = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True).stdout
    text = " ".join(pdf_text.decode().split())
    assert "Xếp loại theo: thu nhập trực tiếp 12 tháng (Phiếu C)." in text
    assert "Trồng trọt" in text and "22.000.000 đồng" in text and "Trừ: chi phí sản xuất" in text
    assert "1.500.000 đồng" in text  # per member per month
    assert "chuẩn nghèo đa chiều giai đoạn 2027-2030 theo Nghị định số 351/2025/NĐ-CP" in text
    # What the app has not confirmed is shown in the app, not on the household's sheet (issue 13).
    assert "chưa được xác minh" not in text
    assert "vn_2027_2030" not in text and "line:" not in text and "codes:" not in text
