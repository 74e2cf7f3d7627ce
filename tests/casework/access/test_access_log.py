"""Views of a household, a survey and a document download are logged; an administrator lists them."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from casework.extensions import db
from casework.models import AdminUnit, AuditEntry, Document, Role
from tests.support.world import World, add_user


@pytest.fixture
def looked(app: Flask, world: World, create_case: Callable[..., object], login_as) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """canbo opens a household of commune a, its survey and a document of its case; canbo_b opens one of b."""
    case = create_case("surveyed")
    other = create_case("surveyed", household="b1")
    with app.app_context():
        content = b"%PDF-1.4\n%%EOF\n"
        document = Document(
            kind="request_form", case_id=case.id, commune_id=world.ids["commune_a"], content=content,
            sha256=hashlib.sha256(content).hexdigest(),
        )  # fmt: skip
        db.session.add(document)
        db.session.commit()
        ids = {"household": case.household_id, "survey": case.rows["survey"], "document": document.id}
    client = login_as("canbo")
    assert client.get(f"/households/{ids['household']}").status_code == 200
    assert client.get(f"/surveys/{ids['survey']}").status_code == 200
    assert client.get(f"/documents/{ids['document']}.pdf").status_code == 200
    assert client.get(f"/households/{other.household_id}").status_code == 404  # out of reach: nothing logged
    client.post("/logout")
    login_as("canbo_b").get(f"/households/{other.household_id}")
    client.post("/logout")
    return ids


def test_each_view_is_written_with_who_what_and_whose(app: Flask, world: World, looked: dict[str, int]) -> None:
    with app.app_context():
        entries = (
            db.session.execute(
                select(AuditEntry).where(AuditEntry.user_id == world.users["canbo"]).order_by(AuditEntry.chain_seq)
            )
            .scalars()
            .all()
        )
        views = [(e.action, e.subject, e.details.get("household_id")) for e in entries if e.action != "login"]
    household = looked["household"]
    assert views[:3] == [
        ("household_view", f"household:{household}", household),
        ("survey_view", f"survey:{looked['survey']}", household),
        ("document_download", f"document:{looked['document']}", household),
    ]
    assert len([v for v in views if v[0] != "logout"]) == 3  # the refused look (404) is not an access
    assert all(e.at is not None and e.details.get("commune_id") == world.ids["commune_a"] for e in entries[1:4])


def _listing(client: FlaskClient, **params: str) -> tuple[int, str]:
    response = client.get("/admin/access", query_string=params)
    return response.status_code, response.get_data(as_text=True)


def test_the_administrator_lists_a_persons_accesses(
    app: Flask, client: FlaskClient, looked: dict[str, int], login_as
) -> None:  # type: ignore[no-untyped-def]
    admin = login_as("admin")
    status, page = _listing(admin, by="user", q="canbo")
    assert status == 200
    assert "Nhật ký truy cập dữ liệu cá nhân" in page and "Canbo (canbo)" in page and "Canbo_B (canbo_b)" in page
    for label in ("Xem trang hộ gia đình", "Xem phiếu khảo sát", "Tải văn bản"):
        assert label in page
    assert "request_form" not in page and "household_view" not in page  # labels, never codes
    assert "4 lượt truy cập" in page
    status, page = _listing(admin, by="user", q="truongthon")
    assert status == 200 and "0 lượt truy cập" in page and "Không có lượt truy cập nào phù hợp." in page


def test_the_administrator_lists_who_looked_at_a_household(app: Flask, looked: dict[str, int], login_as) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        from casework.models import Household

        head = db.session.get_one(Household, looked["household"]).head
        assert head is not None
        name = head.full_name
    status, page = _listing(login_as("admin"), by="household", q=name)
    assert status == 200 and "3 lượt truy cập" in page and "Canbo (canbo)" in page and "Canbo_B" not in page


def test_a_commune_chairman_sees_only_the_accesses_to_their_communes_records(
    app: Flask, world: World, looked: dict[str, int], login_as
) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        add_user("chutich_b", Role.COMMUNE_CHAIRMAN, unit=db.session.get_one(AdminUnit, world.ids["commune_b"]))
        db.session.commit()
    status, page = _listing(login_as("chutich_b"), by="user", q="canbo")
    assert status == 200 and "1 lượt truy cập" in page and "Canbo_B (canbo_b)" in page and "Canbo (canbo)" not in page
    login_as("chutich_b").post("/logout")
    status, page = _listing(login_as("chutich"), by="user", q="canbo")
    assert status == 200 and "3 lượt truy cập" in page and "Canbo_B" not in page


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"by": "nobody", "q": "canbo"}, "Chọn tìm theo người truy cập hoặc theo hộ gia đình."),
        ({"by": "user", "q": "x" * 101}, "Tối đa 100 ký tự."),
    ],
)
def test_a_bad_search_is_answered_next_to_the_field(
    app: Flask, world: World, login_as, params: dict[str, str], message: str
) -> None:  # type: ignore[no-untyped-def]
    status, page = _listing(login_as("admin"), **params)
    assert status == 422 and message in page and 'id="q-error"' in page


def test_a_search_with_a_nul_character_is_refused_before_the_listing(app: Flask, world: World, login_as) -> None:  # type: ignore[no-untyped-def]
    status, page = _listing(login_as("admin"), by="user", q="can\x00bo")
    assert status == 400 and "ký tự không hợp lệ" in page  # the check every request goes through (casework/inputs.py)


def test_only_administrators_and_chairmen_open_the_listing(app: Flask, world: World, login_as) -> None:  # type: ignore[no-untyped-def]
    assert _listing(login_as("canbo"), by="user", q="canbo")[0] == 403


def test_the_listing_in_english(app: Flask, looked: dict[str, int], login_as) -> None:  # type: ignore[no-untyped-def]
    admin = login_as("admin")
    admin.post("/language/en")
    status, page = _listing(admin, by="user", q="canbo")
    assert status == 200 and "Personal data access log" in page and "Viewed a household's page" in page
