"""A survey asks only what its classifying path needs, says what an undetermined result waits for
in words, and keeps the "Chưa hoàn thành được" summary for the surveyor who tried to finish."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from casework.extensions import db
from casework.models import Household, Survey
from casework.surveys.outcome import undetermined_label
from tests.casework.surveys.test_income_path import answers_2027, yearly
from tests.casework.surveys.test_views import GOOD_HOUSE, answers, result_of
from tests.support.world import World

SUMMARY = "Chưa hoàn thành được: hãy trả lời các ô được đánh dấu."
UNANSWERED = (*GOOD_HOUSE, "waste_handling", "members-0-employment", "members-0-education_level")


def without_phieu_b(data: dict[str, object]) -> dict[str, object]:
    """What the browser sends when no house and no member question is answered (empty fields are left out)."""
    return {name: value for name, value in data.items() if name not in UNANSWERED}


def test_a_2027_income_above_the_line_completes_without_phieu_b(app: Flask, world: World, login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("rasoat")
    household = world.households["a1"]
    url = f"/households/{household}/surveys/new?standalone=1"
    # Under the line the deprivations decide poor or near-poor: Phiếu B is asked, and the summary says so.
    low = without_phieu_b(answers_2027(app, household, house={}, income_crops=yearly(app, household, 2_000_000)))
    refused = client.post(url, data={**low, "action": "complete"})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422 and SUMMARY in page
    assert "Cần trả lời trước khi hoàn thành phiếu." in page
    with app.app_context():
        assert db.session.execute(select(Survey)).first() is None
    # Above the line the income decides by itself: no house, no member question is needed.
    high = without_phieu_b(answers_2027(app, household, house={}, income_crops=yearly(app, household, 3_000_000)))
    done = client.post(url, data={**high, "action": "complete"})
    assert done.status_code == 302, done.get_data(as_text=True)
    detail = client.get(done.headers["Location"]).get_data(as_text=True)
    assert "Hộ không nghèo" in detail and "Xếp loại theo: thu nhập trực tiếp 12 tháng (Phiếu C)" in detail
    # The household page names what that result relied on and is not confirmed yet, in words.
    page = client.get(f"/households/{household}").get_data(as_text=True)
    unverified = page.split('id="household-unverified"')[1].split("</details>")[0]
    assert "cách xếp loại theo thu nhập trực tiếp khi chưa có bảng điểm B1 chính thức" in unverified
    assert ":" not in unverified.split("</summary>")[1].replace("</li>", "")  # no internal ids


def test_changing_the_year_of_a_new_form_marks_nothing(app: Flask, world: World, login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("rasoat")
    household = world.households["a1"]
    with app.app_context():
        member_id = db.session.get(Household, household).members[0].id
    # What the page sends when the surveyor types another year into a new form (survey.js: a preview).
    fresh = {"period_year": "2027", "reference_date": "10/10/2026", "members-0-member_id": str(member_id)}
    page = client.post(
        f"/households/{household}/surveys/new?standalone=1", data={**fresh, "action": "preview"}
    ).get_data(as_text=True)
    assert SUMMARY not in page and "Chưa đủ câu trả lời để xếp loại hộ." not in page
    assert "chưa có bảng điểm B1 chính thức" in page  # the form is drawn for the 2027 standard
    # Half-answered, the panel lists what is missing; the summary stays for a "Hoàn thành phiếu".
    half = answers_2027(app, household, house=GOOD_HOUSE)
    preview = client.post(f"/households/{household}/surveys/new?standalone=1", data={**half, "action": "preview"})
    text = preview.get_data(as_text=True)
    assert "Còn thiếu các câu trả lời sau để xếp loại:" in text and SUMMARY not in text


def test_an_undetermined_survey_says_what_it_waits_for(app: Flask, world: World, login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("rasoat")
    household = world.households["a1"]
    # 2022-2025: a farm household's actual income under the line, no B1 yet: completed, undetermined.
    low = answers(
        app, household, house=GOOD_HOUSE, b1="", farm_household="yes", income_crops=yearly(app, household, 1_000_000)
    )
    done = client.post(f"/households/{household}/surveys/new?standalone=1", data={**low, "action": "complete"})
    assert done.status_code == 302, done.get_data(as_text=True)
    detail = client.get(done.headers["Location"]).get_data(as_text=True)
    assert result_of(detail.replace("Kết quả rà soát", "Kết quả tạm tính")) in ("undetermined", "")
    expected = "Chưa xác định được: thu nhập thực tế không vượt chuẩn nghèo, còn thiếu điểm B1"
    assert expected in detail
    assert expected in client.get(f"/households/{household}").get_data(as_text=True)
    assert "cần rà soát bằng Phiếu B)" not in client.get(f"/households/{household}").get_data(as_text=True)


def test_the_words_follow_the_path() -> None:
    income = {"class": "undetermined", "basis": "none", "path": {"offered": ["income"]}}
    b1 = {"class": "undetermined", "basis": "none", "path": {"offered": ["score_b1"]}}
    deprivations = {"class": "undetermined", "basis": "income", "path": {"offered": ["income"]}}
    assert undetermined_label(income).endswith("thu nhập 12 tháng qua của hộ theo từng nguồn (Phiếu C)")
    assert undetermined_label(b1).endswith("còn thiếu điểm B1 (phần thu nhập ước tính của Phiếu B)")
    assert "thiếu hụt dịch vụ xã hội cơ bản" in undetermined_label(deprivations)
    assert undetermined_label(None) == "Chưa xác định được (chưa có phiếu rà soát hoàn thành)"
