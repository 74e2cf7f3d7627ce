"""Every list leaves as .xlsx: scoped, masked unless asked and allowed, logged with its purpose."""

from __future__ import annotations

import datetime as dt

from flask import Flask
from sqlalchemy import select

from casework.extensions import db
from casework.models import AuditEntry, Case, CaseType, HouseholdStatus
from tests.casework.exchange.helpers import PURPOSE, XLSX, open_xlsx, table
from tests.support.world import World, monthly_run


def _last_audit(app: Flask, action: str) -> AuditEntry:
    with app.app_context():
        return (
            db.session.execute(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id.desc()))
            .scalars()
            .first()
        )


def test_households_export_is_scoped_masked_and_logged(app: Flask, world: World, login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("canbo")
    page = client.get("/households/")
    assert "/exchange/export/households" in page.get_data(as_text=True)
    form = client.get("/exchange/export/households")
    assert form.status_code == 200 and "Mục đích xuất dữ liệu" in form.get_data(as_text=True)
    response = client.post("/exchange/export/households", data=PURPOSE)
    assert response.status_code == 200 and response.mimetype == XLSX
    assert "attachment" in response.headers["Content-Disposition"]
    book = open_xlsx(response.data)
    assert book.sheetnames == ["Hộ gia đình", "Thành viên"]
    households = table(book["Hộ gia đình"])
    assert sorted(r["Họ và tên chủ hộ"] for r in households) == ["Giàng Seo Páo", "Vàng Thị Mỷ"]  # commune a only
    assert {r["Số định danh chủ hộ"] for r in households} == {"0020******01", "0021******02"}
    assert book["Hộ gia đình"]["A1"].value == "ỦY BAN NHÂN DÂN" and book["Hộ gia đình"]["A2"].value == "XÃ LŨNG CÚ"
    footer = [c.value for row in book["Hộ gia đình"].iter_rows() for c in row if isinstance(c.value, str)]
    assert any("Người xuất" in v and "canbo" in v and "Rà soát, đối chiếu" in v for v in footer)
    entry = _last_audit(app, "list_export")
    assert entry.subject == "export:households" and entry.details["rows"] == 2
    assert entry.details["purpose"].startswith("Rà soát") and entry.details["scope"]["full_ids"] == 0


def test_filter_of_the_list_page_is_kept(app: Flask, world: World, login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("canbo")
    response = client.post("/exchange/export/households?q=vang+thi", data=PURPOSE)
    rows = table(open_xlsx(response.data)["Hộ gia đình"])
    assert [r["Họ và tên chủ hộ"] for r in rows] == ["Vàng Thị Mỷ"]
    response = client.post(f"/exchange/export/households?village={world.ids['village_a1']}", data=PURPOSE)
    assert [r["Thôn"] for r in table(open_xlsx(response.data)["Hộ gia đình"])] == ["Thôn Lô Lô Chải"]


def test_full_ids_only_when_asked_and_allowed(app: Flask, world: World, login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("canbo")
    response = client.post("/exchange/export/households", data={**PURPOSE, "full_ids": "y"})
    members = table(open_xlsx(response.data)["Thành viên"])
    pid = next(r["Số định danh cá nhân"] for r in members if r["Họ và tên"] == "Giàng Seo Páo")
    assert pid == "002080001001"
    assert _last_audit(app, "list_export").details["scope"]["full_ids"] == 2
    reviewer = app.test_client()
    reviewer.post("/login", data={"username": "rasoat", "password": "mat-khau-thu-nghiem"})
    page = reviewer.get("/exchange/export/households").get_data(as_text=True)
    assert "full_ids" not in page
    response = reviewer.post("/exchange/export/households", data={**PURPOSE, "full_ids": "y"})
    members = table(open_xlsx(response.data)["Thành viên"])
    assert {r["Số định danh cá nhân"] for r in members} == {"0020******01", "0021******02"}


def test_purpose_is_required(app: Flask, world: World, login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("canbo")
    response = client.post("/exchange/export/households", data={"purpose": "other", "note": ""})
    assert response.status_code == 422 and "Hãy ghi rõ mục đích." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.execute(select(AuditEntry).where(AuditEntry.action == "list_export")).first() is None
    response = client.post("/exchange/export/households", data={"purpose": "other", "note": "Đối chiếu BHYT"})
    assert response.status_code == 200
    assert _last_audit(app, "list_export").details["purpose"] == "Đối chiếu BHYT"


def test_queue_and_run_lists(app: Flask, world: World, login_as) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        run = monthly_run(world)
        cases = [
            Case(
                case_type=CaseType.REGULAR_REVIEW,
                run=run,
                household_id=world.households[key],
                origin="request",
                state="requested",
                deadline=dt.date(2026, 10, 20),
            )
            for key in ("a1", "a2")
        ]
        db.session.add_all([run, *cases])
        db.session.commit()
        run_id = run.id
    surveyor = login_as("rasoat")  # requested cases wait on the surveyor
    assert "/exchange/export/queue" in surveyor.get("/cases/queue").get_data(as_text=True)
    rows = table(open_xlsx(surveyor.post("/exchange/export/queue", data=PURPOSE).data).active)
    assert len(rows) == 2 and rows[0]["Hạn xử lý"] == dt.datetime(2026, 10, 20)
    client = app.test_client()
    client.post("/login", data={"username": "canbo", "password": "mat-khau-thu-nghiem"})
    assert f"/exchange/export/runs/{run_id}" in client.get(f"/runs/{run_id}").get_data(as_text=True)
    response = client.post(f"/exchange/export/runs/{run_id}", data=PURPOSE)
    ws = open_xlsx(response.data).active
    rows = table(ws)
    assert {r["Họ và tên chủ hộ"] for r in rows} == {"Giàng Seo Páo", "Vàng Thị Mỷ"}
    assert rows[0]["Nguồn"] == "Có giấy đề nghị"
    assert ws.cell(row=ws.max_row, column=1).value is not None
    village_client = app.test_client()
    village_client.post("/login", data={"username": "truongthon", "password": "mat-khau-thu-nghiem"})
    # the run page is the commune's, and so is its list (a village head has the village queue instead)
    assert village_client.post(f"/exchange/export/runs/{run_id}", data=PURPOSE).status_code == 404
    other = app.test_client()
    other.post("/login", data={"username": "canbo_b", "password": "mat-khau-thu-nghiem"})
    assert other.get(f"/exchange/export/runs/{run_id}").status_code == 404


def _recognise(world: World) -> None:
    db.session.add_all(
        [
            HouseholdStatus(household_id=world.households["a1"], year=2025, household_class="poor", source="imported"),
            HouseholdStatus(
                household_id=world.households["a2"],
                year=2025,
                household_class="near_poor",
                movement="new_near_poor",
                source="imported",
            ),
            HouseholdStatus(household_id=world.households["b1"], year=2025, household_class="poor", source="imported"),
        ]
    )
    db.session.commit()


def test_recognised_lists(app: Flask, world: World, login_as) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        _recognise(world)
    client = login_as("canbo")
    hub = client.get("/exchange/").get_data(as_text=True)
    assert "year=2025" in hub and "/exchange/export/national?year=2025" in hub
    book = open_xlsx(client.post("/exchange/export/recognised?year=2025&class=all", data=PURPOSE).data)
    assert book.sheetnames == ["Hộ nghèo", "Hộ cận nghèo"]
    assert [r["Họ và tên chủ hộ"] for r in table(book["Hộ nghèo"])] == ["Giàng Seo Páo"]  # b1 is another commune
    near = table(book["Hộ cận nghèo"])
    assert near[0]["Diễn biến"] == "Cận nghèo phát sinh" and near[0]["Số định danh chủ hộ"] == "0021******02"
    assert any(c.value == "DANH SÁCH HỘ NGHÈO NĂM 2025" for row in book["Hộ nghèo"].iter_rows() for c in row)
    book = open_xlsx(client.post("/exchange/export/recognised?year=2025&class=near_poor", data=PURPOSE).data)
    assert book.sheetnames == ["Hộ cận nghèo"]
    assert _last_audit(app, "list_export").details["scope"]["year"] == 2025
    assert client.get("/exchange/export/recognised?year=2025&class=rich").status_code == 404


def test_national_list_is_for_authorised_users_with_full_ids(app: Flask, world: World, login_as) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        _recognise(world)
    reviewer = app.test_client()
    reviewer.post("/login", data={"username": "rasoat", "password": "mat-khau-thu-nghiem"})
    assert reviewer.get("/exchange/export/national?year=2025").status_code == 403
    assert "export/national" not in reviewer.get("/exchange/").get_data(as_text=True)
    client = login_as("chutich")
    response = client.post("/exchange/export/national?year=2025", data={"purpose": "software", "note": ""})
    assert response.status_code == 200
    rows = table(open_xlsx(response.data).active)
    assert {r["Số định danh cá nhân"] for r in rows} == {"002080001001", "002185002002"}
    assert {r["Mã xã"] for r in rows} == {"00715"} and {r["Mã tỉnh"] for r in rows} == {"08"}
    entry = _last_audit(app, "national_export")
    assert entry.details["rows"] == 2 and entry.details["scope"]["legal_basis"] == "Nghị định 58/2026/NĐ-CP"


def test_a_province_officer_exports_the_commune_chosen_on_the_list(app: Flask, world: World, login_as) -> None:  # type: ignore[no-untyped-def]
    """The list shows one commune; its "Xuất Excel" gives that commune's households, not the province's."""
    import re
    from html import unescape

    client = login_as("tinh")
    page = client.get(f"/households/?commune={world.ids['commune_b']}").get_data(as_text=True)
    link = unescape(re.search(r'href="(/exchange/export/households[^"]*)"', page).group(1))
    assert f"commune={world.ids['commune_b']}" in link
    chosen = table(open_xlsx(client.post(link, data=PURPOSE).data)["Hộ gia đình"])
    everywhere = table(open_xlsx(client.post("/exchange/export/households", data=PURPOSE).data)["Hộ gia đình"])
    assert chosen and len(chosen) < len(everywhere)
    assert {r["Thôn"] for r in chosen} <= {r["Thôn"] for r in everywhere}
    assert _last_audit(app, "list_export").details["scope"]["commune_id"] is None
    with app.app_context():
        from casework.models import Village

        villages_b = set(db.session.scalars(select(Village.name).where(Village.commune_id == world.ids["commune_b"])))
    assert {r["Thôn"] for r in chosen} <= villages_b
