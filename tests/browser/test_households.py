"""Households in a real browser: a village head on a phone, commune staff on an office PC."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import screenshot
from tests.support.world import PASSWORD

pytestmark = pytest.mark.browser


def sign_in(page: Page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/login")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Xin chào")


def test_a_village_head_adds_a_household_from_a_phone(phone: Page, base_url: str) -> None:
    sign_in(phone, base_url, "truongthon")
    phone.get_by_role("link", name="Danh sách hộ gia đình").click()
    phone.get_by_role("searchbox").fill("giang seo pao")
    phone.get_by_role("button", name="Tìm").click()
    expect(phone.get_by_role("link", name="Giàng Seo Páo")).to_be_visible()
    expect(phone.get_by_text("Vàng Thị Mỷ")).to_have_count(0)  # another village

    phone.get_by_role("link", name="Thêm hộ").click()
    phone.get_by_label("Nơi thường trú").fill("Thôn Lô Lô Chải, Xã Lũng Cú")
    phone.get_by_label("Nơi ở hiện tại").fill("Thôn Lô Lô Chải, Xã Lũng Cú")
    row = phone.locator("fieldset.member").first
    row.get_by_label("Họ và tên").fill("Thào Mí Dính")
    row.get_by_label("Ngày sinh").fill("03/04/1979")
    row.get_by_label("Số định danh cá nhân").fill("0020790123")
    phone.get_by_role("button", name="Lưu").click()

    field = row.locator(".field", has=phone.get_by_label("Số định danh cá nhân"))
    expect(field.get_by_role("alert")).to_have_text("Số định danh cá nhân phải gồm đúng 12 chữ số.")
    expect(phone.get_by_text("Chưa lưu: hãy sửa các ô được đánh dấu bên dưới.")).to_be_visible()
    screenshot(phone, "phone-household-error")

    row.get_by_label("Số định danh cá nhân").fill("002079012345")
    phone.get_by_role("button", name="Lưu").click()
    expect(phone.get_by_text("Đã lưu hộ gia đình.")).to_be_visible()
    expect(phone.get_by_role("heading", level=1)).to_have_text(re.compile("Thào Mí Dính"))
    expect(phone.get_by_text("0020******45")).to_be_visible()
    expect(phone.get_by_text("03/04/1979")).to_be_visible()
    screenshot(phone, "phone-household-saved")


def test_commune_staff_add_a_member_and_read_the_list_in_english(desktop: Page, base_url: str) -> None:
    sign_in(desktop, base_url, "canbo")
    desktop.goto(f"{base_url}/households/")
    desktop.get_by_role("link", name="Giàng Seo Páo").click()
    desktop.get_by_role("link", name="Sửa").click()
    desktop.get_by_role("button", name="Thêm thành viên").click()
    second = desktop.locator("fieldset.member").nth(1)
    second.get_by_label("Họ và tên").fill("Giàng Thị Mai")
    second.get_by_label("Giới tính").select_option("female")
    second.get_by_label("Ngày sinh").fill("21/10/2012")
    second.get_by_label("Quan hệ với chủ hộ").select_option("child")
    second.get_by_label("Tình trạng").select_option("in_school")
    desktop.get_by_role("button", name="Lưu").click()
    expect(desktop.get_by_role("cell", name="Giàng Thị Mai")).to_be_visible()
    expect(desktop.get_by_role("cell", name="Đang đi học")).to_be_visible()

    desktop.get_by_role("button", name="English").click()
    desktop.goto(f"{base_url}/households/")
    expect(desktop.get_by_role("heading", level=1)).to_have_text("Households")
    expect(desktop.get_by_test_id("total")).to_have_text("2 households")
    screenshot(desktop, "desktop-households-en")
