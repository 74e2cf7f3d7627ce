"""A posting cannot close early: the page says from which day it can, and closes it on that day."""

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


def test_a_posting_cannot_close_before_its_period_has_passed(
    desktop: Page, base_url: str, live_app: tuple[Flask, World], clock: Clock
) -> None:
    app, world = live_app
    with app.app_context():
        created = build_case("meeting_passed", world=world)
    clock.set(dt.date(2026, 10, 5))  # Monday
    sign_in(desktop, base_url, "canbo")
    desktop.goto(f"{base_url}/runs/{created.run_id}/postings/new?village={world.ids['village_a1']}")
    desktop.get_by_label("Ngày bắt đầu niêm yết").fill("02/10/2026")  # before it is recorded
    desktop.get_by_role("button", name="Tính ngày kết thúc").click()
    expect(desktop.locator(".has-error").get_by_text("sớm nhất là ngày 05/10/2026")).to_be_visible()

    desktop.get_by_label("Ngày bắt đầu niêm yết").fill("05/10/2026")
    desktop.get_by_role("button", name="Tính ngày kết thúc").click()
    desktop.get_by_role("button", name="Xác nhận niêm yết").click()
    expect(desktop.get_by_text("Đã niêm yết 1 hộ đến hết ngày 08/10/2026.")).to_be_visible()

    # On its last day the posting cannot close: the button is disabled and says from when it can.
    clock.set(dt.date(2026, 10, 8))
    desktop.reload()
    close = desktop.get_by_role("button", name="Kết thúc niêm yết")
    expect(close).to_be_disabled()
    expect(desktop.get_by_text("Chưa hết thời gian niêm yết: kết thúc được từ ngày 09/10/2026.")).to_be_visible()
    screenshot(desktop, "desktop-posting-not-yet")

    clock.set(dt.date(2026, 10, 9))
    desktop.reload()
    expect(close).to_be_enabled()
    close.click()
    expect(desktop.get_by_text("Đã kết thúc niêm yết cho 1 hộ.")).to_be_visible()
    expect(desktop.get_by_text("Đã kết thúc ngày 09/10/2026")).to_be_visible()
