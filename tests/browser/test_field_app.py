"""The field app on a phone: set a PIN, take a village offline, lose the signal, fill two surveys and a
meeting, add a member, reload with no signal (all still there once the PIN is given), then sync."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator

import pytest
from flask import Flask
from PIL import Image, ImageDraw
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from casework import clock
from casework.extensions import db
from casework.models import (
    ApiToken,
    Case,
    CaseEvent,
    Document,
    Household,
    HouseholdPhoto,
    Survey,
    SurveyStatus,
    VillageMeeting,
)
from tests.browser.conftest import ARTIFACTS, wait_until
from tests.browser.test_households import sign_in
from tests.support.cases import build_case
from tests.support.world import World, add_household

pytestmark = pytest.mark.browser

SHOTS = ARTIFACTS / "field-app"  # copies of the ones looked at: docs/screenshots/field-app/
PIN = "246810"
VIEWPORT = {"width": 390, "height": 844}
TIMEZONE = "Asia/Ho_Chi_Minh"


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    """A phone in Vietnam: its calendar day is the communes' (the server's clock.today())."""
    context = browser.new_context(
        viewport=VIEWPORT, locale="vi-VN", timezone_id=TIMEZONE, is_mobile=True, has_touch=True
    )
    yield context.new_page()
    context.close()


def dwelling_photo() -> bytes:
    image = Image.new("RGB", (2400, 1800), (150, 120, 90))
    ImageDraw.Draw(image).polygon([(400, 900), (1200, 300), (2000, 900)], fill=(90, 60, 40))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def shot(page: Page, name: str, *, full_page: bool = True) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full_page)


def fill_survey(phone: Page, head: str, *, poor: bool) -> None:
    phone.get_by_role("button", name=head).click()
    phone.get_by_role("button", name="Phiếu khảo sát").click()
    weak, strong = ("earth", "brick_stone")
    for name in ("wall", "pillar", "roof"):
        phone.locator(f"select[name={name}]").select_option(weak if poor else strong)
    phone.get_by_label("Tổng diện tích nhà ở (m²)").fill("12" if poor else "80")
    phone.get_by_label("Nguồn nước sinh hoạt chính").select_option("surface_water" if poor else "tap")
    phone.get_by_label("Loại nhà tiêu").select_option("none" if poor else "septic")
    phone.get_by_label("Điểm B1 (tổng trên phiếu giấy)").fill("90" if poor else "260")
    expected = "hộ nghèo" if poor else "hộ không nghèo"
    expect(phone.locator("#live-class")).to_have_text(expected)  # computed on the phone, no signal
    expect(phone.locator("#live-result")).to_contain_text("Kết luận")


def test_a_village_head_works_offline_and_syncs(phone: Page, base_url: str, live_app: tuple[Flask, World]) -> None:
    app, world = live_app
    with app.app_context():
        mai = add_household(world, "a1", head="Giàng Thị Mai")
        db.session.commit()
        cases = [build_case("listed", world=world, household=mai).id, build_case("listed", world=world).id]
        today = clock.today()  # the phone's entry day is the surveys' date: the meeting follows
    context = phone.context
    sign_in(phone, base_url, "truongthon")
    phone.goto(f"{base_url}/field/")
    expect(phone.get_by_role("heading", name="Đặt mã PIN")).to_be_visible()
    phone.get_by_label("Mã PIN", exact=True).fill("12")
    phone.get_by_role("button", name="Đặt mã PIN").click()
    expect(phone.locator("#pin-error")).to_have_text("Mã PIN gồm 6 đến 12 chữ số.")
    phone.get_by_label("Mã PIN", exact=True).fill(PIN)
    phone.get_by_label("Nhập lại mã PIN").fill(PIN)
    shot(phone, "01-dat-ma-pin")
    phone.get_by_role("button", name="Đặt mã PIN").click()
    expect(phone.get_by_role("heading", name="Dữ liệu trên máy")).to_be_visible()
    phone.get_by_role("button", name="Tải về để làm ngoại tuyến").click()
    expect(phone.get_by_text("Đã tải 2 hộ về máy.")).to_be_visible()
    wait_until(phone, "navigator.serviceWorker.controller !== null")

    context.set_offline(True)
    fill_survey(phone, "Giàng Thị Mai", poor=True)
    phone.get_by_label("Loại nhà tiêu").scroll_into_view_if_needed()
    shot(phone, "03-phieu-khao-sat", full_page=False)  # what the phone shows: the class follows the answers
    phone.locator("#live-result").scroll_into_view_if_needed()
    shot(phone, "03b-ly-do", full_page=False)
    phone.get_by_role("button", name="Lưu phiếu").click()
    expect(phone.get_by_text("Đã lưu phiếu trên máy")).to_be_visible()
    fill_survey(phone, "Giàng Seo Páo", poor=False)
    phone.get_by_role("button", name="Lưu phiếu").click()
    shot(phone, "02-thon-ngoai-tuyen")

    phone.get_by_role("button", name="Ghi kết quả họp dân").click()
    phone.get_by_label("Ngày họp").fill("31/02/2026")
    phone.get_by_role("button", name="Lưu kết quả họp").click()
    expect(phone.locator("#held_on-error")).to_have_text("Ngày viết dạng dd/mm/yyyy, ví dụ 05/03/1980.")
    phone.get_by_label("Ngày họp").fill(today.strftime("%d/%m/%Y"))
    phone.get_by_label("Giờ bắt đầu").fill("08:00")
    phone.get_by_label("Giờ kết thúc").fill("10:00")
    phone.get_by_label("Địa điểm").fill("Nhà văn hoá thôn")
    phone.get_by_label("Chủ trì (trưởng thôn)").fill("Giàng Seo Páo")
    phone.get_by_label("Thư ký").fill("Lò Thị Mai")
    for category, count in (
        ("Trưởng thôn (tổ trưởng tổ dân phố)", "1"),
        ("Công chức phụ trách công tác giảm nghèo cấp xã", "1"),
        ("Đại diện các hộ gia đình được rà soát", "2"),
        ("Đại diện các hộ gia đình khác", "16"),
    ):
        phone.get_by_label(category).fill(count)
    votes = phone.locator("fieldset.vote")
    expect(votes).to_have_count(2)
    votes.nth(0).get_by_label("Đồng ý", exact=True).fill("18")
    votes.nth(0).get_by_label("Không đồng ý").fill("5")
    phone.get_by_role("button", name="Lưu kết quả họp").click()
    expect(votes.nth(0).locator(".field-error")).to_have_text("Tổng số phiếu (23) vượt số người dự họp (20).")
    votes.nth(0).get_by_label("Không đồng ý").fill("2")
    votes.nth(1).get_by_label("Đồng ý", exact=True).fill("20")
    shot(phone, "04-hop-dan")
    phone.get_by_role("button", name="Lưu kết quả họp").click()
    expect(phone.get_by_text("Đã lưu kết quả họp trên máy")).to_be_visible()

    phone.get_by_role("button", name="Giàng Seo Páo").click()
    phone.get_by_label("Họ và tên").fill("Giàng Thị Dua")
    phone.get_by_label("Giới tính").select_option("female")
    phone.get_by_label("Ngày sinh").fill("03/04/2015")
    phone.get_by_label("Quan hệ với chủ hộ").select_option("child")
    phone.get_by_label("Tình trạng hoạt động").select_option("in_school")
    phone.get_by_role("button", name="Thêm thành viên").click()
    expect(phone.get_by_text("Đã thêm Giàng Thị Dua")).to_be_visible()
    expect(phone.locator("#waiting")).to_have_text("4 thay đổi đang chờ gửi")
    # A photo of the dwelling, shrunk on the phone, with the GPS position the household agreed to.
    context.grant_permissions(["geolocation"])
    context.set_geolocation({"latitude": 23.3631, "longitude": 105.3160, "accuracy": 12})
    phone.get_by_label("Chụp hoặc chọn ảnh nhà ở").set_input_files(
        {"name": "nha.png", "mimeType": "image/png", "buffer": dwelling_photo()}
    )
    phone.get_by_label("Hộ đồng ý ghi vị trí GPS kèm ảnh").check()
    phone.get_by_role("button", name="Lưu ảnh").click()
    expect(phone.locator(".photos figcaption")).to_have_text("Vị trí 23.36310, 105.31600 (sai số 12 m)")
    size = phone.locator(".photos img").evaluate("img => [img.naturalWidth, img.naturalHeight]")
    assert size == [1280, 960]  # 2400 × 1800 shrunk on the phone
    expect(phone.locator("#waiting")).to_have_text("5 thay đổi đang chờ gửi")
    shot(phone, "05-ho-gia-dinh")

    phone.reload()  # still no signal: the shell comes from the service worker, the data from IndexedDB
    expect(phone.get_by_role("heading", name="Nhập mã PIN")).to_be_visible()
    phone.get_by_label("Mã PIN", exact=True).fill("000000")
    phone.get_by_role("button", name="Mở").click()
    expect(phone.locator("#pin-error")).to_contain_text("Mã PIN không đúng. Còn 9 lần thử")
    phone.get_by_label("Mã PIN", exact=True).fill(PIN)
    phone.get_by_role("button", name="Mở").click()
    expect(phone.locator("#waiting")).to_have_text("5 thay đổi đang chờ gửi")
    phone.locator("button.row").first.click()
    expect(phone.locator(".badge.class-poor")).to_have_text("hộ nghèo")
    shot(phone, "06-sau-khi-tai-lai")

    phone.get_by_role("button", name="‹ Quay lại").click()
    context.set_offline(False)  # the signal returns: the app syncs by itself
    expect(phone.locator("#message")).to_have_text("Đã gửi 5 thay đổi.")
    expect(phone.locator("#waiting")).to_have_text("0 thay đổi đang chờ gửi")
    shot(phone, "07-dong-bo")
    phone.locator("button.row").first.click()  # the village, then a household: what the commune now has
    phone.get_by_role("button", name="Giàng Thị Mai").click()
    expect(phone.locator("#server-result")).to_contain_text("Xã đã nhận phiếu khảo sát lúc")
    expect(phone.locator("#server-result")).to_contain_text(": hộ nghèo.")
    with app.app_context():
        household = db.session.execute(select(Household).where(Household.id == world.households["a1"])).scalar_one()
        assert "Giàng Thị Dua" in [member.full_name for member in household.members]
        surveys = db.session.execute(select(Survey)).scalars().all()
        assert sorted((s.case_id, s.status) for s in surveys) == sorted((c, SurveyStatus.COMPLETED) for c in cases)
        assert {s.reference_date for s in surveys} == {today}  # the day typed on the phone
        sheets = db.session.execute(select(Document).where(Document.kind == "survey_record")).scalars().all()
        assert sorted(sheet.case_id for sheet in sheets) == sorted(cases)
        meeting = db.session.execute(select(VillageMeeting)).scalar_one()
        assert meeting.held_on == today and meeting.attendee_count == 20 and meeting.attendance["village_head"] == 1
        assert sorted(vote.case_id for vote in meeting.votes) == sorted(cases)
        minutes = db.session.get(Document, meeting.document_id)
        assert minutes is not None and minutes.kind == "meeting_minutes" and minutes.content.startswith(b"%PDF-")
        assert {db.session.get(Case, case).state for case in cases} != {"listed", "surveyed"}
        photo = db.session.execute(select(HouseholdPhoto)).scalar_one()
        assert photo.household_id == world.households["a1"] and photo.content.startswith(b"\xff\xd8\xff")
        assert (photo.latitude, photo.longitude, photo.accuracy_m) == (23.3631, 105.316, 12)
        assert photo.entered_offline and photo.gps_consent


def open_field_app(page: Page, base_url: str, username: str) -> None:
    sign_in(page, base_url, username)
    page.goto(f"{base_url}/field/")
    page.get_by_label("Mã PIN", exact=True).fill(PIN)
    page.get_by_label("Nhập lại mã PIN").fill(PIN)
    page.get_by_role("button", name="Đặt mã PIN").click()
    page.get_by_role("button", name="Tải về để làm ngoại tuyến").click()
    expect(page.get_by_text("Đã tải 1 hộ về máy.")).to_be_visible()


def add_member_offline(page: Page, name: str, born: str) -> None:
    page.get_by_role("button", name="Giàng Seo Páo").click()
    page.get_by_label("Họ và tên").fill(name)
    page.get_by_label("Ngày sinh").fill(born)
    page.get_by_label("Quan hệ với chủ hộ").select_option("child")
    page.get_by_role("button", name="Thêm thành viên").click()
    expect(page.get_by_text(f"Đã thêm {name}")).to_be_visible()
    page.get_by_role("button", name="‹ Quay lại").click()
    page.get_by_role("button", name="‹ Quay lại").click()


def test_the_same_household_edited_on_two_phones_shows_the_conflict_and_loses_nothing(
    browser: Browser, phone: Page, base_url: str, live_app: tuple[Flask, World]
) -> None:
    app, world = live_app
    other = browser.new_context(viewport=VIEWPORT, locale="vi-VN", timezone_id=TIMEZONE, is_mobile=True, has_touch=True)
    second = other.new_page()
    try:
        open_field_app(phone, base_url, "truongthon")
        open_field_app(second, base_url, "canbo")
        phone.context.set_offline(True)
        other.set_offline(True)
        add_member_offline(phone, "Giàng Thị Say", "05/06/2016")
        add_member_offline(second, "Giàng A Lử", "1950")

        phone.context.set_offline(False)  # each phone syncs as its signal returns
        expect(phone.locator("#message")).to_have_text("Đã gửi 1 thay đổi.")

        other.set_offline(False)
        expect(second.get_by_role("heading", name="Thay đổi trùng nhau")).to_be_visible()
        rows = second.locator("form.conflict tbody tr")
        expect(rows).to_have_count(2)
        expect(rows.nth(0)).to_contain_text("Giàng A Lử (1950)")  # typed on this phone
        expect(rows.nth(1)).to_contain_text("Giàng Thị Say (2016)")  # sent meanwhile by the other phone
        shot(second, "08-xung-dot")
        second.get_by_role("button", name="Giữ các lựa chọn và gửi lại").click()
        expect(second.locator("#message")).to_have_text("Đã gửi 1 thay đổi.")
    finally:
        other.close()
    with app.app_context():
        household = db.session.get(Household, world.households["a1"])
        assert household is not None
        names = sorted(member.full_name for member in household.members)
    assert names == ["Giàng A Lử", "Giàng Seo Páo", "Giàng Thị Say"]


def test_the_phone_forgets_its_data_after_the_configured_days_and_on_sign_out(
    phone: Page, base_url: str, live_app: tuple[Flask, World]
) -> None:
    open_field_app(phone, base_url, "truongthon")
    eight_days_ago = (
        "import('/static/field/store.js').then((s) => s.setMeta('last_contact', Date.now() - 8 * 86400000))"
    )
    phone.evaluate(eight_days_ago)  # the server's setting is 7 days
    phone.reload()
    expect(phone.locator("#message")).to_have_text(
        "Dữ liệu trên máy đã quá hạn lưu giữ nên đã được xoá. Hãy tải lại khi có sóng."
    )
    expect(phone.get_by_role("heading", name="Đặt mã PIN")).to_be_visible()  # a new PIN, an empty store

    phone.get_by_label("Mã PIN", exact=True).fill(PIN)
    phone.get_by_label("Nhập lại mã PIN").fill(PIN)
    phone.get_by_role("button", name="Đặt mã PIN").click()
    expect(phone.get_by_text("Chưa có thôn nào trên máy.")).to_be_visible()
    phone.get_by_role("button", name="Tải về để làm ngoại tuyến").click()
    expect(phone.get_by_text("Đã tải 1 hộ về máy.")).to_be_visible()
    phone.get_by_role("button", name="‹ Quay lại").click()
    phone.get_by_role("button", name="Đăng xuất và xoá dữ liệu trên máy").click()
    expect(phone.get_by_text("Bạn đã đăng xuất (trên mọi thiết bị).")).to_be_visible()
    assert phone.evaluate("indexedDB.databases().then((found) => found.map((db) => db.name))") == []
    with live_app[0].app_context():  # the token the phone held no longer works (the wiped one's ran out with its data)
        held = db.session.execute(select(ApiToken).order_by(ApiToken.id.desc())).scalars().first()
        assert held is not None and held.revoked_at is not None


def test_minutes_typed_days_after_the_meeting_ask_for_the_late_reason_the_commune_requires(
    phone: Page, base_url: str, live_app: tuple[Flask, World]
) -> None:
    """The village head surveys on the phone one day and types the meeting's minutes the next: the meeting's
    day is then a past one, so the form offers "Lý do nhập bù". Left empty, the server refuses the meeting
    (the commune allows no day of grace) and the phone says why; given, the corrected meeting replaces the
    refused one in the outbox and goes through."""
    app, world = live_app
    with app.app_context():
        case = build_case("listed", world=world).id
        today = clock.today()
    yesterday = today - dt.timedelta(days=1)
    phone.clock.install(time=dt.datetime.combine(yesterday, dt.time(9, 0)))
    open_field_app(phone, base_url, "truongthon")
    phone.context.set_offline(True)
    fill_survey(phone, "Giàng Seo Páo", poor=True)
    phone.get_by_role("button", name="Lưu phiếu").click()
    expect(phone.get_by_text("Đã lưu phiếu trên máy")).to_be_visible()

    phone.clock.set_system_time(dt.datetime.combine(today, dt.time(9, 0)))  # the next day, minutes in hand
    phone.get_by_role("button", name="Ghi kết quả họp dân").click()
    late_reason = phone.get_by_label("Lý do nhập bù")
    phone.get_by_label("Ngày họp").fill(today.strftime("%d/%m/%Y"))
    expect(late_reason).to_be_hidden()  # typed on the day of the meeting: nothing to explain
    phone.get_by_label("Ngày họp").fill(yesterday.strftime("%d/%m/%Y"))
    expect(late_reason).to_be_visible()
    phone.get_by_label("Giờ bắt đầu").fill("08:00")
    phone.get_by_label("Giờ kết thúc").fill("09:30")
    phone.get_by_label("Địa điểm").fill("Nhà văn hoá thôn")
    phone.get_by_label("Chủ trì (trưởng thôn)").fill("Giàng Seo Páo")
    phone.get_by_label("Thư ký").fill("Lò Thị Mai")
    phone.get_by_label("Đại diện các hộ gia đình khác").fill("12")
    phone.locator("fieldset.vote").get_by_label("Đồng ý", exact=True).fill("12")
    phone.get_by_role("button", name="Lưu kết quả họp").click()
    expect(phone.get_by_text("Đã lưu kết quả họp trên máy")).to_be_visible()
    phone.get_by_role("button", name="‹ Quay lại").click()

    phone.context.set_offline(False)
    expect(phone.locator("#message")).to_have_text(
        "Đã gửi 1 thay đổi; 1 thay đổi chưa gửi được và vẫn được giữ trên máy."
    )
    phone.get_by_text("Các thay đổi đang chờ gửi").click()
    expect(phone.locator(".outbox li")).to_contain_text("phải ghi lý do nhập bù")

    phone.locator("button.row").first.click()  # the village
    phone.get_by_role("button", name="Ghi kết quả họp dân").click()
    expect(phone.get_by_label("Ngày họp")).to_have_value(yesterday.strftime("%d/%m/%Y"))  # as saved
    phone.get_by_label("Lý do nhập bù").fill("Họp trên giấy, điện thoại hết pin nên hôm sau mới nhập.")
    phone.get_by_role("button", name="Lưu kết quả họp").click()
    expect(phone.get_by_text("Đã lưu kết quả họp trên máy")).to_be_visible()
    phone.get_by_role("button", name="‹ Quay lại").click()
    expect(phone.locator("#waiting")).to_have_text("1 thay đổi đang chờ gửi")  # replaced, not added
    phone.get_by_role("button", name="Đồng bộ ngay").click()
    expect(phone.locator("#message")).to_have_text("Đã gửi 1 thay đổi.")
    with app.app_context():
        meeting = db.session.execute(select(VillageMeeting)).scalar_one()
        assert meeting.held_on == yesterday and [vote.case_id for vote in meeting.votes] == [case]
        held = db.session.execute(
            select(CaseEvent).where(CaseEvent.case_id == case, CaseEvent.effective_on == yesterday)
        ).scalars()
        assert any(event.late_reason and "hết pin" in event.late_reason for event in held)
