"""Households come in from .xlsx and .csv: every row checked, errors by row and column, nothing half-written."""

from __future__ import annotations

import io
import tomllib

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from casework.exchange.legacy import DATA as LEGACY_TABLES
from casework.extensions import db
from casework.models import AuditEntry, Household, Job, Member
from tests.casework.exchange.helpers import PURPOSE, member_file, open_xlsx, person, table
from tests.support.world import World


def _upload(client: FlaskClient, content: bytes, target: str, *, name: str = "ho.xlsx", valid_only: bool = False):  # type: ignore[no-untyped-def]
    data = {"file": (io.BytesIO(content), name), "target": target}
    if valid_only:
        data["valid_only"] = "y"
    return client.post("/exchange/import", data=data, content_type="multipart/form-data")


def _count(app: Flask, model=Household) -> int:  # type: ignore[no-untyped-def]
    with app.app_context():
        return db.session.execute(select(func.count()).select_from(model)).scalar_one()


def _signed_in(app: Flask, username: str) -> FlaskClient:
    client = app.test_client()
    response = client.post("/login", data={"username": username, "password": "mat-khau-thu-nghiem"})
    assert response.status_code == 302
    return client


def _commune(world: World) -> str:
    return f"c:{world.ids['commune_a']}"


def _village(world: World, key: str = "a1") -> str:
    return f"v:{world.ids[f'village_{key}']}"


GOOD = [
    person("1", "Hoàng Văn Tú", **{"Số định danh cá nhân": "002080111111"}),
    person(
        "1",
        "Lý Thị Hoa",
        **{
            "Giới tính": "Nữ",
            "Quan hệ với chủ hộ": "Vợ/chồng",
            "Ngày sinh": "02/02/1982",
            "Số định danh cá nhân": "002182222222",
            "Dân tộc": "Mông",
        },
    ),
    person("2", "Sùng Seo Lử", **{"Thôn": "Thôn Thèn Pả", "Nơi thường trú": "Thôn Thèn Pả", "Ngày sinh": "1950"}),
]


def test_template_download(app: Flask, world: World, login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("canbo")
    response = client.get("/exchange/import/template")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    book = open_xlsx(response.data)
    assert book.sheetnames == ["Nhập hộ", "Hướng dẫn", "Dân tộc"]
    rows = table(book["Nhập hộ"])
    assert len(rows) == 1 and rows[0]["Họ và tên"] == "Giàng Mí Sính"
    lists = {v.formula1 for v in book["Nhập hộ"].data_validations.dataValidation}
    assert '"Nam,Nữ"' in lists
    assert any("Chủ hộ" in f for f in lists)
    assert any("Unikey" in (r["Hướng dẫn"] or "") for r in table(book["Hướng dẫn"], "TT"))
    assert _signed_in(app, "rasoat").get("/exchange/import/template").status_code == 403


def test_import_creates_households_into_the_communes_villages(app: Flask, world: World, login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("canbo")
    before = _count(app)
    response = _upload(client, member_file(GOOD), _commune(world))
    text = response.get_data(as_text=True)
    assert response.status_code == 200, text
    assert "Đã nhập 2 hộ mới, cập nhật 0 hộ (3 thành viên)." in text
    assert _count(app) == before + 2
    with app.app_context():
        tu = db.session.execute(select(Member).where(Member.full_name == "Hoàng Văn Tú")).scalar_one()
        assert tu.household.village.name == "Thôn Lô Lô Chải" and len(tu.household.members) == 2
        assert tu.household.head_sort_key and "hoang van tu" in tu.household.search_text
        old = db.session.execute(select(Member).where(Member.full_name == "Sùng Seo Lử")).scalar_one()
        assert old.birth_date_precision == "year" and old.household.village.name == "Thôn Thèn Pả"
        actions = [e.action for e in db.session.execute(select(AuditEntry)).scalars()]
        assert actions.count("household_import") == 1 and actions.count("household_create") >= 7  # world 5 + 2


def test_csv_with_semicolons_imports_into_one_village(app: Flask, world: World, login_as) -> None:  # type: ignore[no-untyped-def]
    headings = [
        "Mã hộ",
        "Họ và tên",
        "Giới tính",
        "Ngày sinh",
        "Quan hệ với chủ hộ",
        "Tình trạng việc làm, học tập",
        "Nơi thường trú",
        "Số định danh cá nhân",
    ]
    lines = [";".join(headings), "A;Thào Mí Dế;Nam;01/01/1990;Chủ hộ;Có việc làm;Thôn Thèn Pả;002090333333"]
    client = login_as("canbo")
    response = _upload(client, "\n".join(lines).encode("utf-8-sig"), _village(world, "a2"), name="ho.csv")
    assert response.status_code == 200, response.get_data(as_text=True)
    with app.app_context():
        member = db.session.execute(select(Member).where(Member.full_name == "Thào Mí Dế")).scalar_one()
        assert member.household.village.name == "Thôn Thèn Pả"


def _problems(response) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 422, response.get_data(as_text=True)[:2000]
    return response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            [person("1", "A Páo", **{"Số định danh cá nhân": "12345"})],
            "Dòng 2, cột &#39;Số định danh cá nhân&#39;: Số định danh cá nhân phải gồm đúng 12 chữ số.",
        ),
        (
            [person("1", "A Páo", **{"Ngày sinh": "31/02/1980"})],
            "Dòng 2, cột &#39;Ngày sinh&#39;: Ngày 31/02/1980 không tồn tại.",
        ),
        ([person("1", "A Páo", **{"Ngày sinh": "1990"})], "Chỉ người cao tuổi mới được ghi năm sinh"),
        (
            [person("1", "A Páo", **{"Giới tính": "Đực"})],
            "cột &#39;Giới tính&#39;: &#39;Đực&#39; không có trong danh sách: Nam, Nữ.",
        ),
        (
            [person("1", "A Páo", **{"Số định danh cá nhân": "002180444444"})],
            "Chữ số thứ 4 của số định danh không khớp",
        ),
        ([person("1", "A Páo"), person("1", "B Páo")], "phải có đúng một chủ hộ (đang có 2)"),
        (
            [person("1", "A Páo", **{"Thôn": "Thôn Sà Phìn A"})],
            "cột &#39;Thôn&#39;: Thôn &#39;Thôn Sà Phìn A&#39; không thuộc Xã Lũng Cú",
        ),
        (
            [
                person("1", "A Páo", **{"Số định danh cá nhân": "002080555555"}),
                person("2", "B Páo", **{"Số định danh cá nhân": "002080555555"}),
            ],
            "Dòng 3, cột &#39;Số định danh cá nhân&#39;: Số định danh trùng với dòng 2 trong tệp.",
        ),
        (
            [person("1", "A Páo", **{"Số định danh cá nhân": "002080001001"})],
            "Số định danh này đã thuộc về một người trong hộ khác.",
        ),
    ],
    ids=[
        "bad-id",
        "bad-date",
        "year-only-young",
        "bad-choice",
        "id-sex",
        "two-heads",
        "out-of-scope-village",
        "duplicate-in-file",
        "duplicate-in-db",
    ],
)
def test_every_bad_row_is_named_and_nothing_is_written(app: Flask, world: World, login_as, rows, message) -> None:  # type: ignore[no-untyped-def]
    client = login_as("canbo")
    before = (_count(app), _count(app, Member))
    text = _problems(_upload(client, member_file(rows), _commune(world)))
    assert message in text
    assert "Chưa nhập hộ nào" in text
    assert (_count(app), _count(app, Member)) == before


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("ho.pdf", b"%PDF-1.4", "Chỉ nhận tệp .xlsx hoặc .csv"),
        ("ho.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "Tệp .xls (Excel 97-2003)"),
        ("ho.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "đặt mật khẩu"),
        ("ho.xlsx", b"not a zip", "Không đọc được tệp .xlsx"),
        ("ho.xlsx", b"", "Tệp rỗng"),
    ],
)
def test_files_that_cannot_be_read(app: Flask, world: World, login_as, name, content, message) -> None:  # type: ignore[no-untyped-def]
    client = login_as("canbo")
    text = _problems(_upload(client, content, _commune(world), name=name))
    assert message in text


def test_missing_column_and_empty_file(app: Flask, world: World, login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("canbo")
    labels = ["Mã hộ", "Họ và tên", "Giới tính", "Ngày sinh", "Tình trạng việc làm, học tập"]
    text = _problems(_upload(client, member_file([person("1", "A")], labels=labels), _commune(world)))
    assert "Thiếu cột &#39;Quan hệ với chủ hộ&#39;" in text
    text = _problems(_upload(client, member_file([]), _commune(world)))
    assert "Tệp không có dòng dữ liệu nào" in text


def test_out_of_scope_target_is_refused(app: Flask, world: World, login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("canbo")
    response = _upload(client, member_file(GOOD), f"c:{world.ids['commune_b']}")
    assert response.status_code == 422 and _count(app) == 5
    village_head = _signed_in(app, "truongthon")
    page = village_head.get("/exchange/import").get_data(as_text=True)
    assert f"v:{world.ids['village_a1']}" in page and _commune(world) not in page
    assert _signed_in(app, "rasoat").get("/exchange/import").status_code == 403


def test_valid_rows_only_when_chosen(app: Flask, world: World, login_as) -> None:  # type: ignore[no-untyped-def]
    rows = [*GOOD, person("3", "Lầu Mí Sò", **{"Ngày sinh": "hôm qua"})]
    client = login_as("canbo")
    assert _upload(client, member_file(rows), _commune(world)).status_code == 422
    assert _count(app) == 5
    response = _upload(client, member_file(rows), _commune(world), valid_only=True)
    text = response.get_data(as_text=True)
    assert response.status_code == 200, text
    assert "Đã nhập 2 hộ mới" in text and "Bỏ qua 1 hộ" in text and "Dòng 5, cột &#39;Ngày sinh&#39;" in text
    assert _count(app) == 7


@pytest.mark.parametrize(
    ("font", "written"),
    [(".VnTime", "Hoµng V¨n Tó"), ("VNI-Times", "Hoaøng Vaên Tuù"), (None, "Hoµng V¨n Tó")],
)
def test_legacy_text_is_converted(app: Flask, world: World, login_as, font, written) -> None:  # type: ignore[no-untyped-def]
    client = login_as("canbo")
    response = _upload(client, member_file([person("1", written)], font=font), _commune(world))
    text = response.get_data(as_text=True)
    assert response.status_code == 200, text
    assert "đã được chuyển sang Unicode" in text
    with app.app_context():
        assert db.session.execute(select(Member).where(Member.full_name == "Hoàng Văn Tú")).scalar_one()


def test_unconvertible_legacy_text_is_refused(app: Flask, world: World, login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("canbo")
    text = _problems(_upload(client, member_file([person("1", "Hµ¸¸ Néi")]), _commune(world)))
    assert "Dòng 2, cột &#39;Họ và tên&#39;" in text and "Unikey" in text


def test_export_edit_import_round_trip(app: Flask, world: World, login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("canbo")
    exported = client.post(f"/exchange/export/households?village={world.ids['village_a1']}", data=PURPOSE).data
    book = open_xlsx(exported)
    ws = book["Thành viên"]
    headings = [c.value for c in next(r for r in ws.iter_rows() if r[0].value == "STT")]
    name_col = headings.index("Họ và tên") + 1
    row = next(r for r in ws.iter_rows() if r[name_col - 1].value == "Giàng Seo Páo")[0].row
    ws.cell(row=row, column=name_col, value="Giàng Seo Pao")  # a typo fixed in the spreadsheet
    new_row = [None] * len(headings)
    for key, value in {
        "Mã hộ": ws.cell(row=row, column=2).value,
        "Họ và tên": "Giàng Mí Sử",
        "Giới tính": "Nam",
        "Ngày sinh": "03/04/2015",
        "Quan hệ với chủ hộ": "Con",
        "Tình trạng việc làm, học tập": "Đang đi học",
    }.items():
        new_row[headings.index(key)] = value
    ws.insert_rows(row + 1)
    for index, value in enumerate(new_row, start=1):
        ws.cell(row=row + 1, column=index, value=value)
    edited = io.BytesIO()
    book.save(edited)
    response = _upload(client, edited.getvalue(), _village(world, "a1"))
    text = response.get_data(as_text=True)
    assert response.status_code == 200, text
    assert "cập nhật 1 hộ" in text and "bị che" in text
    with app.app_context():
        household = db.session.get(Household, world.households["a1"])
        assert [m.full_name for m in household.members] == ["Giàng Seo Pao", "Giàng Mí Sử"]
        assert household.members[0].personal_id_ciphertext is not None  # masked number: stored one kept
    assert _count(app) == 5
    # The same file into another village of the commune would copy the household: refused, with the way out.
    response = _upload(client, exported, _village(world, "a2"))
    text = response.get_data(as_text=True)
    assert "thuộc Thôn Lô Lô Chải, không thuộc nơi đang nhập" in text and "Chưa nhập hộ nào" in text
    assert _count(app) == 5


def test_big_files_run_as_a_job_with_progress(app: Flask, world: World, login_as) -> None:  # type: ignore[no-untyped-def]
    app.config["IMPORT_JOB_THRESHOLD"] = 2
    client = login_as("canbo")
    response = _upload(client, member_file(GOOD), _commune(world))
    assert response.status_code == 302
    page = client.get(response.headers["Location"])
    assert "Đã nhập 2 hộ mới" in page.get_data(as_text=True)
    status = client.get(response.headers["Location"], headers={"Accept": "application/json"}).get_json()
    assert status["status"] == "done" and status["result"]["created"] == 2
    with app.app_context():
        job = db.session.execute(select(Job)).scalar_one()
        assert job.payload_ciphertext is None  # the file is not kept once read
    bad = _upload(client, member_file([*GOOD, person("3", "X", **{"Giới tính": "?"})]), _commune(world))
    page = client.get(bad.headers["Location"]).get_data(as_text=True)
    assert "Chưa nhập hộ nào" in page and "Dòng 5, cột &#39;Giới tính&#39;" in page
    assert _count(app) == 7
    other = _signed_in(app, "canbo_b")
    assert other.get(response.headers["Location"]).status_code == 404


def test_a_bad_row_does_not_spill_into_the_next(app: Flask, world: World, login_as) -> None:  # type: ignore[no-untyped-def]
    rows = [
        person("9", "Lầu Mí Sò", **{"Ngày sinh": "32/01/1980", "Số định danh cá nhân": "12"}),
        person("1", "Hoàng Văn Tú", **{"Ngày cấp": "01/01/2020"}),
    ]
    client = login_as("canbo")
    response = _upload(client, member_file(rows), _commune(world), valid_only=True)
    text = response.get_data(as_text=True)
    assert response.status_code == 200, text
    assert "Đã nhập 1 hộ mới" in text and "Dòng 3" not in text and "Dòng 2, cột &#39;Ngày sinh&#39;" in text


def _tcvn3(text: str) -> str:
    """Unicode back to TCVN3, as an old .VnTime spreadsheet would hold it."""
    with LEGACY_TABLES.open("rb") as handle:
        table = tomllib.load(handle)["tcvn3"]
    inverse = {letter: legacy for legacy, letter in table.items()}
    return "".join(inverse.get(ch, ch) for ch in text)


def test_legacy_csv_and_ids_stored_as_numbers(app: Flask, world: World, login_as) -> None:  # type: ignore[no-untyped-def]
    headings = ["Mã hộ", "Họ và tên", "Giới tính", "Ngày sinh", "Quan hệ với chủ hộ", "Tình trạng việc làm, học tập"]
    values = ["1", "Phạm Thị Hoa", "Nữ", "05/05/1985", "Chủ hộ", "Có việc làm", "Thôn Lô Lô Chải", "Lũng Cú"]
    lines = [
        ",".join(f'"{_tcvn3(h)}"' for h in [*headings, "Thôn", "Nơi thường trú"]),
        ",".join(f'"{_tcvn3(v)}"' for v in values),
    ]
    content = "\r\n".join(lines).encode("cp1252")  # an old office CSV: TCVN3 text, Windows-1252 bytes
    client = login_as("canbo")
    response = _upload(client, content, _commune(world), name="ho.csv")
    assert response.status_code == 200, response.get_data(as_text=True)
    assert "TCVN3 (ABC) đã được chuyển sang Unicode" in response.get_data(as_text=True)
    with app.app_context():
        hoa = db.session.execute(select(Member).where(Member.full_name == "Phạm Thị Hoa")).scalar_one()
        assert hoa.household.village.name == "Thôn Lô Lô Chải"
    numeric = [person("2", "Thào Mí Dế", **{"Số định danh cá nhân": 2090333333})]
    text = _problems(_upload(client, member_file(numeric), _commune(world)))
    assert "mất chữ số 0 ở đầu" in text


def test_rows_without_a_household_code(app: Flask, world: World, login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("canbo")
    text = _problems(_upload(client, member_file([person("", "Thào Mí Dế")]), _commune(world)))
    assert "Dòng 2, cột &#39;Mã hộ&#39;: Không được để trống." in text
