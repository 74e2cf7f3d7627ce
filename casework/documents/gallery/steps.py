"""The pages a walk posts to, as each role would: one signed-in test client per demo user.

A page that refuses stops the walk with a GalleryError naming the step, the user, the address and
the messages the page showed next to its fields.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.test import TestResponse

from casework.demo import DEMO_PASSWORD, USERS, VILLAGES
from casework.documents.gallery.setup import AppClock, GalleryError
from casework.extensions import db
from casework.models import Case, Household, Village
from workflow.dates import format_date

# Answers of a household living in a makeshift house without water or latrine (several deprivations).
POOR_HOUSE = {
    "wall": "earth",
    "pillar": "bamboo",
    "roof": "thatch_leaves",
    "floor_area": "6",
    "water_source": "surface_water",
    "latrine": "none",
    "hears_loudspeaker": "no",
}
B1_POOR, B1_NOT_POOR = "120", "300"
# The address the users reach the app by: the QR codes and links printed on the documents carry it.
BASE_URL = "https://rasoat.example.gov.vn"


def _messages(page: str) -> str:
    """The error messages a refused page shows (or the start of its text)."""
    found = re.findall(r'class="error[^"]*"[^>]*>(.*?)</', page, flags=re.S)
    text = [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", item)).split()) for item in found]
    text = [t for t in text if t]
    if text:
        return "; ".join(text)[:1500]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())[:1500]


class Pages:
    """Signed-in clients and the app's clock, shared by the steps of every walk."""

    def __init__(self, app: Flask, clock: AppClock, pki_dir: Path) -> None:
        self.app = app
        self.clock = clock
        self.pki_dir = pki_dir
        self._clients: dict[str, FlaskClient] = {}

    def today(self, day: dt.date) -> str:
        self.clock.set(day)
        return format_date(day)

    def client(self, username: str) -> FlaskClient:
        if username not in self._clients:
            client = self.app.test_client()
            login = {"username": username, "password": DEMO_PASSWORD}
            response = client.post("/login", data=login, base_url=BASE_URL)
            if response.status_code != 302:
                raise GalleryError(f"login as {username}: {response.status_code} {_messages(response.text)}")
            self._clients[username] = client
        return self._clients[username]

    def use(self, username: str, client: FlaskClient) -> None:
        """A client already signed in as `username` (a test's own user)."""
        self._clients[username] = client

    def post(
        self, step: str, username: str, url: str, data: Any = None, *, expect: int = 302, **kw: Any
    ) -> TestResponse:
        response = self.client(username).post(url, data=data, base_url=BASE_URL, **kw)
        if response.status_code != expect:
            raise GalleryError(
                f"step «{step}» ({self.clock.day}): {username} POST {url} answered {response.status_code}, "
                f"expected {expect}: {_messages(response.get_data(as_text=True))}"
            )
        return response

    def get(self, step: str, username: str, url: str) -> TestResponse:
        response = self.client(username).get(url, base_url=BASE_URL)
        if response.status_code != 200:
            raise GalleryError(f"step «{step}»: {username} GET {url} answered {response.status_code}")
        return response

    def sign(self, step: str, username: str, response: TestResponse) -> TestResponse:
        """Sign the document a step sent the official to, with their demo .p12 file, on the signing page."""
        found = re.search(r"/signing/(\d+)$", response.headers.get("Location", ""))
        if not found:
            raise GalleryError(f"step «{step}»: no signing page after the step ({response.headers.get('Location')})")
        return self.post(f"{step}: ký số", username, f"/signing/{found.group(1)}/pkcs12", **self.p12(username))

    def p12(self, username: str) -> dict[str, Any]:
        content = (self.pki_dir / "users" / f"{username}.p12").read_bytes()
        return {
            "data": {"certificate_file": (io.BytesIO(content), f"{username}.p12"), "passphrase": DEMO_PASSWORD},
            "content_type": "multipart/form-data",
        }

    # -- reading ids the pages would show ------------------------------------------------------------

    def query(self, statement: Any) -> list[Any]:
        with self.app.app_context():
            return list(db.session.execute(statement).all())


def last_id(response: TestResponse) -> int:
    return int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])


def village_head(village_name: str) -> tuple[str, str]:
    """The demo user who heads the village: username and full name."""
    for spec in USERS:
        if spec.role.value == "village_head" and VILLAGES[spec.village] == village_name:
            return spec.username, spec.full_name
    raise GalleryError(f"no demo village head for {village_name}")


def log_request(pages: Pages, step: str, household_id: int, day: str, **changes: str) -> int:
    with pages.app.app_context():
        head_id = db.session.get(Household, household_id).head.id  # type: ignore[union-attr]
    data = {
        "form": "mau_01",
        "request_kind": "poverty_review",
        "applicant_member_id": str(head_id),
        "reason": "Gia đình có người ốm đau dài ngày, thu nhập giảm",
        "channel": "in_person",
        "signed_place": "Lũng Cú",
        "signed_on": day,
        "received_on": day,
        **changes,
    }
    response = pages.post(step, "canbo", f"/households/{household_id}/requests/new", data)
    return last_id(response)


def survey(pages: Pages, step: str, case_id: int, outcome: str, day: str) -> None:
    """Phiếu A, B and C for the case, with answers that lead to `outcome` (poor, near_poor, not_poor, screened)."""
    with pages.app.app_context():
        case = db.session.get(Case, case_id)
        household_id = case.household_id
        members = [(m.id, m.birth_date) for m in case.household.members]  # type: ignore[union-attr]
    data: dict[str, Any] = {
        "period_year": day[-4:],
        "reference_date": day,
        "farm_household": "no",
        "b1_total": B1_NOT_POOR if outcome == "not_poor" else B1_POOR,
        "action": "complete",
        **POOR_HOUSE,
    }
    for index, (member_id, born) in enumerate(members):
        data |= _member_answers(index, member_id, pages.clock.today_age(born), outcome)
    if outcome == "near_poor":
        data |= {"wall": "brick_stone", "pillar": "reinforced_concrete", "roof": "tile", "floor_area": "60"}
        data |= {"water_source": "tap", "latrine": "septic", "hears_loudspeaker": "yes"}
    if outcome == "screened":
        data["phieu_a"] = "car"
    pages.post(step, "rasoat", f"/households/{household_id}/surveys/new?case={case_id}", data)


def _member_answers(index: int, member_id: int, age: int, outcome: str) -> dict[str, str]:
    prefix = f"members-{index}-"
    answers = {
        "member_id": str(member_id),
        "health_insured": "yes" if outcome == "near_poor" else "no",
        "disabled": "no",
        "attending_school": "yes" if 6 <= age < 15 else "no",
    }
    if 6 <= age < 15:
        answers |= {"school_level": "primary" if age < 11 else "lower_secondary", "education_level": "none"}
    elif age < 6:
        answers["education_level"] = "none"
    if age >= 15:
        answers |= {"employment": "self_employed", "education_level": "primary", "labour_contract": "no"}
    return {prefix + key: value for key, value in answers.items()}


def meetings(pages: Pages, step: str, run_id: int, case_ids: list[int], day: str) -> list[int]:
    """Each village with cases holds its meeting, chaired by its head; every household passes."""
    by_village: dict[int, list[int]] = {}
    names: dict[int, str] = {}
    for case_id, village_id, name in pages.query(
        select(Case.id, Village.id, Village.name)
        .join(Household, Case.household_id == Household.id)
        .join(Village, Household.village_id == Village.id)
        .where(Case.id.in_(case_ids))
        .order_by(Case.id)
    ):
        by_village.setdefault(village_id, []).append(case_id)
        names[village_id] = name
    for village_id, cases in by_village.items():
        head, head_name = village_head(names[village_id])
        data = {
            "held_on": day,
            "started_at": "08:00",
            "ended_at": "10:30",
            "venue": f"Nhà văn hóa {names[village_id].removeprefix('Thôn ').strip()}",
            "chair": head_name,
            "secretary": "Lò Thị Mai",
            "supervisors": "Hầu Thị Say",
            # 32 people, as the village head counts them by category (QĐ 24's minutes).
            "attend_steering": "1",
            "attend_poverty_officer": "1",
            "attend_village_head": "1",
            "attend_party_cell": "1",
            "attend_mass_organisations": "3",
            "attend_surveyors": "2",
            "attend_reviewed_households": str(len(cases)),
            "attend_other_households": str(23 - len(cases)),
            "opinions": "Các hộ dự họp nhất trí với kết quả rà soát; không có ý kiến khác.",
            "supervisor_remarks": "Cuộc họp được tổ chức đúng quy trình, công khai, dân chủ.",
        }
        for index, case_id in enumerate(cases):
            data[f"votes-{index}-case_id"] = str(case_id)
            data[f"votes-{index}-agree_count"] = "27"
            data[f"votes-{index}-disagree_count"] = "3"
            data[f"votes-{index}-abstain_count"] = "2"
        pages.post(f"{step}: {names[village_id]}", head, f"/runs/{run_id}/villages/{village_id}/meeting", data)
    return list(by_village)


def post_list(pages: Pages, step: str, run_id: int, case_ids: list[int], day: str, number: str) -> tuple[int, dt.date]:
    """The commune posts the households: preview the end date, then confirm. Returns the posting and its end."""
    form = {
        "case_ids": [str(c) for c in case_ids],
        "places": "Nhà văn hóa các thôn; Trụ sở Ủy ban nhân dân xã",
        "starts_on": day,
        "notice_number": number,
        "action": "preview",
    }
    preview = pages.post(f"{step}: xem trước", "canbo", f"/runs/{run_id}/postings/new", form, expect=200)
    found = re.search(r'name="ends_on"[^>]*value="([0-9/]+)"', preview.get_data(as_text=True))
    if not found:
        raise GalleryError(f"step «{step}»: the preview shows no end date: {_messages(preview.text)}")
    posted = pages.post(
        step, "canbo", f"/runs/{run_id}/postings/new", {**form, "ends_on": found.group(1), "action": "confirm"}
    )
    end = dt.datetime.strptime(found.group(1), "%d/%m/%Y").date()
    return last_id(posted), end


def case_ids_of(pages: Pages, run_id: int, state: str | None = None) -> list[int]:
    statement = select(Case.id).where(Case.run_id == run_id).order_by(Case.id)
    if state:
        statement = statement.where(Case.state == state)
    return [row[0] for row in pages.query(statement)]


def close_posting(pages: Pages, step: str, posting_id: int, end: dt.date) -> dt.date:
    """Close the posting the day after its end; a complaint may have moved the end: the page says when."""
    pages.today(end + dt.timedelta(days=1))
    response = pages.client("canbo").post(f"/postings/{posting_id}/close", base_url=BASE_URL)
    if response.status_code == 409:
        found = re.search(r"Kết thúc được từ ngày (\d\d/\d\d/\d{4})", response.get_data(as_text=True))
        if found:
            pages.today(dt.datetime.strptime(found.group(1), "%d/%m/%Y").date())
            response = pages.client("canbo").post(f"/postings/{posting_id}/close", base_url=BASE_URL)
    if response.status_code != 302:
        raise GalleryError(
            f"step «{step}»: POST /postings/{posting_id}/close answered {response.status_code}: "
            f"{_messages(response.get_data(as_text=True))}"
        )
    return pages.clock.day  # type: ignore[return-value]
