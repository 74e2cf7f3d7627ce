"""Excel in and out in a real browser: commune staff take the household list away as .xlsx, then
fill the import template, are told which cells are wrong, fix them and see the household listed."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from playwright.sync_api import Page, expect
from sqlalchemy import func, select

from casework import crypto
from casework.extensions import db
from casework.models import Household, Member, Village
from tests.browser.conftest import screenshot
from tests.browser.test_households import sign_in
from tests.support.world import World

pytestmark = pytest.mark.browser

MASKED_PID = re.compile(r"^\d{4}\*{6}\d{2}$")
NEW_HEAD = "Sùng Mí Lử"
NEW_SPOUSE = "Sùng Thị Dợ"


def masked(number: str) -> str:
    """What a user may see of an ID number: the first four and last two digits."""
    return f"{number[:4]}{'*' * (len(number) - 6)}{number[-2:]}"


def header_row(sheet: Worksheet, heading: str) -> tuple[int, dict[str, int]]:
    """The row holding the column headings (found by one of them) and each heading's column number."""
    for row in sheet.iter_rows():
        labels = {str(cell.value).strip(): cell.column for cell in row if isinstance(cell.value, str)}
        if heading in labels:
            return row[0].row, labels
    raise AssertionError(f"no heading row with {heading!r} in sheet {sheet.title!r}")


def table(sheet: Worksheet, heading: str, key: str) -> list[dict[str, Any]]:
    """The data rows under the headings: rows whose `key` column is filled (footers are not)."""
    top, columns = header_row(sheet, heading)
    rows = []
    for number in range(top + 1, sheet.max_row + 1):
        values = {label: sheet.cell(number, column).value for label, column in columns.items()}
        if values.get(key) not in (None, ""):
            rows.append(values)
    return rows


def stored_pids(app: Flask, world: World) -> set[str]:
    with app.app_context():
        ciphertexts = db.session.scalars(
            select(Member.personal_id_ciphertext)
            .join(Household)
            .join(Village)
            .where(Village.commune_id == world.ids["commune_a"], Member.personal_id_ciphertext.is_not(None))
        )
        return {crypto.decrypt(c) for c in ciphertexts}


def household_count_and_names(app: Flask) -> tuple[int, set[str]]:
    with app.app_context():
        count = db.session.scalar(select(func.count()).select_from(Household))
        names = set(db.session.scalars(select(Member.full_name)))
    return int(count or 0), names


def listed_heads(page: Page) -> list[str]:
    return page.locator("table.list tbody td:nth-child(2) a").all_inner_texts()


def total_households(page: Page) -> int:
    text = page.get_by_test_id("total").inner_text()
    match = re.search(r"\d+", text)
    assert match, text
    return int(match.group())


def fill_template(template: bytes, rows: list[dict[str, Any]], path: Path) -> list[int]:
    """The downloaded template with its example row replaced by `rows` (keyed by heading); the sheet rows used."""
    book = load_workbook(io.BytesIO(template))
    sheet = book["Nhập hộ"]
    top, columns = header_row(sheet, "Họ và tên")
    missing = {label for row in rows for label in row} - set(columns)
    assert not missing, f"the template has no column {missing}"
    sheet.delete_rows(top + 1, sheet.max_row - top)
    numbers = []
    for offset, row in enumerate(rows, start=1):
        for label, value in row.items():
            sheet.cell(top + offset, columns[label], value)
        numbers.append(top + offset)
    book.save(path)
    return numbers


def household_rows(*, head_name: str, head_pid: str, spouse_name: str) -> list[dict[str, Any]]:
    """One new household of two in Thôn Thèn Pả, typed as an officer fills the template (dates as text)."""
    common = {
        "Mã hộ": "1",
        "Thôn": "Thôn Thèn Pả",
        "Nơi thường trú": "Thôn Thèn Pả, xã Lũng Cú",
        "Nơi ở hiện tại": "Thôn Thèn Pả, xã Lũng Cú",
        "Dân tộc": "Mông",
        "Tình trạng việc làm, học tập": "Có việc làm",
    }
    return [
        {
            **common,
            "STT": 1,
            "Họ và tên": head_name,
            "Giới tính": "Nam",
            "Ngày sinh": "12/02/1985",
            "Quan hệ với chủ hộ": "Chủ hộ",
            "Loại giấy tờ": "CCCD",
            "Số định danh cá nhân": head_pid,
        },
        {
            **common,
            "STT": 2,
            "Họ và tên": spouse_name,
            "Giới tính": "Nữ",
            "Ngày sinh": "07/09/1988",
            "Quan hệ với chủ hộ": "Vợ/chồng",
            "Loại giấy tờ": "Chưa có giấy tờ",
        },
    ]


def test_commune_staff_export_the_household_list_with_masked_id_numbers(
    desktop: Page, base_url: str, live_app: tuple[Flask, World]
) -> None:
    app, world = live_app
    sign_in(desktop, base_url, "canbo")
    desktop.get_by_role("link", name="Hộ gia đình", exact=True).click()
    shown = listed_heads(desktop)
    assert shown, "the household list shows no household"

    desktop.get_by_role("link", name="Xuất Excel", exact=True).click()
    expect(desktop.get_by_role("heading", level=1)).to_contain_text("Xuất Excel")
    desktop.get_by_label("Mục đích xuất dữ liệu").select_option(label="Báo cáo cấp trên")
    expect(desktop.get_by_label("Ghi đầy đủ số định danh cá nhân (mặc định che bớt)")).not_to_be_checked()
    screenshot(desktop, "desktop-export-purpose")
    with desktop.expect_download() as download_info:
        desktop.get_by_role("button", name="Tải tệp .xlsx").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    book = load_workbook(io.BytesIO(download.path().read_bytes()))

    households = table(book["Hộ gia đình"], "Họ và tên chủ hộ", "Mã hộ")
    assert sorted(h["Họ và tên chủ hộ"] for h in households) == sorted(shown)
    members = table(book["Thành viên"], "Họ và tên", "Mã hộ")
    full_numbers = stored_pids(app, world)
    printed = [h["Số định danh chủ hộ"] for h in households] + [m["Số định danh cá nhân"] for m in members]
    assert all(MASKED_PID.match(str(n)) for n in printed if n), printed
    assert {n for n in printed if n} == {masked(n) for n in full_numbers}
    every_cell = {str(c) for s in book.worksheets for row in s.iter_rows(values_only=True) for c in row if c}
    assert not full_numbers & every_cell, "a full ID number left in the file without being asked for"
    footer = [c for c in every_cell if c.startswith("Người xuất:")]
    assert footer and "canbo" in footer[0] and "Báo cáo cấp trên" in footer[0]


def test_commune_staff_import_a_file_fix_its_errors_and_find_the_household(
    desktop: Page, base_url: str, live_app: tuple[Flask, World], tmp_path: Path
) -> None:
    app, _world = live_app
    sign_in(desktop, base_url, "canbo")
    desktop.get_by_role("link", name="Hộ gia đình", exact=True).click()
    households_before = total_households(desktop)

    desktop.get_by_role("link", name="Nhập, xuất Excel").click()
    expect(desktop.get_by_role("heading", level=1)).to_have_text("Nhập, xuất Excel")
    desktop.get_by_role("link", name="Nhập danh sách hộ").click()
    expect(desktop.get_by_role("heading", level=1)).to_have_text("Nhập danh sách hộ từ Excel")
    with desktop.expect_download() as download_info:
        desktop.get_by_role("link", name="Tải tệp mẫu (.xlsx)").click()
    template = download_info.value.path().read_bytes()
    guide = load_workbook(io.BytesIO(template))["Hướng dẫn"]
    assert any("Mã hộ" in str(c) for row in guide.iter_rows(values_only=True) for c in row if c)

    # A dropped digit in the head's ID number and the spouse's name left out.
    broken = tmp_path / "ho-moi-loi.xlsx"
    head_row, spouse_row = fill_template(
        template, household_rows(head_name=NEW_HEAD, head_pid="00208500123", spouse_name=""), broken
    )
    stored_before = household_count_and_names(app)
    desktop.get_by_label("Tệp danh sách (.xlsx hoặc .csv)").set_input_files(str(broken))
    desktop.get_by_label("Nhập vào").select_option(label="Xã Lũng Cú – thôn theo cột 'Thôn' trong tệp")
    desktop.get_by_role("button", name="Kiểm tra và nhập").click()

    expect(desktop.get_by_role("alert")).to_contain_text("Chưa nhập hộ nào: tệp ho-moi-loi.xlsx có 2 lỗi.")
    # The errors stand under the file field, the target chosen stays chosen: fix the file, choose it again.
    chosen = desktop.get_by_label("Nhập vào").locator("option:checked")
    expect(chosen).to_have_text("Xã Lũng Cú – thôn theo cột 'Thôn' trong tệp")
    problems = desktop.get_by_test_id("problems")
    expect(problems.get_by_role("cell", name=f"Dòng {head_row}, cột 'Số định danh cá nhân'")).to_contain_text(
        "12 chữ số"
    )
    expect(problems.get_by_role("cell", name=f"Dòng {spouse_row}, cột 'Họ và tên'")).to_have_text(
        f"Dòng {spouse_row}, cột 'Họ và tên': Không được để trống."
    )
    screenshot(desktop, "desktop-import-errors")
    assert household_count_and_names(app) == stored_before, "a file with errors wrote something"

    fixed = tmp_path / "ho-moi.xlsx"
    head_pid = "002085001234"
    rows = household_rows(head_name=NEW_HEAD, head_pid=head_pid, spouse_name=NEW_SPOUSE)
    fill_template(template, rows, fixed)
    desktop.get_by_label("Tệp danh sách (.xlsx hoặc .csv)").set_input_files(str(fixed))
    desktop.get_by_role("button", name="Kiểm tra và nhập").click()
    expect(desktop.get_by_role("status")).to_have_text(f"Đã nhập 1 hộ mới, cập nhật 0 hộ ({len(rows)} thành viên).")
    expect(desktop.get_by_test_id("problems")).to_have_count(0)
    screenshot(desktop, "desktop-import-done")

    desktop.get_by_role("link", name="Danh sách hộ").click()
    assert total_households(desktop) == households_before + 1
    desktop.get_by_role("link", name=NEW_HEAD).click()
    expect(desktop.get_by_role("heading", level=1)).to_contain_text(NEW_HEAD)
    expect(desktop.get_by_role("cell", name=NEW_SPOUSE)).to_be_visible()
    expect(desktop.get_by_text(masked(head_pid))).to_be_visible()
    expect(desktop.get_by_text("Thôn Thèn Pả").first).to_be_visible()
