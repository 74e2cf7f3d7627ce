"""Each role reaches exactly its own units: the list shows them, everything else answers 404."""

from __future__ import annotations

import pytest

from tests.support.world import World

ALL = {"a1", "a2", "b1", "c1", "d1"}
# Who sees which villages' households (see tests/support/world.py for the map).
VISIBLE = {
    "admin": ALL,
    "tinh": {"a1", "a2", "b1", "c1"},  # province 08
    "huyen": {"a1", "a2", "b1"},  # successors of the communes of legacy district 026
    "chutich": {"a1", "a2"},
    "canbo": {"a1", "a2"},
    "rasoat": {"a1", "a2"},
    "mttq": {"a1", "a2"},
    "truongthon": {"a1"},
    "canbo_b": {"b1"},
}
EDITABLE = {
    "admin": ALL,
    "canbo": {"a1", "a2"},
    "truongthon": {"a1"},
    "canbo_b": {"b1"},
}


@pytest.mark.parametrize("username", sorted(VISIBLE))
def test_household_list_and_pages_follow_the_scope(username: str, world: World, login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as(username)
    listing = client.get("/households/?q=").get_data(as_text=True)
    for key, household_id in world.households.items():
        shown = f'/households/{household_id}"' in listing
        detail = client.get(f"/households/{household_id}")
        edit = client.get(f"/households/{household_id}/edit")
        if key in VISIBLE[username]:
            assert shown, f"{username} should see household in {key}"
            assert detail.status_code == 200
            assert edit.status_code == (200 if key in EDITABLE.get(username, set()) else 403)
        else:
            assert not shown, f"{username} must not see household in {key}"
            assert detail.status_code == 404
            assert edit.status_code == 404


def test_a_read_only_role_cannot_post_an_edit(world: World, login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("mttq")
    target = world.households["a1"]
    response = client.post(f"/households/{target}/edit", data={"permanent_address": "bị sửa trái phép"})
    assert response.status_code == 403
    assert "bị sửa trái phép" not in client.get(f"/households/{target}").get_data(as_text=True)


def test_a_village_head_cannot_move_a_household_into_another_village(world: World, login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("truongthon")
    form = {
        "village_id": str(world.ids["village_a2"]),
        "permanent_address": "x",
        "current_address": "x",
        "members-0-full_name": "Hầu Seo Dế",
        "members-0-sex": "male",
        "members-0-birth_date": "01/02/1990",
        "members-0-relationship_to_head": "head",
        "members-0-activity_status": "employed",
        "members-0-id_document_type": "none",
        "members-0-ethnicity_code": "",
    }
    response = client.post("/households/new", data=form)
    assert response.status_code == 422
    assert "Hầu Seo Dế" not in client.get("/households/?q=hau").get_data(as_text=True)
