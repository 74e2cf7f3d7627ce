"""Villages are local data: the commune's staff add, rename and retire them; others cannot."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from casework.extensions import db
from casework.models import Village
from tests.support.world import World


def test_staff_manage_their_communes_villages(app: Flask, world: World, login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("canbo")
    url = f"/units/communes/{world.ids['commune_a']}/villages"
    assert client.post(url, data={"name": "  Thôn   Mới "}).status_code == 302
    duplicate = client.post(url, data={"name": "Thôn Mới"})
    assert duplicate.status_code == 422 and "Xã này đã có thôn / tổ dân phố tên này." in duplicate.get_data(
        as_text=True
    )
    empty = client.post(url, data={"name": ""})
    assert empty.status_code == 422 and "Không được để trống." in empty.get_data(as_text=True)

    village_id = world.ids["village_a2"]
    clash = client.post(url, data={"name": "Thôn Lô Lô Chải", "village_id": str(village_id)})
    assert clash.status_code == 422
    assert client.post(url, data={"name": "Thôn Thèn Pả Trên", "village_id": str(village_id)}).status_code == 302
    assert client.post(f"/units/villages/{village_id}/close").status_code == 302
    with app.app_context():
        village = db.session.get(Village, village_id)
        assert village.name == "Thôn Thèn Pả Trên" and village.effective_to is not None
        names = set(
            db.session.execute(select(Village.name).where(Village.commune_id == world.ids["commune_a"])).scalars()
        )
        assert "Thôn Mới" in names
    # A retired village is no longer offered for new households, but its households remain.
    form = client.get("/households/new").get_data(as_text=True)
    assert "Thôn Thèn Pả Trên" not in form and "Thôn Mới" in form
    assert client.get(f"/households/{world.households['a2']}").status_code == 200


def test_others_cannot_reach_a_communes_villages(world: World, login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("canbo_b")
    assert client.get(f"/units/communes/{world.ids['commune_a']}/villages").status_code == 404
    assert client.post(f"/units/villages/{world.ids['village_a1']}/close").status_code == 404
    client.post("/logout")
    reader = login_as("mttq")
    assert reader.get("/units/communes").status_code == 403
