"""Steps of a case as the pages take them, for tests that walk a case along the procedure."""

from __future__ import annotations

import io
import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.test import TestResponse

from casework.extensions import db
from casework.models import Case, Household
from tests.support.signing import PASSPHRASE, TestPki
from tests.support.world import PASSWORD

POOR_HOUSE = {
    "wall": "earth",
    "pillar": "bamboo",
    "roof": "thatch_leaves",
    "floor_area": "6",
    "water_source": "surface_water",
    "latrine": "none",
    "hears_loudspeaker": "no",
}


def log_request(app: Flask, client: FlaskClient, household_id: int, day: str, **changes: str) -> int:
    with app.app_context():
        head = db.session.get(Household, household_id).head
    data = {
        "form": "mau_01",
        "request_kind": "poverty_review",
        "applicant_member_id": str(head.id),
        "reason": "Nhà bị lũ cuốn trôi",
        "channel": "in_person",
        "signed_place": "Lũng Cú",
        "signed_on": day,
        "received_on": day,
        **changes,
    }
    response = client.post(f"/households/{household_id}/requests/new", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    return int(response.headers["Location"].rsplit("/", 1)[1])


def survey(app: Flask, client: FlaskClient, case_id: int, *, b1: str, day: str, phieu_a: str | None = None) -> None:
    with app.app_context():
        case = db.session.get(Case, case_id)
        household_id, member_id = case.household_id, case.household.members[0].id
    data = {
        "period_year": day[-4:],
        "reference_date": day,
        "farm_household": "no",
        "b1_total": b1,
        "members-0-member_id": str(member_id),
        "members-0-health_insured": "no",
        "members-0-employment": "self_employed",
        "members-0-education_level": "primary",
        "members-0-attending_school": "no",
        "members-0-labour_contract": "no",
        "members-0-disabled": "no",
        "action": "complete",
        **POOR_HOUSE,
    }
    if phieu_a:
        data["phieu_a"] = phieu_a
    response = client.post(f"/households/{household_id}/surveys/new?case={case_id}", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]


def meeting(  # type: ignore[no-untyped-def]
    client: FlaskClient,
    run_id: int,
    village_id: int,
    votes: dict[int, int | tuple[int, int, int]],
    attendees: int,
    day: str,
    **fields: str,
):
    """The village head's meeting form: `attendees` people (the chair, the commune officer, other
    households), each household's agree count or (agree, disagree, abstain)."""
    data = {
        "held_on": day,
        "started_at": "08:00",
        "ended_at": "10:00",
        "venue": "Nhà văn hóa thôn Lô Lô Chải",
        "chair": "Thào Seo Sính",
        "secretary": "Lò Thị Mai",
        "supervisors": "Hầu Thị Say",
        **attendance_fields(attendees),
    }
    for index, (case_id, counts) in enumerate(votes.items()):
        agree, disagree, abstain = counts if isinstance(counts, tuple) else (counts, 0, 0)
        data[f"votes-{index}-case_id"] = str(case_id)
        data[f"votes-{index}-agree_count"] = str(agree)
        data[f"votes-{index}-disagree_count"] = str(disagree)
        data[f"votes-{index}-abstain_count"] = str(abstain)
    data.update(fields)
    return client.post(f"/runs/{run_id}/villages/{village_id}/meeting", data=data)


def attendance_fields(attendees: int) -> dict[str, str]:
    """`attendees` people by category: the village head, the commune's officer, the rest other households."""
    if attendees < 3:
        return {"attend_other_households": str(attendees)}
    return {"attend_village_head": "1", "attend_poverty_officer": "1", "attend_other_households": str(attendees - 2)}


def state_of(app: Flask, case_id: int) -> str:
    with app.app_context():
        return db.session.execute(select(Case.state).where(Case.id == case_id)).scalar_one()


def version_of(page: str) -> str:
    return re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)


def signing_id(response: TestResponse) -> int:
    """The signing request a step sent the official to."""
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    found = re.search(r"/signing/(\d+)$", response.headers["Location"])
    assert found, response.headers["Location"]
    return int(found.group(1))


def sign_step(client: FlaskClient, response: TestResponse, pki: TestPki, username: str) -> TestResponse:
    """Sign the step's document on its signing page with the official's .p12 file, as in the browser."""
    return client.post(
        f"/signing/{signing_id(response)}/pkcs12",
        data={"certificate_file": (io.BytesIO(pki.p12(username)), f"{username}.p12"), "passphrase": PASSPHRASE},
        content_type="multipart/form-data",
    )


def requests_logged(app: Flask, client: FlaskClient, world, clock, villages: tuple[str, ...] = ("a1",)) -> str:  # type: ignore[no-untyped-def]
    """The commune officer opens the 2026 campaign and logs a Mẫu 01 for each village's household (its form
    and receipt are issued); the first household head's ID number, as the tests that look for it need."""
    import datetime as dt

    from casework import crypto

    clock.set(dt.date(2026, 10, 1))
    assert client.post("/login", data={"username": "canbo", "password": PASSWORD}).status_code == 302
    opened = client.post("/runs/new", data={"commune_id": str(world.ids["commune_a"]), "year": "2026"})
    assert opened.status_code == 302, opened.get_data(as_text=True)[:2000]
    for village in villages:
        log_request(app, client, world.households[village], "01/10/2026")
    with app.app_context():
        head = db.session.get_one(Household, world.households[villages[0]]).head
        return crypto.decrypt(head.personal_id_ciphertext)
