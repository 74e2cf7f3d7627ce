"""The direct-income path on the survey page: 2027 classifies by the 12-month Phiếu C income,
2022-2025 shows it beside the B1 score for information, and an undetermined result names the
answers it waits for."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from casework import crypto
from casework.extensions import db
from casework.models import Household, Survey, SurveyStatus
from tests.casework.cases.helpers import POOR_HOUSE
from tests.casework.surveys.test_views import GOOD_HOUSE, answers, result_of
from tests.support.world import World


def answers_2027(app: Flask, household: int, *, house: dict[str, str], **extra: str) -> dict[str, object]:
    """A survey for the 2027 status, made in October 2026; the waste question is asked from 2027."""
    return answers(app, household, house={**house, "waste_handling": "collected"}, b1="", period_year="2027", **extra)


def members_of(app: Flask, household: int) -> int:
    with app.app_context():
        return len(db.session.get(Household, household).members)


def yearly(app: Flask, household: int, per_member_month: int) -> str:
    """The 12-month income (as the form writes it, 1.234.000) giving `per_member_month`."""
    return f"{per_member_month * 12 * members_of(app, household):,}".replace(",", ".")


def test_2027_form_offers_the_income_path_and_says_why(app: Flask, world: World, login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("rasoat")
    household = world.households["a1"]
    page = client.get(f"/households/{household}/surveys/new?standalone=1").get_data(as_text=True)
    assert "Điểm B1 (tổng trên phiếu giấy)" in page  # the current year (2026) still uses B1
    data = {**answers_2027(app, household, house=GOOD_HOUSE), "action": "preview"}
    page = client.post(f"/households/{household}/surveys/new?standalone=1", data=data).get_data(as_text=True)
    assert "chưa có bảng điểm B1 chính thức" in page
    assert "dùng để xếp loại" in page  # the Phiếu C section heading
    assert 'name="b1_total"' not in page  # no B1 path: the B1 total is not asked
    assert "Dịch vụ viễn thông, dịch vụ số, Internet thành viên hộ sử dụng" in page
    assert "Xử lý rác thải sinh hoạt" in page
    # Nothing of Phiếu C yet: the result waits for the income, and the panel says so.
    assert result_of(page) == "undetermined"
    assert "Còn thiếu các câu trả lời sau để xếp loại:" in page and 'href="#income_crops"' in page
    assert "Cần ghi thu nhập 12 tháng qua theo từng nguồn" in page


def test_2027_survey_classifies_by_income_and_records_the_path(app: Flask, world: World, login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("rasoat")
    household = world.households["a1"]
    url = f"/households/{household}/surveys/new?standalone=1"
    near = answers_2027(app, household, house=GOOD_HOUSE, income_crops=yearly(app, household, 2_200_000))
    data = client.post(f"/households/{household}/surveys/preview", data=near).get_json()
    assert data["class"] == "near_poor", data
    assert data["path"] == "Xếp loại theo: thu nhập trực tiếp 12 tháng (Phiếu C)"
    assert data["rule_set"]["title"] == "Chuẩn nghèo đa chiều quốc gia giai đoạn 2027-2030"
    assert "cách xếp loại theo thu nhập trực tiếp khi chưa có bảng điểm B1 chính thức" in data["unverified"]
    assert not [label for label in data["unverified"] if ":" in label or "_" in label]  # words, no ids
    above = answers_2027(app, household, house=POOR_HOUSE, income_crops=yearly(app, household, 2_200_001))
    assert client.post(f"/households/{household}/surveys/preview", data=above).get_json()["class"] == "not_poor"

    done = client.post(url, data={**near, "action": "complete"})
    assert done.status_code == 302, done.get_data(as_text=True)
    detail = client.get(done.headers["Location"]).get_data(as_text=True)
    assert "Hộ cận nghèo" in detail and "Xếp loại theo: thu nhập trực tiếp 12 tháng (Phiếu C)" in detail
    assert "2.200.000" in detail and "vn_2027_2030" not in detail
    household_page = client.get(f"/households/{household}").get_data(as_text=True)
    assert "Xếp loại theo: thu nhập trực tiếp 12 tháng (Phiếu C)" in household_page
    assert "có mục chưa xác minh" in household_page
    with app.app_context():
        survey = db.session.execute(select(Survey)).scalar_one()
        assert survey.status is SurveyStatus.COMPLETED and survey.household_class == "near_poor"
        stored = crypto.decrypt_json(survey.result_ciphertext)
        assert stored["path"]["classified_by"] == "income"
        assert stored["tables"] == {"score_table": None, "phieu_a": None}


def test_2027_survey_cannot_be_completed_without_the_income(app: Flask, world: World, login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("rasoat")
    household = world.households["a1"]
    url = f"/households/{household}/surveys/new?standalone=1"
    refused = client.post(url, data={**answers_2027(app, household, house=GOOD_HOUSE), "action": "complete"})
    assert refused.status_code == 422
    assert "Cần ghi thu nhập 12 tháng qua theo từng nguồn" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.execute(select(Survey)).first() is None  # nothing half-written
    bad = answers_2027(app, household, house=GOOD_HOUSE, income_crops="12,5 triệu")
    response = client.post(url, data={**bad, "action": "complete"})
    assert response.status_code == 422 and "Số tiền viết dạng 1.500.000" in response.get_data(as_text=True)


def test_2022_shows_the_income_beside_b1_for_information(app: Flask, world: World, login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("rasoat")
    household = world.households["a1"]
    data = answers(app, household, house=POOR_HOUSE, b1="120", income_crops=yearly(app, household, 5_000_000))
    result = client.post(f"/households/{household}/surveys/preview", data=data).get_json()
    assert result["class"] == "poor"  # B1 decides, however high the income
    assert result["path"] == "Xếp loại theo: điểm B1 (Phiếu B)"
    assert result["income_note"] == (
        "Thu nhập bình quân 5.000.000 đ/người/tháng (Phiếu C) – chỉ để tham khảo, không dùng để xếp loại."
    )
    assert any("bảng điểm B1, phiên bản" in label or "ngưỡng điểm B1" in label for label in result["unverified"])


def test_2022_undetermined_names_the_missing_b1_and_opens_its_section(app: Flask, world: World, login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("rasoat")
    household = world.households["a1"]
    low = answers(
        app, household, house=GOOD_HOUSE, b1="", farm_household="yes", income_crops=yearly(app, household, 1_000_000)
    )
    data = client.post(f"/households/{household}/surveys/preview", data=low).get_json()
    assert data["class"] == "undetermined" and data["class_label"] == "Chưa xác định được"
    fields = {item["field"]: item for item in data["missing"]}
    assert "b1_total" in fields and fields["b1_total"]["label"] == "Điểm B1 (tổng trên phiếu giấy)"
    page = client.post(f"/households/{household}/surveys/new?standalone=1", data={**low, "action": "preview"})
    html = page.get_data(as_text=True)
    assert '<details class="b1-items" open>' in html
    assert "Thu nhập không vượt chuẩn: cần trả lời đủ các mục B1" in html


def test_serious_illness_is_asked_per_member_and_counts_as_dependent(app: Flask, world: World, login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("rasoat")
    household = world.households["a1"]
    page = client.get(f"/households/{household}/surveys/new?standalone=1").get_data(as_text=True)
    assert "Không có khả năng lao động do ốm đau, bệnh nặng" in page
    assert members_of(app, household) == 1  # the head alone: one ill member of one is a dependent share of 100 %
    ill = answers(app, household, house=POOR_HOUSE, b1="120", **{"members-0-serious_illness": "yes"})
    data = client.post(f"/households/{household}/surveys/preview", data=ill).get_json()
    assert "Người phụ thuộc trong hộ gia đình" in data["deprived"]
    well = answers(app, household, house=POOR_HOUSE, b1="120", **{"members-0-serious_illness": "no"})
    assert (
        "Người phụ thuộc trong hộ gia đình"
        not in client.post(f"/households/{household}/surveys/preview", data=well).get_json()["deprived"]
    )
