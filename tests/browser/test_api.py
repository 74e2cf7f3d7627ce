"""The API in a real browser: an officer makes a token on the profile page, then the documentation page
(Swagger UI from the repo's own files) calls the API with it and shows the answer."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import screenshot
from tests.browser.test_households import sign_in

pytestmark = pytest.mark.browser


def test_a_token_from_the_profile_page_works_in_the_documentation(desktop: Page, base_url: str) -> None:
    outside: list[str] = []
    desktop.on("request", lambda r: None if r.url.startswith(base_url) else outside.append(r.url))
    sign_in(desktop, base_url, "canbo")
    desktop.get_by_role("link", name="Mã truy cập API").click()
    desktop.get_by_label("Tên gợi nhớ (dùng cho việc gì)").fill("Ứng dụng thu thập")
    desktop.get_by_label("Hộ gia đình và thành viên").check()
    desktop.get_by_role("button", name="Tạo mã").click()
    secret = desktop.locator("#new-token").inner_text()
    assert re.fullmatch(r"rasoat_[A-Za-z0-9_-]{40,}", secret)
    screenshot(desktop, "desktop-api-token")
    expect(desktop.get_by_role("cell", name="Ứng dụng thu thập")).to_be_visible()

    desktop.get_by_role("link", name="Tài liệu API").click()
    expect(desktop.get_by_role("heading", name=re.compile("Rà soát hộ nghèo"))).to_be_visible()
    desktop.get_by_role("button", name="Authorize").first.click()
    desktop.locator(".modal-ux input").fill(secret)
    desktop.locator(".modal-ux .auth.authorize").click()
    desktop.locator(".modal-ux .btn-done").click()
    operation = desktop.locator("#operations-households-list_households")
    operation.locator(".opblock-summary").click()
    operation.get_by_role("button", name="Try it out").click()
    operation.get_by_role("button", name="Execute").click()
    expect(operation.locator(".live-responses-table tbody .response-col_status").first).to_have_text("200")
    expect(operation.locator(".live-responses-table .microlight").first).to_contain_text("next_cursor")
    screenshot(desktop, "desktop-api-docs")
    assert outside == []  # every asset from the server itself, no CDN
