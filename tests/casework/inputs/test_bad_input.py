"""Each of these answered 500 once: now a 4xx with a Vietnamese message, and nothing written."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from casework.extensions import db
from casework.models import Household
from tests.casework.cases.helpers import attendance_fields
from tests.support.clock import Clock
from tests.support.routes import case_versions, row_counts
from tests.support.world import PASSWORD, World

DAY = "20/10/2026"


def _client(app: Flask, username: str) -> FlaskClient:
    client = app.test_client()
    assert client.post("/login", data={"username": username, "password": PASSWORD}).status_code == 302
    return client


class Unchanged:
    """Every table keeps its row count and every case its state and version."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        with app.app_context():
            self.before = (row_counts(), case_versions())

    def check(self) -> None:
        with self.app.app_context():
            assert (row_counts(), case_versions()) == self.before


def _refused(response: TestResponse, *statuses: int, says: str) -> str:
    page = response.get_data(as_text=True)
    assert response.status_code in statuses, (response.status_code, page[:2000])
    assert says in page, page[:3000]
    return page


def _request_data(app: Flask, household_id: int) -> dict[str, str]:
    with app.app_context():
        head = db.session.get(Household, household_id).head
        return {
            "form": "mau_01",
            "request_kind": "poverty_review",
            "applicant_member_id": str(head.id),
            "reason": "Nhà bị lũ cuốn trôi",
            "channel": "in_person",
            "signed_on": DAY,
            "received_on": DAY,
        }


def test_a_request_without_the_optional_place_of_signing_is_taken(app: Flask, world: World, clock: Clock) -> None:
    clock.set(dt.date(2026, 10, 20))
    household = world.households["a1"]
    response = _client(app, "canbo").post(f"/households/{household}/requests/new", data=_request_data(app, household))
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]


def _meeting(create_case, world: World) -> tuple[str, int]:  # type: ignore[no-untyped-def]
    case = create_case("surveyed")
    return f"/runs/{case.run_id}/villages/{world.ids['village_a1']}/meeting", case.id


def _meeting_data(**changes: str) -> dict[str, str]:
    data = {
        "held_on": DAY,
        "started_at": "08:00",
        "ended_at": "10:00",
        "venue": "Nhà văn hóa thôn",
        "chair": "Thào Seo Sính",
        "secretary": "Lò Thị Mai",
        **attendance_fields(40),
    }
    return {**data, **changes}


def test_a_meeting_without_supervisors_is_recorded(app: Flask, world: World, clock: Clock, create_case) -> None:  # type: ignore[no-untyped-def]
    clock.set(dt.date(2026, 10, 20))
    url, case_id = _meeting(create_case, world)
    data = _meeting_data(**{"votes-0-case_id": str(case_id), "votes-0-agree_count": "30"})
    response = _client(app, "truongthon").post(url, data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]


@pytest.mark.parametrize("case_id", ["abc", "", None, "99999999999999999999", "-1"])
def test_a_meeting_vote_with_a_bad_case_id_is_refused(
    app: Flask, world: World, clock: Clock, create_case, case_id
) -> None:  # type: ignore[no-untyped-def]
    clock.set(dt.date(2026, 10, 20))
    url, _ = _meeting(create_case, world)
    data = _meeting_data(supervisors="Hầu Thị Say", **{"votes-0-agree_count": "30"})
    if case_id is not None:
        data["votes-0-case_id"] = case_id
    client = _client(app, "truongthon")
    unchanged = Unchanged(app)
    _refused(client.post(url, data=data), 400, 422, says="Danh sách hộ biểu quyết không hợp lệ")
    unchanged.check()


def _survey_data(period_year: str | list[str]) -> dict[str, object]:
    return {"period_year": period_year, "reference_date": DAY, "farm_household": "no", "action": "draft"}


@pytest.mark.parametrize("year", ["-1", "0", "99999999999999999999", ["-1", "2026"], "2036"])
def test_a_survey_year_out_of_range_is_refused_next_to_its_field(app: Flask, world: World, clock: Clock, year) -> None:  # type: ignore[no-untyped-def]
    clock.set(dt.date(2026, 10, 20))
    household = world.households["a1"]
    client = _client(app, "canbo")
    unchanged = Unchanged(app)
    url = f"/households/{household}/surveys/new?standalone=1"
    _refused(client.post(url, data=_survey_data(year)), 422, says="Năm từ 2016 đến 2035")
    preview = client.post(f"/households/{household}/surveys/preview", data=_survey_data(year))
    assert preview.status_code == 422 and "period_year" in preview.get_json()["errors"]
    unchanged.check()


@pytest.mark.parametrize(
    "url",
    [
        "/households/99999999999999999999",
        "/households/2147483648",
        "/cases/99999999999999999999",
        "/documents/99999999999999999999.pdf",
        "/households/?village=99999999999999999999",
        "/exchange/export/households?village=99999999999999999999",
        "/reports/view?form=7.1&unit=village:99999999999999999999",
        "/reports/view?form=7.1&unit=commune:99999999999999999999",
        "/reports/view?form=7.1&unit=village:%C2%B2",
    ],
)
def test_a_huge_id_finds_nothing(app: Flask, world: World, url: str) -> None:
    response = _client(app, "admin").get(url)
    assert 400 <= response.status_code < 500 or response.status_code == 200, response.status_code
    assert response.status_code != 200 or "99999999999999999999" not in url.split("?")[0]


@pytest.mark.parametrize("year", ["-1", "0", "999999"])
def test_a_calendar_year_out_of_range_is_refused(app: Flask, world: World, year: str) -> None:
    _refused(_client(app, "admin").get(f"/calendar/?year={year}"), 404, says="Lịch chỉ có cho các năm từ 2000 đến 2100")


def test_a_nul_character_in_a_field_is_refused_and_nothing_is_written(app: Flask, world: World, clock: Clock) -> None:
    clock.set(dt.date(2026, 10, 20))
    household = world.households["a1"]
    client = _client(app, "canbo")
    unchanged = Unchanged(app)
    data = {**_request_data(app, household), "reason": "Nhà bị lũ\x00 cuốn trôi"}
    _refused(client.post(f"/households/{household}/requests/new", data=data), 400, says="ký tự NUL")
    _refused(client.get("/households/?q=a%00b"), 400, says="ký tự NUL")
    unchanged.check()


def _upload(client: FlaskClient, content: bytes, name: str) -> TestResponse:
    data = {"file": (io.BytesIO(content), name), "target": f"c:{_COMMUNE[0]}"}
    return client.post("/exchange/import", data=data, content_type="multipart/form-data")


_COMMUNE: list[int] = []


@pytest.fixture(autouse=True)
def _commune(world: World) -> None:
    _COMMUNE[:] = [world.ids["commune_a"]]


HEADER = "Mã hộ;Họ và tên;Giới tính;Ngày sinh;Quan hệ với chủ hộ\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (bytes(range(256)) * 64, "dữ liệu nhị phân"),
        ((HEADER + "1;" + "A" * 200_000 + ";Nam;1980;Chủ hộ\n").encode(), "không đọc được (ô quá dài"),
    ],
    ids=["binary", "field-over-128KB"],
)
def test_a_csv_that_is_not_a_list_is_refused_with_a_message(
    app: Flask, world: World, content: bytes, message: str
) -> None:
    client = _client(app, "canbo")
    unchanged = Unchanged(app)
    _refused(_upload(client, content, "ho.csv"), 422, says=message)
    unchanged.check()


def test_a_csv_with_too_many_rows_is_refused(app: Flask, world: World) -> None:
    app.config["IMPORT_MAX_ROWS"] = 100
    rows = "".join(f"{n};Người {n};Nam;1980;Chủ hộ\n" for n in range(150))
    _refused(
        _upload(_client(app, "canbo"), (HEADER + rows).encode(), "ho.csv"), 422, says="quá nhiều dòng (tối đa 100 dòng)"
    )


def _zip_bomb() -> bytes:
    """A small .xlsx whose sheet unpacks to 200 MB of XML."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            chunk = b"<row><c><v>1</v></c></row>" * 40_000
            for _ in range(200 * 1024 * 1024 // len(chunk)):
                sheet.write(chunk)
    return buffer.getvalue()


def test_a_zip_bomb_is_refused_at_once(app: Flask, world: World) -> None:
    import time

    bomb = _zip_bomb()
    assert len(bomb) < 1024 * 1024
    client = _client(app, "canbo")
    started = time.monotonic()
    _refused(_upload(client, bomb, "ho.xlsx"), 422, says="khi giải nén quá lớn")
    assert time.monotonic() - started < 2


def test_an_xlsx_with_too_many_rows_is_refused(app: Flask, world: World) -> None:
    from tests.casework.exchange.helpers import member_file, person

    app.config["IMPORT_MAX_ROWS"] = 20
    rows = [person(str(n), f"Người thứ {n}") for n in range(30)]
    _refused(_upload(_client(app, "canbo"), member_file(rows), "ho.xlsx"), 422, says="quá nhiều dòng (tối đa 20 dòng)")
