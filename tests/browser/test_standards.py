"""A commune officer opens a campaign under the 2027-2030 standard in a province with its own standard;
a surveyor classifies a household by its income alone; a province officer reads the lists under either
standard. Screenshots in tests/.artifacts/ (standard-*.png)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from casework.cycles import standards
from casework.extensions import db
from casework.models import AdminUnit
from tests.browser.conftest import screenshot
from tests.browser.test_households import sign_in
from tests.casework.surveys.test_local_2027 import EXAMPLE
from tests.support.world import World

pytestmark = pytest.mark.browser


@pytest.fixture
def province_standard(live_app: tuple[Flask, World], tmp_path: Path, monkeypatch) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """Bắc Ninh's 2022 standard, and an example 2027-2030 file added beside it (none is issued yet)."""
    for shipped in standards.local_files():
        shutil.copy(shipped, tmp_path / shipped.name)
    shutil.copy(EXAMPLE, tmp_path / "bac_ninh_2027.toml")
    monkeypatch.setattr(standards, "LOCAL_STANDARDS_DIR", tmp_path)
    app, world = live_app
    with app.app_context():
        province = db.session.get_one(AdminUnit, world.ids["province"])
        province.settings = {**(province.settings or {}), "local_standard": "bac_ninh_2022"}
        db.session.commit()
    yield


def test_a_2027_campaign_with_a_local_standard(
    province_standard: None, desktop: Page, phone: Page, base_url: str
) -> None:
    sign_in(desktop, base_url, "canbo")
    desktop.goto(f"{base_url}/runs/new")
    desktop.get_by_label("Chuẩn nghèo áp dụng").select_option(label="Chuẩn nghèo đa chiều quốc gia giai đoạn 2027-2030")
    desktop.get_by_role("button", name="Mở đợt và lập danh sách hộ cần rà soát").click()
    standard = desktop.locator("#run-standard")
    expect(standard).to_contain_text("Chuẩn nghèo đa chiều quốc gia giai đoạn 2027-2030")
    expect(standard).to_contain_text("Chuẩn nghèo của tỉnh Bắc Ninh giai đoạn 2027-2030 (mức tạm tính)")
    desktop.locator("#run-standard-unverified summary").click()
    expect(desktop.locator("#run-standard-unverified")).to_contain_text("danh mục dịch vụ viễn thông, dịch vụ số")
    screenshot(desktop, "standard-campaign")
    campaign = desktop.url

    sign_in(phone, base_url, "rasoat")
    phone.goto(f"{base_url}/households/?q=pao")
    phone.get_by_role("link", name="Giàng Seo Páo").click()
    phone.get_by_role("link", name="Điền phiếu rà soát").click()
    year = phone.get_by_label("Năm áp dụng chuẩn nghèo")
    year.fill("2027")
    year.dispatch_event("change")
    expect(phone.locator("#path-notice")).to_contain_text("chưa có bảng điểm B1 chính thức")
    expect(phone.get_by_text("Chưa hoàn thành được")).to_have_count(0)  # nothing is wrong with a new form
    screenshot(phone, "standard-survey-2027-year")
    crops = phone.get_by_label("Trồng trọt")
    crops.fill("30.000.000")  # 2.500.000 đ a month: above the national line, under the province's
    crops.dispatch_event("change")
    live = phone.locator("#live-result")
    expect(live).to_contain_text("Hộ không nghèo")
    phone.get_by_role("button", name="Hoàn thành phiếu").click()
    # Above the national line but under the province's: the local class needs Phiếu B's deprivations.
    expect(phone.get_by_text("Chưa hoàn thành được: hãy trả lời các ô được đánh dấu.")).to_be_visible()
    screenshot(phone, "standard-survey-2027-asks-phieu-b")
    phone.get_by_label("Tường nhà làm bằng").select_option("brick_stone")
    phone.get_by_label("Cột (khung) nhà làm bằng").select_option("reinforced_concrete")
    phone.get_by_label("Mái nhà làm bằng").select_option("tile")
    phone.get_by_label("Tổng diện tích nhà ở (m²)").fill("40")
    phone.get_by_label("Nguồn nước sinh hoạt chính").select_option("tap")
    phone.get_by_label("Loại nhà tiêu").select_option("septic")
    phone.get_by_label("Xử lý rác thải sinh hoạt").select_option("collected")
    phone.locator("fieldset.member").first.get_by_label("Việc làm").select_option("self_employed")
    phone.get_by_role("button", name="Hoàn thành phiếu").click()
    expect(phone.get_by_text("Đã hoàn thành phiếu rà soát.")).to_be_visible()
    expect(phone.get_by_text("Xếp loại thêm theo Chuẩn nghèo của tỉnh Bắc Ninh giai đoạn 2027-2030")).to_be_visible()
    screenshot(phone, "standard-survey-2027-done")
    phone.get_by_role("link", name="Về hộ gia đình").click()
    expect(phone.locator("td.local-class").first).to_have_text("Hộ cận nghèo")
    expect(phone.locator("#household-unverified")).to_be_visible()
    screenshot(phone, "standard-household")

    desktop.goto(campaign)
    desktop.locator("form[action='/logout'] button").click()
    sign_in(desktop, base_url, "tinh")  # a province officer
    desktop.goto(campaign)
    desktop.get_by_role("link", name="theo chuẩn của tỉnh").click()
    expect(desktop.locator("#standard-list-standard")).to_contain_text(
        "Chuẩn nghèo của tỉnh Bắc Ninh giai đoạn 2027-2030"
    )
    screenshot(desktop, "standard-list-local")
