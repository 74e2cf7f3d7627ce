"""The access log in a real browser: commune staff open a household, the administrator finds the look."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import screenshot
from tests.browser.test_households import sign_in

pytestmark = pytest.mark.browser


def test_the_administrator_finds_who_opened_a_household(desktop: Page, base_url: str) -> None:
    sign_in(desktop, base_url, "canbo")
    desktop.goto(f"{base_url}/households/")
    desktop.get_by_role("link", name="Giàng Seo Páo").click()
    desktop.get_by_role("button", name="Đăng xuất (canbo)").click()

    sign_in(desktop, base_url, "admin")
    desktop.get_by_role("link", name="Nhật ký truy cập").click()
    desktop.get_by_label("Tìm theo").select_option("household")
    desktop.get_by_role("searchbox").fill("giang seo pao")
    desktop.get_by_role("button", name="Tìm").click()
    row = desktop.locator("table.list tbody tr").first
    expect(row).to_contain_text("Canbo (canbo)")
    expect(row).to_contain_text("Xem trang hộ gia đình")
    expect(row.get_by_role("link", name="Giàng Seo Páo")).to_be_visible()
    screenshot(desktop, "desktop-access-log")
