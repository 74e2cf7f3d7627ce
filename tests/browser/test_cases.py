"""Commune staff log a Mẫu 01 request in the browser and find the case with its timeline and diagram."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import screenshot
from tests.browser.test_households import sign_in
from tests.support.clock import Clock

pytestmark = pytest.mark.browser


def test_a_request_is_logged_and_the_case_page_shows_the_way_ahead(desktop: Page, base_url: str, clock: Clock) -> None:
    clock.set(dt.date(2026, 10, 5))
    sign_in(desktop, base_url, "canbo")
    desktop.goto(f"{base_url}/households/?q=pao")
    desktop.get_by_role("link", name="Giàng Seo Páo").click()
    desktop.get_by_role("link", name="Tiếp nhận giấy đề nghị (Mẫu số 01 / 04)").click()
    desktop.get_by_label("Lý do đề nghị").fill("Nhà bị sạt lở tháng 9")
    desktop.get_by_label("Ngày ký").fill("05/10/2026")
    desktop.get_by_label("Ngày tiếp nhận").fill("05/10/2026")
    desktop.get_by_role("button", name="Tiếp nhận và in giấy biên nhận").click()

    expect(desktop.get_by_text("Đã tiếp nhận giấy đề nghị.")).to_be_visible()
    expect(desktop.locator(".state-badge").first).to_have_text("Đã nhận giấy đề nghị")
    expect(desktop.get_by_text("00715-2026-00001")).to_be_visible()
    expect(desktop.locator("ol.timeline li")).to_have_count(1)
    expect(desktop.locator("svg.diagram rect.current")).to_have_count(1)
    # The surveyor's step is listed, with the reason this user cannot take it.
    expect(desktop.get_by_text("Bước này do vai trò khác thực hiện.").first).to_be_visible()
    receipt = desktop.locator("ol.timeline").get_by_role("link", name="Giấy tiếp nhận hồ sơ và hẹn trả kết quả")
    response = desktop.request.get(base_url + receipt.get_attribute("href"))
    assert response.status == 200 and response.body().startswith(b"%PDF")
    screenshot(desktop, "desktop-case")
