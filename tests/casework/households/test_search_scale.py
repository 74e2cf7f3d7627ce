"""The household list at a province's scale (bench/bench_search.py): the count stops at a cap and the page
says "more than ..." while paging still works; a name's words match in order with words between them; a
search across several communes needs a word of three letters (what a trigram index can look up)."""

from __future__ import annotations

import datetime as dt
import re

from flask import Flask

from casework.extensions import db
from casework.households.data import HouseholdData
from casework.households.queries import list_households
from casework.households.service import save_household
from casework.models import Relationship, Sex, User
from tests.support.world import PASSWORD, World, member

SHORT = "Hãy gõ ít nhất 3 chữ cái của họ tên"


def _names(page: str) -> list[str]:
    return re.findall(r'/households/\d+">([^<]+)</a>', page)


def test_beyond_the_cap_the_list_says_more_than_and_still_pages(app: Flask, world: World, login_as) -> None:  # type: ignore[no-untyped-def]
    app.config.update(LIST_COUNT_CAP=2, PAGE_SIZE=2)
    client = login_as("admin")
    first = client.get("/households/").get_data(as_text=True)
    assert "hơn 2 hộ" in first and "5 hộ" not in first
    assert "Trang 1" in first and "Trang 1 /" not in first  # the pages are not counted beyond the cap
    assert _names(first) == ["Sùng Mí Chứ", "Lò Văn Dính"]
    assert 'href="/households/?page=2">Sau' in first
    second = client.get("/households/?page=2").get_data(as_text=True)
    assert _names(second) == ["Nguyễn Thị Đào", "Vàng Thị Mỷ"] and "?page=3" in second and "?page=1" in second
    last = client.get("/households/?page=3").get_data(as_text=True)
    assert _names(last) == ["Giàng Seo Páo"] and "Sau" not in last
    past = client.get(f"/households/?page={2**31 - 1}")  # the largest page the address may ask for
    assert past.status_code == 200 and _names(past.get_data(as_text=True)) == []
    client.post("/language/en", data={"next": "/households/"})
    english = client.get("/households/").get_data(as_text=True)
    assert "more than 2 households" in english and "Page 1" in english


def test_up_to_the_cap_the_count_is_exact(app: Flask, world: World) -> None:
    app.config["LIST_COUNT_CAP"] = 5
    with app.app_context():
        admin = db.session.get_one(User, world.users["admin"])
        page = list_households(admin, size=2)
        assert (page.total, page.more, page.pages, page.has_next) == (5, False, 3, True)
        app.config["LIST_COUNT_CAP"] = 4
        page = list_households(admin, size=2, page=3)
        assert (page.total, page.more, page.pages, page.has_next, page.has_prev) == (4, True, None, False, True)
        assert [h.id for h in page.items] == [world.households["a1"]]
        # One commune's list beyond the cap is sorted from its own households (no walk of the province's order).
        app.config["LIST_COUNT_CAP"] = 1
        officer = db.session.get_one(User, world.users["canbo"])
        page = list_households(officer, size=1, wide=False)
        assert ([h.id for h in page.items], page.more, page.has_next) == ([world.households["a2"]], True, True)
        page = list_households(officer, size=1, page=2, wide=False)
        assert ([h.id for h in page.items], page.has_next) == ([world.households["a1"]], False)


def test_family_and_given_name_find_the_member_with_a_middle_name(app: Flask, world: World) -> None:
    with app.app_context():
        admin = db.session.get_one(User, world.users["admin"])
        for typed in ("Giàng Páo", "giang  pao", "GIÀNG SEO PÁO"):
            assert [h.id for h in list_households(admin, query=typed).items] == [world.households["a1"]], typed
        for typed in ("Páo Giàng", "giang mỷ", "%", "_"):  # words out of order, across households, wildcards
            assert list_households(admin, query=typed).items == [], typed
        members = [
            member("Giàng Thị Dợ", Sex.FEMALE, dt.date(1980, 1, 1), Relationship.HEAD),
            member("Giàng Seo Páo", Sex.MALE, dt.date(2005, 1, 1), Relationship.CHILD),
        ]
        village = world.ids["village_a2"]
        both = save_household(None, HouseholdData(village, "Thôn Thèn Pả", "Thôn Thèn Pả", members), actor=None).id
        db.session.commit()
        found = {h.id for h in list_households(admin, query="Giàng Páo").items}
        assert found == {world.households["a1"], both}
        # "giang thi ... pao" runs across two members' names: no one is called Giàng Thị Páo.
        assert list_households(admin, query="Giàng Thị Páo").items == []


def test_a_short_query_across_communes_asks_for_three_letters(app: Flask, world: World, login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("admin")
    answer = client.get("/households/", query_string={"q": "Lò"})
    page = answer.get_data(as_text=True)
    assert answer.status_code == 422
    assert re.search(rf'aria-describedby="q-error">.*<p class="error" id="q-error" role="alert">{SHORT}', page, re.S)
    assert _names(page) == [] and 'value="Lò"' in page
    # Within one commune (chosen, or the officer's own) a short query is served.
    chosen = client.get("/households/", query_string={"q": "Lò", "commune": world.ids["commune_c"]})
    assert chosen.status_code == 200 and _names(chosen.get_data(as_text=True)) == ["Lò Văn Dính"]
    assert client.get("/households/", query_string={"q": "Lò Dính"}).status_code == 200
    officer = app.test_client()
    assert officer.post("/login", data={"username": "canbo", "password": PASSWORD}).status_code == 302
    own = officer.get("/households/", query_string={"q": "sé"})
    assert own.status_code == 200 and _names(own.get_data(as_text=True)) == ["Giàng Seo Páo"]
