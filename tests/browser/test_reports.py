"""The dashboard and a report in a real browser: commune staff on an office PC."""

from __future__ import annotations

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from tests.browser.conftest import screenshot
from tests.browser.test_households import sign_in
from tests.casework.reports.figures import build_figures
from tests.support.world import World

pytestmark = pytest.mark.browser


def test_staff_read_the_dashboard_and_open_a_report(
    live_app: tuple[Flask, World], base_url: str, desktop: Page
) -> None:
    app, world = live_app
    with app.app_context():
        build_figures(world)
    sign_in(desktop, base_url, "canbo")
    desktop.get_by_role("link", name="Tổng quan").click()
    expect(desktop.locator("#poor-rate")).to_have_text("50,00 %")
    chart = desktop.get_by_role("img", name="Tỷ lệ hộ nghèo")
    expect(chart).to_be_visible()
    screenshot(desktop, "dashboard")

    desktop.get_by_role("link", name="Báo cáo", exact=True).click()
    desktop.get_by_label("Biểu mẫu").select_option("7.2")
    desktop.locator("form.report-chooser").get_by_label("Năm", exact=True).fill("2026")
    desktop.get_by_role("button", name="Xem báo cáo").click()
    expect(desktop.get_by_role("heading", name="Tổng hợp diễn biến hộ nghèo")).to_be_visible()
    total = desktop.locator("tfoot tr.total")
    expect(total.locator('td[data-key="end_households"]')).to_have_text("4")
    expect(desktop.get_by_role("link", name="Tải PDF")).to_be_visible()
    screenshot(desktop, "report_7_2")
