"""A province's local standard over the 2027-2030 standard: data only (a file in the local standards'
folder), applied beside the national one to a 2027 survey of a campaign that chose the 2027-2030 standard.

No province has issued its 2027-2030 lines yet, so none is shipped: the test adds an example file (placeholder
lines, tests/support/local_standards/) beside the shipped ones, as a province's decision would be added."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from flask import Flask
from sqlalchemy import select

from casework.cycles import standards
from casework.extensions import db
from casework.models import AdminUnit, Survey
from tests.casework.surveys.test_income_path import answers_2027, yearly
from tests.casework.surveys.test_path_needs import without_phieu_b
from tests.casework.surveys.test_views import GOOD_HOUSE
from tests.support.world import World

EXAMPLE = Path(__file__).resolve().parents[2] / "support" / "local_standards" / "bac_ninh_2027_example.toml"


def test_a_2027_survey_is_classified_under_the_provinces_2027_standard_too(
    app: Flask, world: World, login_as, clock, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    for shipped in standards.local_files():
        shutil.copy(shipped, tmp_path / shipped.name)
    shutil.copy(EXAMPLE, tmp_path / "bac_ninh_2027.toml")
    monkeypatch.setattr(standards, "LOCAL_STANDARDS_DIR", tmp_path)
    clock.set(dt.date(2026, 10, 12))  # the answers are dated 10/10/2026
    with app.app_context():
        province = db.session.get_one(AdminUnit, world.ids["province"])
        # The province named its 2022-2025 local standard; for 2027 its 2027-2030 one applies.
        province.settings = {**(province.settings or {}), "local_standard": "bac_ninh_2022"}
        db.session.commit()
    staff = login_as("canbo")
    opened = staff.post(
        "/runs/new", data={"commune_id": str(world.ids["commune_a"]), "year": "2026", "rule_set": "vn_2027_2030"}
    )
    assert opened.status_code == 302
    campaign = staff.get(opened.headers["Location"]).get_data(as_text=True)
    assert "xếp loại thêm theo" in campaign
    assert "Chuẩn nghèo của tỉnh Bắc Ninh giai đoạn 2027-2030 (mức tạm tính)" in campaign
    local_unverified = campaign.split('id="run-local-unverified"')[1].split("</details>")[0]
    assert "<li>chuẩn nghèo</li>" in local_unverified  # the placeholder lines are marked unconfirmed

    surveyor = login_as("rasoat")
    household = world.households["a1"]
    # 2.400.000 đ a month: above the national 2.200.000, under the province's 2.570.000.
    data = answers_2027(app, household, house=GOOD_HOUSE, income_crops=yearly(app, household, 2_400_000))
    url = f"/households/{household}/surveys/new?standalone=1"
    # Above the national line the income alone would decide; under the province's it does not: Phiếu B is asked.
    partial = surveyor.post(url, data={**without_phieu_b(data), "action": "complete"})
    assert partial.status_code == 422
    assert "nhưng chưa vượt chuẩn nghèo của tỉnh: cần trả lời để xếp loại." in partial.get_data(as_text=True)
    done = surveyor.post(url, data={**data, "action": "complete"})
    assert done.status_code == 302, done.get_data(as_text=True)[:2000]
    with app.app_context():
        survey = db.session.execute(select(Survey)).scalar_one()
        assert (survey.household_class, survey.local_household_class) == ("not_poor", "near_poor")
        assert survey.local_rule_set_id == "bac_ninh_2027"
    detail = surveyor.get(done.headers["Location"]).get_data(as_text=True)
    assert "Chuẩn nghèo của tỉnh Bắc Ninh giai đoạn 2027-2030 (mức tạm tính)" in detail
    assert "bac_ninh_2027" not in detail
    page = staff.get(f"/households/{household}").get_data(as_text=True)
    assert '<td class="local-class" data-label="Theo chuẩn của tỉnh">Hộ cận nghèo</td>' in page
