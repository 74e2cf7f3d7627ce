"""The village head records the meeting on a phone: numbers per category, one row per household with
agree / disagree / abstain; counts above the attendance are refused beside the field, then recorded."""

from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from tests.browser.conftest import screenshot
from tests.browser.test_households import sign_in
from tests.support.cases import build_case
from tests.support.clock import Clock
from tests.support.world import World

pytestmark = pytest.mark.browser


def test_a_village_head_records_the_meeting_from_a_phone(
    phone: Page, base_url: str, live_app: tuple[Flask, World], clock: Clock
) -> None:
    clock.set(dt.date(2026, 10, 20))
    app, world = live_app
    with app.app_context():
        created = build_case("surveyed", world=world, case_type="regular_review")
    sign_in(phone, base_url, "truongthon")
    phone.goto(f"{base_url}/cases/{created.id}")
    phone.get_by_role("link", name="Ghi kết quả họp dân: thống nhất").click()
    phone.get_by_label("Giờ bắt đầu").fill("08:00")
    phone.get_by_label("Giờ kết thúc").fill("10:00")
    phone.get_by_label("Thư ký").fill("Lò Thị Mai")
    phone.get_by_label("Đại diện MTTQ giám sát (cách nhau bởi dấu phẩy)").fill("Hầu Thị Say")
    phone.get_by_label("Công chức phụ trách công tác giảm nghèo cấp xã", exact=True).fill("1")
    phone.get_by_label("Đại diện các hộ gia đình khác", exact=True).fill("23")
    expect(phone.locator("#attendee-total")).to_have_text("25")  # follows the numbers as they are typed
    phone.locator("input[name=votes-0-agree_count]").fill("15")
    phone.locator("input[name=votes-0-disagree_count]").fill("8")
    phone.locator("input[name=votes-0-abstain_count]").fill("3")
    phone.get_by_label("Ý kiến của đại diện MTTQ giám sát").fill("Cuộc họp dân chủ, đúng quy trình.")
    phone.get_by_role("button", name="Ghi kết quả họp và lập biên bản").click()

    # 1 + 1 + 23 = 25 attend; 15 + 8 + 3 = 26 votes: refused beside the household's count.
    expect(phone.get_by_text("Tổng số người dự họp: 25")).to_be_visible()
    error = phone.locator(".vote-row .field.has-error").first
    expect(error).to_contain_text("cộng lại (26) nhiều hơn số người dự họp (25).")
    screenshot(phone, "phone-meeting-refused")

    phone.locator("input[name=votes-0-abstain_count]").fill("2")
    phone.get_by_role("button", name="Ghi kết quả họp và lập biên bản").click()
    expect(phone.get_by_text("Đã ghi kết quả họp dân.")).to_be_visible()
    expect(phone.get_by_role("cell", name="15/25")).to_be_visible()
    expect(phone.get_by_text("Cuộc họp dân chủ, đúng quy trình.")).to_be_visible()
    screenshot(phone, "phone-meeting-recorded")
