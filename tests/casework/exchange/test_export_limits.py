"""The household list's Excel export at a province's scale: a short name across several communes and a list
of more households than EXPORT_HOUSEHOLDS_MAX are refused before a row is read (422, nothing written), and
the list page does not offer "Xuất Excel" for a list the export would refuse."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from casework.extensions import db
from casework.models import AuditEntry
from tests.casework.exchange.helpers import PURPOSE, XLSX, open_xlsx, table
from tests.casework.test_list_queries import counting
from tests.support.world import World

SHORT = "Hãy gõ ít nhất 3 chữ cái của họ tên"
EXPORT = "/exchange/export/households"


def _exports(app: Flask) -> int:
    with app.app_context():
        return db.session.execute(select(func.count()).where(AuditEntry.action == "list_export")).scalar_one()


def _refusal(answer) -> str:  # type: ignore[no-untyped-def]
    found = re.search(r'<p class="error" id="export-refused" role="alert">([^<]*)</p>', answer.get_data(as_text=True))
    assert answer.status_code == 422 and answer.mimetype != XLSX and found, answer.status_code
    assert "Tải tệp .xlsx" not in answer.get_data(as_text=True)  # no download is offered
    return found.group(1)


def _export_link(client: FlaskClient, **filters: object) -> str | None:
    page = client.get("/households/", query_string=filters).get_data(as_text=True)
    found = re.search(r'href="(/exchange/export/households[^"]*)"', page)
    return found.group(1).replace("&amp;", "&") if found else None


def test_a_short_name_across_communes_is_not_exported(app: Flask, world: World, login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("tinh")
    assert _refusal(client.get(EXPORT, query_string={"q": "Lò"})).startswith(SHORT)
    with counting(app) as statements:
        refused = client.post(f"{EXPORT}?q=Lò", data=PURPOSE)
    assert _refusal(refused).startswith(SHORT)
    assert not [s for s in statements if "household_members" in s or "FROM households" in s]  # no row was read
    assert 'data-testid="export-filter">Lọc theo tên: “Lò”</p>' in refused.get_data(as_text=True)
    assert 'href="/households/?q=L%C3%B2"' in refused.get_data(as_text=True)  # back to the list, to narrow it
    assert _exports(app) == 0
    assert _export_link(client, q="Lò") is None  # the list refuses the search and offers no export
    link = _export_link(client, q="Lò", commune=world.ids["commune_c"])  # one commune: any name
    assert link is not None
    answer = client.post(link, data=PURPOSE)
    assert answer.mimetype == XLSX
    assert [r["Họ và tên chủ hộ"] for r in table(open_xlsx(answer.data)["Hộ gia đình"])] == ["Lò Văn Dính"]


def test_more_households_than_the_limit_are_not_exported(app: Flask, world: World, login_as) -> None:  # type: ignore[no-untyped-def]
    app.config["EXPORT_HOUSEHOLDS_MAX"] = 2  # the province has 4 households, commune a 2, commune b 1
    client = login_as("tinh")
    assert _export_link(client) is None
    page = client.get("/households/").get_data(as_text=True)
    hint = re.search(r'data-testid="export-refused">([^<]*)</p>', page)
    assert hint and "hơn 2 hộ" in hint.group(1) and "Hãy chọn một xã hoặc một thôn trước khi xuất." in hint.group(1)
    with counting(app) as statements:
        refused = _refusal(client.post(EXPORT, data={**PURPOSE, "full_ids": "y"}))
    assert refused == (
        "Danh sách này có hơn 2 hộ, quá số hộ xuất Excel được một lần. Hãy chọn một xã hoặc một thôn trước khi xuất."
    )
    assert not [s for s in statements if "household_members" in s]  # refused before the rows are read
    assert [s for s in statements if "LIMIT" in s.upper() and "count(" in s.lower()]  # a capped count
    assert _exports(app) == 0
    link = _export_link(client, commune=world.ids["commune_a"])  # two households: offered, and exported
    assert link is not None and client.post(link, data=PURPOSE).mimetype == XLSX
    assert _exports(app) == 1
    client.post("/language/en", data={"next": "/households/"})
    english = _refusal(client.get(EXPORT))
    assert "more than 2 households" in english and "Choose a commune or a village" in english


def test_within_one_commune_the_advice_is_a_village(app: Flask, world: World, login_as) -> None:  # type: ignore[no-untyped-def]
    app.config.update(EXPORT_HOUSEHOLDS_MAX=1, LIST_COUNT_CAP=1)  # beyond the list's cap the export counts apart
    client = login_as("canbo")  # commune a: 2 households
    assert _export_link(client) is None
    assert _refusal(client.get(EXPORT)).endswith("Hãy chọn một thôn trước khi xuất.")
    assert _export_link(client, village=world.ids["village_a1"]) is not None
    app.config["EXPORT_HOUSEHOLDS_MAX"] = 2  # the list says "more than 1"; the export's own count finds 2
    link = _export_link(client)
    assert link is not None and client.post(link, data=PURPOSE).mimetype == XLSX
