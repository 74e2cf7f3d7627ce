"""A failed village meeting sends the household back to the surveyor, who re-surveys it from the case;
the next meeting passes it."""

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


def record_meeting(page: Page, agree: str) -> None:
    page.get_by_label("Ngày họp").fill("20/10/2026")
    page.get_by_label("Giờ bắt đầu").fill("08:00")
    page.get_by_label("Giờ kết thúc").fill("10:00")
    page.get_by_label("Địa điểm").fill("Nhà văn hóa thôn Lô Lô Chải")
    page.get_by_label("Chủ trì (trưởng thôn)").fill("Thào Seo Sính")
    page.get_by_label("Thư ký").fill("Lò Thị Mai")
    # 30 people: the village head and 29 other households; the household's agree / disagree / abstain.
    page.get_by_label("Trưởng thôn (tổ trưởng tổ dân phố)", exact=True).fill("1")
    page.get_by_label("Đại diện các hộ gia đình khác", exact=True).fill("29")
    expect(page.get_by_text("Tổng số người dự họp")).to_be_visible()
    page.locator("input[name=votes-0-agree_count]").fill(agree)
    page.locator("input[name=votes-0-disagree_count]").fill(str(30 - int(agree) - 2))
    page.locator("input[name=votes-0-abstain_count]").fill("2")
    page.get_by_role("button", name="Ghi kết quả họp và lập biên bản").click()


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Đăng xuất").click()


def test_failed_meeting_resurvey_from_the_case_then_the_meeting_passes(
    desktop: Page, base_url: str, live_app: tuple[Flask, World], clock: Clock
) -> None:
    clock.set(dt.date(2026, 10, 20))
    app, world = live_app
    with app.app_context():
        case_id = build_case("surveyed", world=world, case_type="regular_review").id
    case_url = f"{base_url}/cases/{case_id}"

    sign_in(desktop, base_url, "truongthon")
    desktop.goto(case_url)
    desktop.get_by_role("link", name="Ghi kết quả họp dân: thống nhất").click()
    record_meeting(desktop, "12")  # 12 of 30: below half
    expect(desktop.get_by_text("Không thông qua").first).to_be_visible()
    desktop.goto(case_url)
    expect(desktop.locator(".state-badge").first).to_have_text("Cần khảo sát lại")
    sign_out(desktop)

    sign_in(desktop, base_url, "rasoat")
    desktop.goto(f"{base_url}/cases/queue")
    row = desktop.locator("tr", has=desktop.get_by_role("link", name=f"#{case_id}", exact=True))
    expect(row).to_contain_text("Cần khảo sát lại")
    expect(row).to_contain_text("Khảo sát lại")
    row.get_by_role("link", name=f"#{case_id}", exact=True).click()
    desktop.get_by_role("link", name="Khảo sát lại", exact=True).click()
    expect(desktop.locator("#survey-case")).to_contain_text(f"#{case_id}")
    desktop.get_by_label("Tường nhà làm bằng").select_option("earth")
    desktop.get_by_label("Cột (khung) nhà làm bằng").select_option("bamboo")
    desktop.get_by_label("Mái nhà làm bằng").select_option("thatch_leaves")
    desktop.get_by_label("Tổng diện tích nhà ở (m²)").fill("6")
    desktop.get_by_label("Nguồn nước sinh hoạt chính").select_option("surface_water")
    desktop.get_by_label("Loại nhà tiêu").select_option("none")
    desktop.locator("#hears_loudspeaker").get_by_label("Không").check()
    desktop.locator("fieldset.member").first.get_by_label("Việc làm").select_option("self_employed")
    desktop.get_by_label("Điểm B1 (tổng trên phiếu giấy)").fill("118")
    desktop.get_by_role("button", name="Hoàn thành phiếu").click()
    expect(desktop.get_by_text("Đã hoàn thành phiếu rà soát và cập nhật hồ sơ.")).to_be_visible()
    expect(desktop.locator(".state-badge").first).to_have_text("Đã khảo sát, phân loại")
    expect(desktop.locator("ol.timeline")).to_contain_text("Khảo sát lại")
    sign_out(desktop)

    sign_in(desktop, base_url, "truongthon")
    desktop.goto(case_url)
    desktop.get_by_role("link", name="Ghi kết quả họp dân: thống nhất").click()
    record_meeting(desktop, "16")  # 16 of 30
    desktop.goto(case_url)
    expect(desktop.locator(".state-badge").first).to_have_text("Họp dân đã thống nhất")
    screenshot(desktop, "desktop-resurvey-passed")
