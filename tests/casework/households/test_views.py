"""Creating, editing, finding and reading households as commune staff and village heads do."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from sqlalchemy import func, select

from casework.extensions import db
from casework.models import AuditEntry, Household, Member
from tests.support.world import World


def household_form(village_id: int, *members: dict[str, str], **fields: str) -> dict[str, str]:
    data = {
        "village_id": str(village_id),
        "permanent_address": "Thôn Lô Lô Chải, Xã Lũng Cú",
        "current_address": "Thôn Lô Lô Chải, Xã Lũng Cú",
        **fields,
    }
    for index, member in enumerate(members):
        row = {
            "sex": "male",
            "relationship_to_head": "head",
            "activity_status": "employed",
            "id_document_type": "cccd",
            "ethnicity_code": "08",
            "personal_id_number": "",
            "id_issue_date": "",
            "id_issuer": "",
            "legacy_id_number": "",
            **member,
        }
        data.update({f"members-{index}-{key}": value for key, value in row.items()})
    return data


HEAD = {"full_name": "  Giàng   Mí Chứ ", "birth_date": "5/3/1985", "personal_id_number": "002 085 123456"}
WIFE = {
    "full_name": "Vàng Thị Say",
    "sex": "female",
    "birth_date": "12-08-1988",
    "relationship_to_head": "spouse",
    "personal_id_number": "002188654321",
}


def count(app: Flask, model: type) -> int:
    with app.app_context():
        return db.session.execute(select(func.count()).select_from(model)).scalar_one()


def test_staff_create_a_household_and_see_it_with_masked_ids(app: Flask, world: World, login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("canbo")
    response = client.post("/households/new", data=household_form(world.ids["village_a1"], HEAD, WIFE))
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Giàng Mí Chứ" in page  # white space folded
    assert "05/03/1985" in page and "12/08/1988" in page
    assert "0020******56" in page and "002085123456" not in page
    assert "Hmông (Mông)" in page
    with app.app_context():
        stored = db.session.execute(select(Member).where(Member.full_name == "Giàng Mí Chứ")).scalar_one()
        assert b"002085123456" not in (stored.personal_id_ciphertext or b"")  # encrypted at rest
        assert stored.personal_id_lookup and "002085123456" not in stored.personal_id_lookup


def test_revealing_ids_needs_the_permission_and_is_audited(app: Flask, world: World, login_as) -> None:  # type: ignore[no-untyped-def]
    household = world.households["a1"]
    head_of_village = login_as("truongthon")
    assert "Hiện đầy đủ" not in head_of_village.get(f"/households/{household}").get_data(as_text=True)
    assert head_of_village.post(f"/households/{household}/reveal").status_code == 403
    head_of_village.post("/logout")
    staff = login_as("canbo")
    shown = staff.post(f"/households/{household}/reveal").get_data(as_text=True)
    assert "002080001001" in shown
    with app.app_context():
        actions = db.session.execute(select(AuditEntry.action, AuditEntry.subject)).all()
    assert ("personal_id_reveal", f"household:{household}") in actions


def test_bad_input_gets_vietnamese_messages_next_to_fields_and_saves_nothing(
    app: Flask, world: World, login_as
) -> None:  # type: ignore[no-untyped-def]
    client = login_as("canbo")
    before = (count(app, Household), count(app, Member))
    bad_rows = (
        {"full_name": "", "birth_date": "31/02/1990", "personal_id_number": "12345"},
        {
            "full_name": "Nguyễn " + "A" * 130,
            "birth_date": "01/01/2090",
            "relationship_to_head": "child",
            "id_issue_date": "1/1/1980",
        },
    )
    response = client.post(
        "/households/new", data=household_form(world.ids["village_a1"], *bad_rows, permanent_address="")
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    for message in (
        "Không được để trống.",
        "Ngày 31/02/1990 không tồn tại.",
        "Số định danh cá nhân phải gồm đúng 12 chữ số.",
        "Tối đa 120 ký tự.",
        "Ngày sinh không được ở tương lai.",
    ):
        assert message in page, message
    # Each message sits inside the field block of the field it is about.
    assert re.search(r'has-error">\s*<label for="members-0-personal_id_number"', page)
    assert (count(app, Household), count(app, Member)) == before


def _warned(page: str, row: int = 0) -> str:
    """The fingerprint of the warning the page showed for the row's number (empty when none was shown)."""
    found = re.search(rf'name="members-{row}-personal_id_warned" type="hidden" value="([^"]*)"', page)
    return found.group(1) if found else ""


def test_an_id_that_disagrees_with_sex_and_birth_year_must_be_rechecked(app: Flask, world: World, login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("canbo")
    wrong = {**HEAD, "personal_id_number": "002190123456"}  # digit 4 says female, digits 5-6 say 1990
    response = client.post("/households/new", data=household_form(world.ids["village_a1"], wrong))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "không khớp với giới tính" in page and "Đã kiểm tra lại số trên thẻ" in page
    assert count(app, Household) == len(world.households)
    confirmed = {**wrong, "personal_id_confirmed": "y", "personal_id_warned": _warned(page)}
    assert client.post("/households/new", data=household_form(world.ids["village_a1"], confirmed)).status_code == 302
    assert count(app, Household) == len(world.households) + 1


@pytest.mark.parametrize(
    ("number", "warning"),
    [
        ("002185123456", "không khớp với giới tính"),  # digit 4 says a woman; the head is a man
        ("002285123456", "không khớp với giới tính"),  # digit 4 says born in the 2000s; born 1985
        ("002090123456", "không khớp với năm sinh"),  # digits 5-6 say 1990; born 1985
        ("999085123456", "không phải mã tỉnh"),  # no such province code
    ],
)
def test_ticking_the_box_before_any_warning_saves_nothing(  # type: ignore[no-untyped-def]
    app: Flask, world: World, login_as, number: str, warning: str
) -> None:
    client = login_as("canbo")
    before = (count(app, Household), count(app, Member))
    ticked = {**HEAD, "personal_id_number": number, "personal_id_confirmed": "y"}
    response = client.post("/households/new", data=household_form(world.ids["village_a1"], ticked))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert warning in page and "Nếu số trên thẻ đúng như vậy" in page
    assert (count(app, Household), count(app, Member)) == before
    # A made-up acknowledgement does no better than none.
    forged = {**ticked, "personal_id_warned": "0" * 64}
    assert client.post("/households/new", data=household_form(world.ids["village_a1"], forged)).status_code == 422
    assert (count(app, Household), count(app, Member)) == before


def test_changing_the_number_after_the_warning_shows_the_new_warning(app: Flask, world: World, login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("canbo")
    first = {**HEAD, "personal_id_number": "002090123456"}  # digits 5-6 say 1990
    page = client.post("/households/new", data=household_form(world.ids["village_a1"], first)).get_data(as_text=True)
    assert "không khớp với năm sinh" in page
    other = {
        **HEAD,
        "personal_id_number": "002185123456",
        "personal_id_confirmed": "y",
        "personal_id_warned": _warned(page),
    }
    response = client.post("/households/new", data=household_form(world.ids["village_a1"], other))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "không khớp với giới tính" in page and "không khớp với năm sinh" not in page
    assert count(app, Household) == len(world.households)
    again = {**other, "personal_id_warned": _warned(page)}
    assert client.post("/households/new", data=household_form(world.ids["village_a1"], again)).status_code == 302
    with app.app_context():
        saved = db.session.execute(select(Member).order_by(Member.id.desc()).limit(1)).scalar_one()
        assert saved.personal_id_confirmed is True


def test_a_personal_id_can_belong_to_one_person_only(app: Flask, world: World, login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("canbo_b")  # the number belongs to a household in another commune
    duplicate = {**HEAD, "full_name": "Sùng Seo Páo", "birth_date": "17/05/1980", "personal_id_number": "002080001001"}
    page = client.post("/households/new", data=household_form(world.ids["village_b1"], duplicate)).get_data(
        as_text=True
    )
    assert "Số định danh này đã thuộc về một người trong hộ khác." in page
    assert "Giàng Seo Páo" not in page  # nothing said about who holds it
    twice = household_form(
        world.ids["village_b1"],
        HEAD,
        {**WIFE, "personal_id_number": HEAD["personal_id_number"], "sex": "male", "birth_date": "1/1/1985"},
    )
    page = client.post("/households/new", data=twice).get_data(as_text=True)
    assert "bị nhập trùng trong cùng hộ" in page


def test_a_household_needs_exactly_one_head(app: Flask, world: World, login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("canbo")
    two_heads = household_form(world.ids["village_a1"], HEAD, {**WIFE, "relationship_to_head": "head"})
    page = client.post("/households/new", data=two_heads).get_data(as_text=True)
    assert "Hộ phải có đúng một chủ hộ (đang có 2)." in page


def test_year_only_birth_dates_are_for_the_elderly(app: Flask, world: World, login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("canbo")
    young = {**HEAD, "birth_date": "1985", "personal_id_number": ""}
    assert "Chỉ người cao tuổi" in client.post(
        "/households/new", data=household_form(world.ids["village_a1"], young)
    ).get_data(as_text=True)
    old = {**HEAD, "birth_date": "1940", "personal_id_number": ""}
    response = client.post("/households/new", data=household_form(world.ids["village_a1"], old))
    assert response.status_code == 302
    assert ">1940<" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_editing_swaps_the_head_and_removes_a_member(app: Flask, world: World, login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("canbo")
    created = client.post("/households/new", data=household_form(world.ids["village_a1"], HEAD, WIFE))
    household_id = int(created.headers["Location"].rsplit("/", 1)[1])
    edit_page = client.get(f"/households/{household_id}/edit").get_data(as_text=True)
    assert "002085123456" not in edit_page  # the edit form never shows a stored number in clear
    ids = re.findall(r'name="members-\d-member_id" type="hidden" value="(\d+)"', edit_page)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', edit_page).group(1)
    form = household_form(
        world.ids["village_a1"],
        {**HEAD, "relationship_to_head": "spouse", "personal_id_number": "", "member_id": ids[0]},
        {**WIFE, "relationship_to_head": "head", "personal_id_number": "", "member_id": ids[1]},
        version=version,
    )
    assert client.post(f"/households/{household_id}/edit", data=form).status_code == 302
    listing = client.get("/households/?q=vang thi say").get_data(as_text=True)
    assert f'/households/{household_id}">Vàng Thị Say' in listing
    with app.app_context():
        members = db.session.get(Household, household_id).members
        assert [m.relationship_to_head.value for m in members] == ["spouse", "head"]
        assert all(m.personal_id_lookup for m in members)  # blank number fields kept the stored ones
    form["members-0-remove"] = "y"
    form["members-1-relationship_to_head"] = "head"
    form["version"] = re.search(
        r'name="version" type="hidden" value="(\d+)"',
        client.get(f"/households/{household_id}/edit").get_data(as_text=True),
    ).group(1)
    assert client.post(f"/households/{household_id}/edit", data=form).status_code == 302
    with app.app_context():
        assert [m.full_name for m in db.session.get(Household, household_id).members] == ["Vàng Thị Say"]


def test_a_stale_edit_is_refused_with_409(app: Flask, world: World, login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("canbo")
    household_id = world.households["a1"]
    edit_page = client.get(f"/households/{household_id}/edit").get_data(as_text=True)
    member_id = re.search(r'name="members-0-member_id" type="hidden" value="(\d+)"', edit_page).group(1)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', edit_page).group(1)
    row = {"full_name": "Giàng Seo Páo", "birth_date": "17/05/1980", "member_id": member_id}
    # Two people opened the same edit page; the second to save must not overwrite the first.
    first = household_form(world.ids["village_a1"], row, version=version, current_address="Địa chỉ mới 1")
    second = household_form(world.ids["village_a1"], row, version=version, current_address="Địa chỉ mới 2")
    assert client.post(f"/households/{household_id}/edit", data=first).status_code == 302
    response = client.post(f"/households/{household_id}/edit", data=second)
    assert response.status_code == 409
    assert "vừa được người khác sửa" in response.get_data(as_text=True)
    assert "Địa chỉ mới 1" in client.get(f"/households/{household_id}").get_data(as_text=True)


def test_the_add_member_button_adds_a_row_without_saving(app: Flask, world: World, login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("canbo")
    form = household_form(world.ids["village_a1"], HEAD, add_member="Thêm thành viên")
    page = client.post("/households/new", data=form).get_data(as_text=True)
    assert 'name="members-1-full_name"' in page and "Giàng   Mí Chứ" in page.replace("  Giàng", "Giàng")
    assert count(app, Household) == len(world.households)


def test_search_ignores_diacritics_and_case_and_lists_by_given_name(app: Flask, world: World, login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("admin")
    for query in ("nguyen thi dao", "NGUYỄN THỊ ĐÀO", "Dao", "đào"):
        page = client.get("/households/", query_string={"q": query}).get_data(as_text=True)
        assert "Nguyễn Thị Đào" in page, query
        assert "Giàng Seo Páo" not in page
    page = client.get("/households/").get_data(as_text=True)
    names = re.findall(r'/households/\d+">([^<]+)</a>', page)
    # Sorted by given name: Chứ, Dính, Đào, Mỷ, Páo (đ is a letter after d).
    assert names == ["Sùng Mí Chứ", "Lò Văn Dính", "Nguyễn Thị Đào", "Vàng Thị Mỷ", "Giàng Seo Páo"]


def test_the_list_pages(app: Flask, world: World, login_as) -> None:  # type: ignore[no-untyped-def]
    app.config["PAGE_SIZE"] = 2
    client = login_as("admin")
    first = client.get("/households/").get_data(as_text=True)
    third = client.get("/households/?page=3").get_data(as_text=True)
    assert "Trang 1 / 3" in first and "Trang 3 / 3" in third
    assert len(re.findall(r'/households/\d+">', first)) == 2
    assert len(re.findall(r'/households/\d+">', third)) == 1
