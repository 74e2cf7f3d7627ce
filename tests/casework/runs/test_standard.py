"""Which poverty standard a campaign applies: by the lists' year, re-classified under another after a preview,
locked once the report went up; a province's local standard classifies every survey a second time."""

from __future__ import annotations

import datetime as dt

from flask import Flask
from sqlalchemy import select

from casework.extensions import db
from casework.models import AdminUnit, AuditEntry, Case, ReviewRun, Survey
from tests.casework.cases.helpers import POOR_HOUSE
from tests.support.world import World

TITLE_2022 = "Chuẩn nghèo đa chiều giai đoạn 2022-2025 (áp dụng cả năm 2026)"


def _survey(app: Flask, client, case_id: int, *, b1: str, wages: str = "") -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        case = db.session.get_one(Case, case_id)
        household_id, member_id = case.household_id, case.household.members[0].id
    data = {
        "period_year": "2026",
        "reference_date": "01/10/2026",
        "farm_household": "no",
        "b1_total": b1,
        "income_wages": wages,
        "members-0-member_id": str(member_id),
        "members-0-health_insured": "no",
        "members-0-employment": "self_employed",
        "members-0-education_level": "primary",
        "members-0-attending_school": "no",
        "members-0-labour_contract": "no",
        "members-0-disabled": "no",
        "action": "complete",
        **POOR_HOUSE,
    }
    response = client.post(f"/households/{household_id}/surveys/new?case={case_id}", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]


def _client(app: Flask, username: str):  # type: ignore[no-untyped-def]
    client = app.test_client()
    assert client.post("/login", data={"username": username, "password": "mat-khau-thu-nghiem"}).status_code == 302
    return client


def _settings(app: Flask, run_id: int, **settings: object) -> None:
    with app.app_context():
        run = db.session.get_one(ReviewRun, run_id)
        run.settings = {**(run.settings or {}), **settings}
        db.session.commit()


def test_a_campaign_applies_the_standard_of_the_year_its_lists_are_for(
    app: Flask, login_as, create_case, clock
) -> None:  # type: ignore[no-untyped-def]
    clock.set(dt.date(2026, 10, 1))
    made = create_case("listed", origin="existing_list")
    staff = login_as("canbo")
    page = staff.get(f"/runs/{made.run_id}").get_data(as_text=True)
    assert TITLE_2022 in page and "(mặc định theo năm của danh sách)" in page
    assert "vn_2022_2025" not in page.replace('value="vn_2022_2025"', "")

    _settings(app, made.run_id, list_year="following")  # the late-2026 review that sets 2027 status
    page = staff.get(f"/runs/{made.run_id}").get_data(as_text=True)
    assert "chuẩn nghèo đa chiều quốc gia giai đoạn 2027-2030" in page.lower()


def test_re_classification_is_previewed_then_applied_with_its_audit(app: Flask, login_as, create_case, clock) -> None:  # type: ignore[no-untyped-def]
    clock.set(dt.date(2026, 10, 1))
    made = create_case("listed", origin="existing_list")
    _survey(app, _client(app, "rasoat"), made.id, b1="200", wages="24000000")  # 2,000,000 đ a month, one member
    with app.app_context():
        before = db.session.get_one(Case, made.id).provisional_class
    assert before == "not_poor"  # B1 200 is above the 2022-2025 threshold
    staff = login_as("canbo")
    preview = staff.get(f"/runs/{made.run_id}/standard?rule_set=vn_2027_2030")
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert "Xếp loại lại theo Chuẩn nghèo đa chiều quốc gia giai đoạn 2027-2030" in page
    # No B1 table for 2027-2030: the household is classified on income (undetermined until that path is given)
    changes = page.split('id="standard-changes"', 1)[1]
    assert f"#{made.id}" in changes and "Hộ không nghèo" in changes
    after = "poor" if "Hộ nghèo</td></tr>" in changes else "undetermined"
    with app.app_context():  # the preview wrote nothing
        assert db.session.get_one(Case, made.id).provisional_class == before
        assert (
            db.session.execute(select(Survey.rule_set_id).where(Survey.case_id == made.id)).scalar_one()
            == "vn_2022_2025"
        )

    applied = staff.post(f"/runs/{made.run_id}/standard", data={"rule_set": "vn_2027_2030"})
    assert applied.status_code == 302
    page = staff.get(f"/runs/{made.run_id}").get_data(as_text=True)
    assert "1 hộ đổi kết quả xếp loại" in page
    assert "chuẩn nghèo đa chiều quốc gia giai đoạn 2027-2030" in page.lower() and "(mặc định theo năm" not in page
    no_local = staff.get(f"/runs/{made.run_id}/lists/standard?standard=local")
    assert no_local.status_code == 400
    assert "Tỉnh chưa áp dụng chuẩn nghèo riêng cho đợt rà soát này." in no_local.get_data(as_text=True)
    # What the 2027-2030 data has not confirmed is named on the campaign page, in words (the digital services list).
    unverified = page.split('id="run-standard-unverified"')[1].split("</details>")[0]
    assert "danh mục dịch vụ viễn thông, dịch vụ số" in unverified
    assert "codes:" not in unverified and "indicator:" not in unverified and "vn_2027" not in unverified
    case_page = staff.get(f"/cases/{made.id}").get_data(as_text=True)
    assert '<dd id="case-standard">Chuẩn nghèo đa chiều quốc gia giai đoạn 2027-2030</dd>' in case_page
    with app.app_context():
        assert db.session.get_one(Case, made.id).provisional_class == after
        survey = db.session.execute(select(Survey).where(Survey.case_id == made.id)).scalar_one()
        assert (survey.rule_set_id, survey.household_class) == ("vn_2027_2030", after)
        actions = [e.action for e in db.session.execute(select(AuditEntry)).scalars()]
        assert "campaign_standard" in actions and "survey_reclassified" in actions

    refused = staff.post(f"/runs/{made.run_id}/standard", data={"rule_set": "khong_co"})
    assert refused.status_code == 422 and "Lựa chọn không hợp lệ." in refused.get_data(as_text=True)


def test_the_standard_is_locked_once_the_report_went_up(app: Flask, login_as, create_case, clock) -> None:  # type: ignore[no-untyped-def]
    clock.set(dt.date(2026, 11, 20))
    made = create_case("upper_review")
    staff = login_as("canbo")
    page = staff.get(f"/runs/{made.run_id}").get_data(as_text=True)
    assert "Đã gửi báo cáo kết quả rà soát lên cấp trên" in page and 'id="standard-locked"' in page
    refused = staff.post(f"/runs/{made.run_id}/standard", data={"rule_set": "vn_2027_2030"})
    assert refused.status_code == 409 and "không đổi được nữa" in refused.get_data(as_text=True)
    with app.app_context():
        assert "rule_set" not in (db.session.get_one(ReviewRun, made.run_id).settings or {})


def test_a_province_with_a_local_standard_sees_both_classes(
    app: Flask, world: World, login_as, create_case, clock
) -> None:  # type: ignore[no-untyped-def]
    clock.set(dt.date(2026, 10, 1))
    with app.app_context():
        province = db.session.get_one(AdminUnit, world.ids["province"])
        province.settings = {**(province.settings or {}), "local_standard": "bac_ninh_2022"}
        db.session.commit()
    made = create_case("listed", origin="existing_list")
    _survey(app, _client(app, "rasoat"), made.id, b1="200", wages="19200000")  # 1,600,000 đ a month: under 1,750,000
    with app.app_context():
        survey = db.session.execute(select(Survey).where(Survey.case_id == made.id)).scalar_one()
        assert survey.local_rule_set_id == "bac_ninh_2022" and survey.local_household_class is not None
        assert survey.household_class == "not_poor"  # the national result, which drives the case, is B1's
        assert db.session.get_one(Case, made.id).provisional_class == survey.household_class
        survey_id = survey.id
    staff = login_as("canbo")
    household = staff.get(f"/households/{made.household_id}").get_data(as_text=True)
    assert "Theo chuẩn của tỉnh" in household and 'class="local-class"' in household
    detail = staff.get(f"/surveys/{survey_id}").get_data(as_text=True)
    assert "Xếp loại theo chuẩn của tỉnh" in detail and "Chuẩn nghèo của tỉnh Bắc Ninh giai đoạn 2022-2025" in detail
    assert "Chuẩn áp dụng: chuẩn nghèo đa chiều giai đoạn 2022-2025 theo Nghị định số 07/2021/NĐ-CP" in detail
    assert "vn_2022_2025" not in detail and "bac_ninh_2022" not in detail
    run_page = staff.get(f"/runs/{made.run_id}").get_data(as_text=True)
    assert "xếp loại thêm theo" in run_page and "Chuẩn nghèo của tỉnh Bắc Ninh" in run_page
    assert f"/runs/{made.run_id}/lists/standard?standard=local" in run_page

    # The campaign's list under either standard, naming the one it applies.
    with app.app_context():
        local_class = db.session.get_one(Survey, survey_id).local_household_class
    lists = staff.get(f"/runs/{made.run_id}/lists/standard?standard=local").get_data(as_text=True)
    assert "Chuẩn nghèo áp dụng: <strong>Chuẩn nghèo của tỉnh Bắc Ninh giai đoạn 2022-2025</strong>" in lists
    assert "vẫn theo kết quả xếp loại của chuẩn nghèo quốc gia" in lists
    label = {"poor": "Hộ nghèo", "near_poor": "Hộ cận nghèo", "not_poor": "Hộ không nghèo"}[local_class]
    assert f"<h2>{label} (1)</h2>" in lists and "bac_ninh" not in lists
    national = staff.get(f"/runs/{made.run_id}/lists/standard").get_data(as_text=True)
    assert (
        f"Chuẩn nghèo áp dụng: <strong>{TITLE_2022}</strong>" in national and "<h2>Hộ không nghèo (1)</h2>" in national
    )
    wrong = staff.get(f"/runs/{made.run_id}/lists/standard?standard=khac")
    assert wrong.status_code == 400 and "Hãy chọn chuẩn nghèo quốc gia hoặc chuẩn nghèo của tỉnh." in wrong.get_data(
        as_text=True
    )


def test_a_campaign_opened_under_the_2027_standard_names_it_on_its_page_and_its_list(
    app: Flask, world: World, login_as, clock
) -> None:  # type: ignore[no-untyped-def]
    from casework.models import Document, HouseholdStatus
    from tests.casework.documents.pdftools import pdf_text

    clock.set(dt.date(2026, 9, 1))
    with app.app_context():
        db.session.add(HouseholdStatus(household_id=world.households["a1"], year=2025, household_class="poor"))
        db.session.commit()
    staff = login_as("canbo")
    form = staff.get("/runs/new").get_data(as_text=True)
    assert "Chuẩn nghèo đa chiều quốc gia giai đoạn 2027-2030" in form and "Mặc định: chuẩn của năm" in form
    opened = staff.post(
        "/runs/new", data={"commune_id": str(world.ids["commune_a"]), "year": "2026", "rule_set": "vn_2027_2030"}
    )
    assert opened.status_code == 302, opened.get_data(as_text=True)[:2000]
    page = staff.get(opened.headers["Location"]).get_data(as_text=True)
    assert "chuẩn nghèo đa chiều quốc gia giai đoạn 2027-2030" in page.lower() and "(mặc định theo năm" not in page
    with app.app_context():
        listed = db.session.execute(select(Document).where(Document.kind == "review_list")).scalars().one()
        text = pdf_text(listed.content)
    assert "Chuẩn nghèo áp dụng: Chuẩn nghèo đa chiều quốc gia giai đoạn 2027-2030" in " ".join(text.split())

    refused = staff.post("/runs/new", data={"commune_id": str(world.ids["commune_b"]), "year": "2026", "rule_set": "x"})
    assert refused.status_code == 422 and "Lựa chọn không hợp lệ." in refused.get_data(as_text=True)


def test_bac_ninh_chooses_its_local_standard_on_its_settings_page(app: Flask, world: World, login_as) -> None:  # type: ignore[no-untyped-def]
    from tests.casework.units.test_settings import GOOD

    url = f"/units/provinces/{world.ids['province']}/settings"
    client = login_as("admin")
    assert "Chuẩn nghèo của tỉnh Bắc Ninh" not in client.get(url).get_data(as_text=True)  # not this province's
    with app.app_context():
        db.session.get_one(AdminUnit, world.ids["province"]).code = "24"  # Tỉnh Bắc Ninh
        db.session.commit()
    page = client.get(url).get_data(as_text=True)
    assert "Chuẩn nghèo của tỉnh Bắc Ninh giai đoạn 2022-2025" in page
    assert client.post(url, data={**GOOD, "local_standard": "bac_ninh_2022"}).status_code == 302
    with app.app_context():
        assert db.session.get_one(AdminUnit, world.ids["province"]).settings["local_standard"] == "bac_ninh_2022"
    refused = client.post(url, data={**GOOD, "local_standard": "hanoi"})
    assert refused.status_code == 422 and "Lựa chọn không hợp lệ." in refused.get_data(as_text=True)
    assert client.post(url, data=GOOD).status_code == 302  # "none": the national standard only
    with app.app_context():
        assert "local_standard" not in db.session.get_one(AdminUnit, world.ids["province"]).settings


def test_a_campaign_beyond_the_last_standard_says_so_instead_of_failing(  # type: ignore[no-untyped-def]
    app: Flask, login_as, create_case, clock
) -> None:
    clock.set(dt.date(2026, 10, 1))
    made = create_case("listed", origin="existing_list")
    _settings(app, made.run_id)
    with app.app_context():
        db.session.get_one(ReviewRun, made.run_id).period_year = 2031
        db.session.commit()
    staff = login_as("canbo")
    for url in (f"/runs/{made.run_id}", f"/cases/{made.id}", f"/runs/{made.run_id}/standard"):
        response = staff.get(url)
        assert response.status_code == 200, url
        assert "Chưa có chuẩn nghèo cho năm của danh sách" in response.get_data(as_text=True), url


def test_a_chosen_standard_no_longer_shipped_falls_back_to_the_default(
    app: Flask, login_as, create_case, clock
) -> None:  # type: ignore[no-untyped-def]
    clock.set(dt.date(2026, 10, 1))
    made = create_case("listed", origin="existing_list")
    _settings(app, made.run_id, rule_set="vn_2099_2100")  # a rule set removed since the campaign chose it
    page = login_as("canbo").get(f"/runs/{made.run_id}")
    assert page.status_code == 200 and TITLE_2022 in page.get_data(as_text=True)
