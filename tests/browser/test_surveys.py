"""A surveyor on a phone fills a survey and watches the class follow the answers."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import screenshot
from tests.browser.test_households import sign_in

pytestmark = pytest.mark.browser


def test_the_live_result_follows_the_answers_and_the_survey_is_kept(phone: Page, base_url: str) -> None:
    sign_in(phone, base_url, "rasoat")
    phone.goto(f"{base_url}/households/?q=pao")
    phone.get_by_role("link", name="Giàng Seo Páo").click()
    phone.get_by_role("link", name="Điền phiếu rà soát").click()

    phone.get_by_label("Tường nhà làm bằng").select_option("earth")
    phone.get_by_label("Cột (khung) nhà làm bằng").select_option("bamboo")
    phone.get_by_label("Mái nhà làm bằng").select_option("thatch_leaves")
    phone.get_by_label("Tổng diện tích nhà ở (m²)").fill("6")
    phone.get_by_label("Nguồn nước sinh hoạt chính").select_option("surface_water")
    phone.get_by_label("Loại nhà tiêu").select_option("none")
    phone.locator("#hears_loudspeaker").get_by_label("Không").check()
    member = phone.locator("fieldset.member").first
    member.get_by_label("Việc làm").select_option("self_employed")
    b1 = phone.get_by_label("Điểm B1 (tổng trên phiếu giấy)")
    b1.fill("140")
    b1.dispatch_event("change")
    live = phone.locator("#live-result")
    expect(live).to_contain_text("Hộ nghèo")
    expect(live).to_contain_text("chưa được xác minh")
    screenshot(phone, "phone-survey-poor")

    b1.fill("141")
    b1.dispatch_event("change")
    expect(live).to_contain_text("Hộ không nghèo")

    b1.fill("120")
    phone.get_by_role("button", name="Hoàn thành phiếu").click()
    expect(phone.get_by_text("Đã hoàn thành phiếu rà soát.")).to_be_visible()
    expect(phone.locator("section.result h2 span")).to_have_text("Hộ nghèo")
    # The standard by its instrument, not the rule set's id.
    expect(phone.get_by_text("theo Nghị định số 07/2021/NĐ-CP", exact=False)).to_be_visible()
    expect(phone.get_by_text("Xếp loại theo: điểm B1 (Phiếu B)")).to_be_visible()
    screenshot(phone, "phone-survey-done")
