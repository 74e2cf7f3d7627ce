"""A surveyor reviews a household for its 2027 status: the 2027-2030 standard has no B1 table yet,
so the page asks the 12-month income, names what is missing, and classifies by income."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import screenshot
from tests.browser.test_households import sign_in

pytestmark = pytest.mark.browser


def test_a_2027_survey_classifies_the_household_by_income(phone: Page, base_url: str) -> None:
    sign_in(phone, base_url, "rasoat")
    phone.goto(f"{base_url}/households/?q=pao")
    phone.get_by_role("link", name="Giàng Seo Páo").click()
    phone.get_by_role("link", name="Điền phiếu rà soát").click()

    year = phone.get_by_label("Năm áp dụng chuẩn nghèo")
    year.fill("2027")
    year.dispatch_event("change")  # the form is drawn again for the 2027-2030 standard
    expect(phone.locator("#path-notice")).to_contain_text("chưa có bảng điểm B1 chính thức")
    expect(phone.get_by_label("Điểm B1 (tổng trên phiếu giấy)")).to_have_count(0)

    phone.get_by_label("Tường nhà làm bằng").select_option("brick_stone")
    phone.get_by_label("Cột (khung) nhà làm bằng").select_option("reinforced_concrete")
    phone.get_by_label("Mái nhà làm bằng").select_option("tile")
    phone.get_by_label("Tổng diện tích nhà ở (m²)").fill("40")
    phone.get_by_label("Nguồn nước sinh hoạt chính").select_option("tap")
    phone.get_by_label("Loại nhà tiêu").select_option("septic")
    phone.get_by_label("Xử lý rác thải sinh hoạt").select_option("collected")
    phone.locator("fieldset.member").first.get_by_label("Việc làm").select_option("self_employed")
    live = phone.locator("#live-result")
    # No income yet: the panel names the missing answer and opens Phiếu C.
    expect(live).to_contain_text("Còn thiếu các câu trả lời sau để xếp loại:")
    expect(live.get_by_role("link", name="Trồng trọt")).to_be_visible()
    expect(phone.locator("details.phieu-c")).to_have_attribute("open", "")
    screenshot(phone, "phone-survey-2027-missing-income")

    crops = phone.get_by_label("Trồng trọt")
    crops.fill("24.000.000")  # 2.000.000 đ a month for the one member: under the 2.200.000 đ line
    crops.dispatch_event("change")
    expect(live).to_contain_text("Hộ cận nghèo")
    expect(live).to_contain_text("Xếp loại theo: thu nhập trực tiếp 12 tháng (Phiếu C)")
    expect(live).to_contain_text("Chuẩn nghèo đa chiều quốc gia giai đoạn 2027-2030")
    screenshot(phone, "phone-survey-2027-income")

    crops.fill("26.400.012")  # one đồng a month above the line
    crops.dispatch_event("change")
    expect(live).to_contain_text("Hộ không nghèo")

    crops.fill("24.000.000")
    phone.get_by_role("button", name="Hoàn thành phiếu").click()
    expect(phone.get_by_text("Đã hoàn thành phiếu rà soát.")).to_be_visible()
    expect(phone.locator("section.result h2 span")).to_have_text("Hộ cận nghèo")
    expect(phone.get_by_text("Xếp loại theo: thu nhập trực tiếp 12 tháng (Phiếu C)")).to_be_visible()
    expect(phone.get_by_text("vn_2027_2030")).to_have_count(0)
    screenshot(phone, "phone-survey-2027-done")
