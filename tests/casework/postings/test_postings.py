"""Public posting: open it for a village, complaints and re-checks during it, and its close.

Cases are put straight into `meeting_passed` (the meeting step is built elsewhere). Dates are
pinned: 15/10/2026 is a Thursday, so a 3-working-day posting ends on Tuesday 20/10/2026.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from casework.extensions import db
from casework.households.data import HouseholdData
from casework.households.service import save_household
from casework.models import (
    Case,
    CaseEvent,
    CaseType,
    Complaint,
    Document,
    HouseholdStatus,
    Posting,
    Recheck,
    Relationship,
    ReviewRun,
    RunKind,
    Sex,
)
from casework.postings import service as postings
from tests.support.clock import Clock
from tests.support.world import World, member
from workflow.engine import TransitionNotAllowed

SECOND_HEAD = ("Hầu Mí Sùng", "002070006006")
FIRST_HEAD = ("Giàng Seo Páo", "002080001001")  # the world's household of village a1


@pytest.fixture
def clock(clock: Clock) -> Clock:
    """Tests move today along the posting, from its first day 15/10/2026 (a posting never starts in the future)."""
    clock.set(dt.date(2026, 10, 15))
    return clock


@dataclass
class Seeded:
    run: int
    first: int  # case of the world's a1 household (poor)
    second: int  # case of a second a1 household (near-poor)
    other_village: int  # case in village a2
    village_a1: int


@pytest.fixture
def seeded(app: Flask, world: World) -> Seeded:
    with app.app_context():
        a1 = world.ids["village_a1"]
        name, pid = SECOND_HEAD
        second = save_household(
            None,
            HouseholdData(
                village_id=a1,
                permanent_address="Thôn Lô Lô Chải",
                current_address="Thôn Lô Lô Chải",
                members=[member(name, Sex.MALE, dt.date(1970, 5, 17), Relationship.HEAD, pid)],
            ),
            actor=None,
        )
        run = ReviewRun(
            commune_id=world.ids["commune_a"],
            kind=RunKind.PERIODIC_CAMPAIGN,
            period_year=2026,
            starts_on=dt.date(2026, 9, 1),
            settings={},
        )
        cases = [
            Case(
                case_type=CaseType.PERIODIC_REVIEW,
                run=run,
                household_id=household,
                origin="existing_list",
                state="meeting_passed",
                provisional_class=klass,
            )
            for household, klass in (
                (world.households["a1"], "poor"),
                (second.id, "near_poor"),
                (world.households["a2"], "poor"),
            )
        ]
        db.session.add_all(cases)
        db.session.commit()
        return Seeded(run.id, cases[0].id, cases[1].id, cases[2].id, a1)


def states(app: Flask, *case_ids: int) -> list[str]:
    with app.app_context():
        return [db.session.get_one(Case, case_id).state for case_id in case_ids]


def count(app: Flask, model: type) -> int:
    with app.app_context():
        return db.session.execute(select(func.count()).select_from(model)).scalar_one()


def post_village(client: FlaskClient, seeded: Seeded, start: str = "15/10/2026", end: str = "20/10/2026") -> int:
    """Confirm a posting of both a1 cases; returns the posting's id."""
    response = client.post(
        f"/runs/{seeded.run}/postings/new?village={seeded.village_a1}",
        data={
            "case_ids": [str(seeded.first), str(seeded.second)],
            "places": "Nhà văn hóa thôn Lô Lô Chải",
            "starts_on": start,
            "ends_on": end,
            "action": "confirm",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    return int(response.headers["Location"].rsplit("/", 1)[1])


def pdf_text(pdf: bytes) -> str:
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    return " ".join(unicodedata.normalize("NFC", text.decode()).split())


def text_of(response) -> str:  # type: ignore[no-untyped-def]
    return " ".join(response.get_data(as_text=True).split())


def test_posting_a_village_posts_all_its_ready_cases_until_the_computed_end(  # type: ignore[no-untyped-def]
    app: Flask, seeded: Seeded, login_as, clock: Clock
) -> None:
    client = login_as("canbo")
    url = f"/runs/{seeded.run}/postings/new?village={seeded.village_a1}"
    page = text_of(client.get(url))
    assert FIRST_HEAD[0] in page and SECOND_HEAD[0] in page
    assert "Vàng Thị Mỷ" not in page  # a2's household is not in this village's posting
    assert "Nhà văn hóa thôn Lô Lô Chải; Trụ sở UBND xã Lũng Cú" in page

    form = {
        "case_ids": [str(seeded.first), str(seeded.second)],
        "places": "Nhà văn hóa thôn Lô Lô Chải; UBND xã",
        "starts_on": "15/10/2026",
    }
    preview = client.post(url, data={**form, "action": "preview"})
    assert preview.status_code == 200
    assert "đến hết ngày 20/10/2026 (3 ngày làm việc)" in text_of(preview)  # Thursday + Fri, Mon, Tue
    # Confirming with an end the user was not shown previews again instead of posting.
    stale = client.post(url, data={**form, "ends_on": "19/10/2026", "action": "confirm"})
    assert stale.status_code == 200 and "Xác nhận niêm yết" in text_of(stale)
    assert count(app, Posting) == 0

    confirmed = client.post(url, data={**form, "ends_on": "20/10/2026", "action": "confirm"})
    assert confirmed.status_code == 302, confirmed.get_data(as_text=True)[:3000]
    assert states(app, seeded.first, seeded.second, seeded.other_village) == ["posted", "posted", "meeting_passed"]
    with app.app_context():
        posting = db.session.execute(select(Posting)).scalar_one()
        assert (posting.starts_on, posting.ends_on) == (dt.date(2026, 10, 15), dt.date(2026, 10, 20))
        assert sorted(c.id for c in posting.cases) == [seeded.first, seeded.second]
        notice = db.session.execute(select(Document)).scalar_one()
        assert (notice.kind, notice.case_id, notice.id) == ("posting_notice", None, posting.document_id)
        link = f"/documents/{notice.id}.pdf"
        events = db.session.execute(select(CaseEvent).where(CaseEvent.trigger == "post")).scalars().all()
        assert {(e.facts["posting_end"], tuple(e.facts["document_ids"])) for e in events} == {
            ("2026-10-20", (notice.id,))
        }

    detail = client.get(confirmed.headers["Location"])
    assert detail.status_code == 200 and link in detail.get_data(as_text=True)
    text = pdf_text(client.get(link).data)
    assert FIRST_HEAD[0] in text and SECOND_HEAD[0] in text and "Hộ cận nghèo" in text
    assert "đến hết ngày 20 tháng 10 năm 2026" in text
    assert FIRST_HEAD[1] not in text and SECOND_HEAD[1] not in text  # minimum fields only
    # The notice names the standard its results were classified under (the campaign's, by its title).
    assert "Chuẩn nghèo áp dụng: Chuẩn nghèo đa chiều giai đoạn 2022-2025" in " ".join(text.split())


def test_the_notice_counts_a_poor_household_now_near_poor_as_exiting_poverty(  # type: ignore[no-untyped-def]
    app: Flask, seeded: Seeded, login_as, clock: Clock
) -> None:
    """The notice's counts agree with the decision to come: poor last year and near-poor now is both."""
    with app.app_context():
        second = db.session.get_one(Case, seeded.second)
        db.session.add(HouseholdStatus(household_id=second.household_id, year=2025, household_class="poor"))
        db.session.commit()
    client = login_as("canbo")
    post_village(client, seeded)
    with app.app_context():
        notice = db.session.execute(select(Document).where(Document.kind == "posting_notice")).scalar_one()
        text = pdf_text(notice.content)
    assert re.search(r"1 Hộ nghèo 1 \d+ 2 Hộ cận nghèo 1 \d+ 3 Hộ thoát nghèo 1 \d+ 4 Hộ thoát cận nghèo 0 0", text)


def test_bad_input_is_explained_next_to_the_field_and_nothing_is_written(  # type: ignore[no-untyped-def]
    app: Flask, seeded: Seeded, login_as, clock: Clock
) -> None:
    client = login_as("canbo")
    url = f"/runs/{seeded.run}/postings/new"
    bad = client.post(
        url,
        data={
            "case_ids": [str(seeded.first)],
            "places": " ",
            "starts_on": "31/02/2026",
            "notice_number": "0",
            "action": "confirm",
        },
    )
    assert bad.status_code == 422
    page = bad.get_data(as_text=True)
    for message in ("Không được để trống.", "Ngày 31/02/2026 không tồn tại.", "Số văn bản là số nguyên từ 01"):
        assert re.search(r'has-error">.*?' + re.escape(message), page, re.S), message
    nothing = client.post(url, data={"places": "UBND xã", "starts_on": "15/10/2026", "action": "preview"})
    assert nothing.status_code == 422 and "Chọn ít nhất một hộ để niêm yết." in nothing.get_data(as_text=True)
    assert count(app, Posting) == 0 and count(app, Document) == 0 and count(app, CaseEvent) == 0


def test_one_refused_household_rolls_the_whole_posting_back(  # type: ignore[no-untyped-def]
    app: Flask, seeded: Seeded, login_as, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = login_as("canbo")
    real_apply = postings.apply

    def refuse_second(case: Case, trigger: str, **kwargs):  # type: ignore[no-untyped-def]
        if case.id == seeded.second:
            raise TransitionNotAllowed(trigger, case.state, "Lý do thử nghiệm.")
        return real_apply(case, trigger, **kwargs)

    monkeypatch.setattr(postings, "apply", refuse_second)
    response = client.post(
        f"/runs/{seeded.run}/postings/new?village={seeded.village_a1}",
        data={
            "case_ids": [str(seeded.first), str(seeded.second)],
            "places": "UBND xã",
            "starts_on": "15/10/2026",
            "ends_on": "20/10/2026",
            "action": "confirm",
        },
    )
    assert response.status_code == 409
    assert f"Hộ {SECOND_HEAD[0]} (Thôn Lô Lô Chải): Lý do thử nghiệm." in response.get_data(as_text=True)
    assert states(app, seeded.first, seeded.second) == ["meeting_passed", "meeting_passed"]
    assert count(app, Posting) == 0 and count(app, Document) == 0 and count(app, CaseEvent) == 0


def test_outside_the_campaign_window_the_guard_refuses_and_says_why(  # type: ignore[no-untyped-def]
    app: Flask, seeded: Seeded, login_as, clock: Clock
) -> None:
    clock.set(dt.date(2026, 12, 15))
    client = login_as("canbo")
    response = client.post(
        f"/runs/{seeded.run}/postings/new",
        data={
            "case_ids": [str(seeded.first), str(seeded.other_village)],
            "places": "UBND xã",
            "starts_on": "15/12/2026",
            "ends_on": "18/12/2026",
            "action": "confirm",
        },
    )
    assert response.status_code == 409
    assert "Ngoài thời gian rà soát định kỳ năm 2026" in text_of(response)
    assert states(app, seeded.first, seeded.other_village) == ["meeting_passed", "meeting_passed"]
    assert count(app, Posting) == 0


def test_a_complaint_after_the_posting_ended_is_refused_and_nothing_changes(  # type: ignore[no-untyped-def]
    app: Flask, seeded: Seeded, login_as, clock: Clock
) -> None:
    client = login_as("canbo")
    posting = post_village(client, seeded)
    clock.set(dt.date(2026, 10, 22))
    events_before = count(app, CaseEvent)
    response = client.post(
        f"/postings/{posting}/complaints",
        data={
            "case_id": str(seeded.first),
            "received_on": "21/10/2026",
            "received_time": "09:30",
            "channel": "in_person",
            "complainant": "Lò Thị Hoa",
            "kind": "inclusion",
            "content": "Hộ có xe tải.",
        },
    )
    assert response.status_code == 409
    message = "Khiếu nại nhận ngày 21/10/2026, sau khi hết thời gian niêm yết (20/10/2026)."
    assert re.search(r'has-error">.*?' + re.escape(message), response.get_data(as_text=True), re.S)
    assert states(app, seeded.first, seeded.second) == ["posted", "posted"]
    assert count(app, Complaint) == 0 and count(app, CaseEvent) == events_before
    assert count(app, Document) == 1  # the notice only, no complaint record


def test_complaint_form_errors_sit_next_to_their_fields(  # type: ignore[no-untyped-def]
    app: Flask, seeded: Seeded, login_as, clock: Clock
) -> None:
    client = login_as("canbo")
    posting = post_village(client, seeded)
    response = client.post(
        f"/postings/{posting}/complaints",
        data={
            "case_id": str(seeded.other_village),
            "received_on": "15/10/2026",
            "received_time": "25:00",
            "channel": "fax",
            "complainant": " ",
            "content": "",
        },
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    for message in (
        "Lựa chọn không hợp lệ.",
        "Giờ phải viết dạng hh:mm, ví dụ 14:15.",
        "Không được để trống.",
        "Ghi họ tên người phản ánh, hoặc chọn không công khai danh tính.",
    ):
        assert re.search(r'has-error">.*?' + re.escape(message), page, re.S), message
    assert count(app, Complaint) == 0 and states(app, seeded.first) == ["posted"]


def test_complaint_recheck_and_reposting_then_close_waits_for_the_new_end(  # type: ignore[no-untyped-def]
    app: Flask, seeded: Seeded, login_as, clock: Clock
) -> None:
    client = login_as("canbo")
    posting = post_village(client, seeded)
    clock.set(dt.date(2026, 10, 16))
    filed = client.post(
        f"/postings/{posting}/complaints",
        data={
            "case_id": str(seeded.first),
            "received_on": "16/10/2026",
            "received_time": "14:15",
            "channel": "phone",
            "anonymous": "y",
            "kind": "data_error",
            "content": "Hộ thiếu 02 con nhỏ.",
        },
    )
    assert filed.status_code == 302, filed.get_data(as_text=True)[:3000]
    assert states(app, seeded.first, seeded.second) == ["under_recheck", "posted"]
    with app.app_context():
        complaint = db.session.execute(select(Complaint)).scalar_one()
        assert (complaint.status, complaint.complainant, complaint.kind) == ("open", "", "data_error")
        record = db.session.get_one(Document, complaint.document_id)
        assert (record.kind, record.case_id) == ("complaint_record", seeded.first)
        # The commune's first complaint of the year: its code counts the commune's complaints, not table rows.
        assert record.context["complaint_id"] == "KN-2026-001"
    assert f"/cases/{seeded.first}/recheck" in client.get(f"/postings/{posting}").get_data(as_text=True)

    clock.set(dt.date(2026, 10, 19))
    url = f"/cases/{seeded.first}/recheck"
    assert "hết ngày 21/10/2026" in text_of(client.get(url))  # 3 working days after Friday 16/10
    form = {
        "team": "Hoàng Thị Lan, Phó Chủ tịch UBND xã\nĐỗ Thị Hà, Công chức",
        "started_on": "19/10/2026",
        "finished_on": "19/10/2026",
        "conclusion": "class_changed",
        "notes": "Bổ sung 02 thành viên.",
    }
    missing = client.post(url, data=form)
    assert missing.status_code == 422 and "Chọn loại hộ sau phúc tra, khác loại hộ đang niêm yết." in text_of(missing)
    assert count(app, Recheck) == 0

    done = client.post(url, data={**form, "new_class": "near_poor"})
    assert done.status_code == 302, done.get_data(as_text=True)[:3000]
    assert states(app, seeded.first) == ["posted"]
    with app.app_context():
        case = db.session.get_one(Case, seeded.first)
        recheck = db.session.execute(select(Recheck)).scalar_one()
        assert (case.provisional_class, recheck.old_class, recheck.new_class) == ("near_poor", "poor", "near_poor")
        assert recheck.complaint.status == "resolved"
        assert db.session.get_one(Document, recheck.document_id).kind == "recheck_record"
        event = case.events[-1]
        assert event.trigger == "finish_recheck"
        assert (event.facts["posting_start"], event.facts["posting_end"]) == ("2026-10-19", "2026-10-22")
        assert event.facts["document_ids"] == [recheck.document_id]

    # 21/10: the first posting is over, the re-posted result is not: nothing closes.
    clock.set(dt.date(2026, 10, 21))
    early = client.post(f"/postings/{posting}/close")
    assert early.status_code == 409
    # The posting closes as a whole: once the last re-posted result has been up for its full period.
    assert "Chưa hết thời gian niêm yết (đến hết ngày 22/10/2026). Kết thúc được từ ngày 23/10/2026." in text_of(early)
    assert states(app, seeded.first, seeded.second) == ["posted", "posted"]

    clock.set(dt.date(2026, 10, 23))
    assert client.post(f"/postings/{posting}/close").status_code == 302
    assert states(app, seeded.first, seeded.second) == ["posting_closed", "posting_closed"]


def test_a_late_recheck_needs_a_written_reason(  # type: ignore[no-untyped-def]
    app: Flask, seeded: Seeded, login_as, clock: Clock
) -> None:
    client = login_as("canbo")
    posting = post_village(client, seeded)
    clock.set(dt.date(2026, 10, 16))
    complaint = {
        "case_id": str(seeded.second),
        "received_on": "16/10/2026",
        "received_time": "08:00",
        "channel": "in_person",
        "complainant": "Lò Thị Hoa",
        "kind": "inclusion",
        "content": "Hộ có xe tải.",
    }
    assert client.post(f"/postings/{posting}/complaints", data=complaint).status_code == 302
    clock.set(dt.date(2026, 10, 23))
    form = {
        "team": "Hoàng Thị Lan, Phó Chủ tịch UBND xã",
        "started_on": "22/10/2026",
        "finished_on": "23/10/2026",
        "conclusion": "rejected",
    }
    late = client.post(f"/cases/{seeded.second}/recheck", data=form)
    assert late.status_code == 409
    message = "Quá hạn phúc tra: phải xong trong 3 ngày làm việc, tức hết ngày 21/10/2026."
    assert re.search(r'has-error">.*?' + re.escape(message), late.get_data(as_text=True), re.S)
    assert count(app, Recheck) == 0 and states(app, seeded.second) == ["under_recheck"]
    with app.app_context():
        assert db.session.execute(select(Complaint.status)).scalar_one() == "open"
        assert db.session.execute(select(Document.kind).where(Document.kind == "recheck_record")).first() is None

    explained = client.post(f"/cases/{seeded.second}/recheck", data={**form, "late_reason": "Mưa lũ chia cắt thôn."})
    assert explained.status_code == 302 and states(app, seeded.second) == ["posted"]


def test_closing_waits_for_the_end_of_the_posting(  # type: ignore[no-untyped-def]
    app: Flask, seeded: Seeded, login_as, clock: Clock
) -> None:
    client = login_as("canbo")
    posting = post_village(client, seeded)
    clock.set(dt.date(2026, 10, 20))
    early = client.post(f"/postings/{posting}/close")
    assert early.status_code == 409 and "Chưa hết thời gian niêm yết (đến hết ngày 20/10/2026)." in text_of(early)
    assert states(app, seeded.first, seeded.second) == ["posted", "posted"]

    clock.set(dt.date(2026, 10, 21))
    closed = client.post(f"/postings/{posting}/close")
    assert closed.status_code == 302
    assert states(app, seeded.first, seeded.second) == ["posting_closed", "posting_closed"]
    with app.app_context():
        assert db.session.get_one(Posting, posting).closed_on == dt.date(2026, 10, 21)
        closing = db.session.execute(select(CaseEvent).where(CaseEvent.trigger == "close_posting")).scalars().all()
        assert {(e.actor_role, e.facts["open_complaints"]) for e in closing} == {("commune_staff", 0)}


@pytest.fixture
def posted(app: Flask, seeded: Seeded, client: FlaskClient, login_as, clock: Clock) -> Iterator[int]:  # type: ignore[no-untyped-def]
    posting = post_village(login_as("canbo"), seeded)
    client.post("/logout")
    yield posting


def test_read_only_users_get_403_and_other_communes_404(  # type: ignore[no-untyped-def]
    app: Flask, seeded: Seeded, posted: int, login_as, client: FlaskClient
) -> None:
    new = f"/runs/{seeded.run}/postings/new"
    complaint = {
        "case_id": str(seeded.first),
        "received_on": "14/10/2026",
        "received_time": "08:00",
        "channel": "in_person",
        "complainant": "A",
        "kind": "inclusion",
        "content": "x",
    }
    login_as("mttq")
    assert client.get(new).status_code == 403
    assert client.post(new, data={"action": "confirm"}).status_code == 403
    page = client.get(f"/postings/{posted}")
    assert page.status_code == 200 and "Kết thúc niêm yết" not in page.get_data(as_text=True)
    assert client.post(f"/postings/{posted}/complaints", data=complaint).status_code == 403
    assert client.post(f"/postings/{posted}/close").status_code == 403
    assert client.get(f"/cases/{seeded.first}/recheck").status_code == 403

    client.post("/logout")
    login_as("truongthon")  # the village head of a1 reads the posting of their village
    assert client.get(f"/postings/{posted}").status_code == 200
    assert client.get(f"{new}?village={seeded.village_a1}").status_code == 403
    assert client.post(f"/postings/{posted}/close").status_code == 403

    client.post("/logout")
    login_as("canbo_b")
    assert client.get(new).status_code == 404
    assert client.get(f"/postings/{posted}").status_code == 404
    assert client.post(f"/postings/{posted}/complaints", data=complaint).status_code == 404
    assert client.post(f"/postings/{posted}/close").status_code == 404
    assert client.get(f"/cases/{seeded.first}/recheck").status_code == 404
    assert states(app, seeded.first, seeded.second) == ["posted", "posted"] and count(app, Complaint) == 0


def test_a_big_posting_is_opened_by_a_job_with_progress(  # type: ignore[no-untyped-def]
    app: Flask, seeded: Seeded, login_as, clock: Clock
) -> None:
    app.config.update(POSTING_JOB_THRESHOLD=1, LIST_CHUNK_ROWS=1)  # two households, two chunks
    client = login_as("canbo")
    response = client.post(
        f"/runs/{seeded.run}/postings/new?village={seeded.village_a1}",
        data={
            "case_ids": [str(seeded.first), str(seeded.second)],
            "places": "Nhà văn hóa thôn Lô Lô Chải",
            "starts_on": "15/10/2026",
            "ends_on": "20/10/2026",
            "action": "confirm",
        },
    )
    assert response.status_code == 302 and "/jobs/" in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Đã niêm yết 2 hộ." in page
    status = client.get(response.headers["Location"], headers={"Accept": "application/json"}).get_json()
    assert (status["status"], status["done"], status["total"]) == ("done", 2, 2)
    assert states(app, seeded.first, seeded.second) == ["posted", "posted"]
    with app.app_context():
        notice = db.session.get_one(Document, status["document_id"])
        assert notice.kind == "posting_notice" and "Giàng Seo Páo" in pdf_text(notice.content)
