"""The commune's register of outgoing documents: numbers shown before issuing, taken once, never invented;
a document without a number never moves a case."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from flask import Flask
from sqlalchemy import select

from casework.extensions import db
from casework.models import AdminUnit, Case, CaseType, Document, RegisterEntry, ReviewRun, RunKind
from casework.postings import service as postings
from casework.register.service import Series
from tests.casework.approvals.test_upper import campaign
from tests.casework.cases.helpers import log_request, sign_step, state_of, survey
from tests.casework.decisions.test_decisions import closed_cases, pdf_text
from tests.support.clock import Clock
from tests.support.signing import TestPki
from tests.support.world import World, add_household


def _text(response) -> str:  # type: ignore[no-untyped-def]
    return " ".join(response.get_data(as_text=True).split())


def _beside(field: str, message: str, page: str) -> bool:
    """The message is in the field's own block (class has-error), not only at the top of the page."""
    return re.search(r'has-error">\s*<label for="' + field + r'".*?' + re.escape(message), page, re.S) is not None


def _passed_meeting(app: Flask, world: World, keys: tuple[str, ...] = ("a1", "a2")) -> tuple[int, list[int]]:
    with app.app_context():
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
                household_id=world.households[key],
                origin="existing_list",
                state="meeting_passed",
                provisional_class="poor",
            )
            for key in keys
        ]
        db.session.add_all(cases)
        db.session.commit()
        return run.id, [case.id for case in cases]


def _post(client, run_id: int, case_ids: list[int], number: str = ""):  # type: ignore[no-untyped-def]
    form = {
        "case_ids": [str(i) for i in case_ids],
        "places": "Nhà văn hóa thôn",
        "starts_on": "15/10/2026",
        "notice_number": number,
    }
    url = f"/runs/{run_id}/postings/new"
    preview = client.post(url, data={**form, "action": "preview"})
    ends = re.search(r'name="ends_on" type="hidden" value="([^"]+)"', preview.get_data(as_text=True))
    return preview, client.post(url, data={**form, "ends_on": ends.group(1) if ends else "", "action": "confirm"})


@pytest.fixture
def october(clock: Clock) -> dt.date:
    return clock.set(dt.date(2026, 10, 15))


def test_the_next_number_is_shown_then_used_and_printed(app: Flask, world: World, login_as, october) -> None:  # type: ignore[no-untyped-def]
    run_id, ids = _passed_meeting(app, world)
    client = login_as("canbo")
    page = _text(client.get(f"/runs/{run_id}/postings/new"))
    assert "Số tiếp theo trong sổ: 01/TB-UBND." in page
    preview, done = _post(client, run_id, ids[:1])
    assert "Thông báo số 01/TB-UBND theo sổ văn bản đi." in _text(preview)
    assert done.status_code == 302, done.get_data(as_text=True)[:2000]
    with app.app_context():
        notice = db.session.execute(select(Document).where(Document.kind == "posting_notice")).scalar_one()
        assert (notice.document_number, notice.issued_on) == ("01/TB-UBND", dt.date(2026, 10, 15))
        assert notice.context["draft"] is False
        text = " ".join(pdf_text(notice.content).split())
        assert "Số: 01/TB-UBND" in text and "ngày 15 tháng 10 năm 2026" in text and "DỰ THẢO" not in text
        entry = db.session.execute(select(RegisterEntry)).scalar_one()
        assert (entry.year, entry.symbol, entry.number, entry.document_id) == (2026, "TB-UBND", 1, notice.id)
    assert "Số tiếp theo trong sổ: 02/TB-UBND." in _text(client.get(f"/runs/{run_id}/postings/new"))


def test_a_number_already_in_the_register_is_refused_beside_the_field(
    app: Flask, world: World, login_as, october
) -> None:  # type: ignore[no-untyped-def]
    run_id, ids = _passed_meeting(app, world)
    client = login_as("canbo")
    _, first = _post(client, run_id, ids[:1], "05")
    assert first.status_code == 302
    preview, again = _post(client, run_id, ids[1:], "5")
    assert preview.status_code == 422 and again.status_code == 422
    page = again.get_data(as_text=True)
    assert _beside("notice_number", "Số 05/TB-UBND đã được cấp ngày 15/10/2026 trong sổ văn bản đi năm 2026.", page)
    assert "Số tiếp theo trong sổ: 06/TB-UBND." in page
    assert state_of(app, ids[1]) == "meeting_passed"
    with app.app_context():
        assert len(db.session.execute(select(RegisterEntry)).all()) == 1


def test_a_gap_in_the_register_only_warns(app: Flask, world: World, login_as, october) -> None:  # type: ignore[no-untyped-def]
    run_id, ids = _passed_meeting(app, world)
    client = login_as("canbo")
    preview, done = _post(client, run_id, ids[:1], "4")
    assert "Lưu ý: số 04/TB-UBND bỏ qua các số từ 01 đến 03 trong sổ văn bản đi năm 2026." in _text(preview)
    assert done.status_code == 302 and state_of(app, ids[0]) == "posted"


def test_a_notice_without_a_number_is_a_draft_and_moves_no_case(app: Flask, world: World, login_as, october) -> None:  # type: ignore[no-untyped-def]
    run_id, ids = _passed_meeting(app, world)
    with app.test_request_context():
        from casework.errors import Refused
        from casework.models import User

        run = db.session.get_one(ReviewRun, run_id)
        actor = db.session.get_one(User, world.users["canbo"])
        ready = [db.session.get_one(Case, i) for i in ids]
        plan = postings.plan_posting(run, None, ready, ids, "Nhà văn hóa", dt.date(2026, 10, 15))
        assert plan.notice_number == 1  # the register's next number, never a blank
        draft = postings.PostingPlan(**{**plan.__dict__, "notice_number": None})
        with pytest.raises(Refused) as refused:
            postings.open_posting(draft, actor, dt.date(2026, 10, 15))
        assert refused.value.field == "notice_number" and "bản dự thảo không chuyển được hồ sơ" in refused.value.message
        db.session.rollback()
    assert [state_of(app, i) for i in ids] == ["meeting_passed", "meeting_passed"]


def test_numbers_restart_on_the_first_of_january(app: Flask, world: World) -> None:
    with app.app_context():
        commune = db.session.get_one(AdminUnit, world.ids["commune_a"])
        december = Series.of(commune, "TB-UBND", dt.date(2026, 12, 31))
        notice = Document(kind="posting_notice", sha256="0" * 64, context={})
        db.session.add(notice)
        db.session.flush()
        for number in (1, 2):
            december.take(number, issued_on=dt.date(2026, 12, 31), document=notice, actor=None)
        assert december.next_text() == "03/TB-UBND"
        assert Series.of(commune, "TB-UBND", dt.date(2027, 1, 1)).next_text() == "01/TB-UBND"
        assert Series.of(commune, "QĐ-UBND", dt.date(2026, 12, 31)).next_text() == "01/QĐ-UBND"  # split by type
        commune.settings = {"register_by_type": False}
        assert Series.of(commune, "QĐ-UBND", dt.date(2026, 12, 31)).next_text() == "03/QĐ-UBND"  # one shared series
        db.session.rollback()


def test_the_database_refuses_a_number_twice_in_a_year(app: Flask, world: World) -> None:
    from sqlalchemy.exc import IntegrityError

    with app.app_context():
        row = dict(unit_id=world.ids["commune_a"], year=2026, series="TB-UBND", symbol="TB-UBND", number=3,
                   issued_on=dt.date(2026, 10, 1), kind="posting_notice")  # fmt: skip
        db.session.add(RegisterEntry(**row))
        db.session.flush()
        db.session.add(RegisterEntry(**row))
        with pytest.raises(IntegrityError):
            db.session.flush()
        db.session.rollback()


@pytest.fixture
def decision_day(clock: Clock) -> dt.date:
    return clock.set(dt.date(2026, 10, 20))


def test_the_certificates_of_a_decision_take_consecutive_numbers(  # type: ignore[no-untyped-def]
    app: Flask, world: World, login_as, decision_day, test_pki: TestPki
) -> None:
    with app.app_context():
        world.households["third"] = add_household(world, "a1")
        db.session.commit()
    run_id, ids = closed_cases(app, world, {"a1": "poor", "a2": "near_poor", "third": "poor"})
    with app.app_context():  # one certificate was issued before this decision, in another run
        commune = db.session.get_one(AdminUnit, world.ids["commune_a"])
        earlier = Document(kind="certificate", sha256="0" * 64, context={})
        db.session.add(earlier)
        db.session.flush()
        Series.of(commune, "GCN-HN.HCN", decision_day).take(1, issued_on=decision_day, document=earlier, actor=None)
        db.session.commit()
    staff = login_as("canbo")
    assert staff.post(f"/runs/{run_id}/prepare").status_code == 302
    staff.post("/logout")
    chairman = login_as("chutich")
    drafted = chairman.post(
        f"/runs/{run_id}/decision", data={"number": "", "symbol": "QĐ-UBND", "issued_on": "20/10/2026"}
    )
    assert drafted.status_code == 302, drafted.get_data(as_text=True)[:2000]
    assert sign_step(chairman, drafted, test_pki, "chutich").status_code == 302
    assert {state_of(app, i) for i in ids.values()} == {"recognised"}
    with app.app_context():
        certificates = db.session.execute(
            select(Document).where(Document.kind == "certificate", Document.case_id.is_not(None), Document.version == 1)
            .order_by(Document.case_id)
        ).scalars().all()  # fmt: skip
        # Consecutive after the register's last, in the order the decision lists the households.
        numbers = sorted(c.document_number for c in certificates)
        assert numbers == ["02/GCN-HN.HCN", "03/GCN-HN.HCN", "04/GCN-HN.HCN"]
        for certificate in certificates:
            printed = " ".join(pdf_text(certificate.content).split())
            assert f"Số: {certificate.document_number}" in printed
        decision = db.session.execute(
            select(Document).where(Document.kind == "recognition_decision", Document.version == 1)
        ).scalar_one()
        assert decision.document_number == "01/QĐ-UBND"
        taken = db.session.execute(select(RegisterEntry.symbol, RegisterEntry.number).order_by(RegisterEntry.id)).all()
        assert sorted(taken) == [("GCN-HN.HCN", n) for n in (1, 2, 3, 4)] + [("QĐ-UBND", 1)]


def test_a_refusal_letter_carries_the_drafting_unit(app: Flask, world: World, login_as, decision_day) -> None:  # type: ignore[no-untyped-def]
    staff = login_as("canbo")
    page = staff.get(f"/units/communes/{world.ids['commune_a']}/documents")
    assert page.status_code == 200
    bad = staff.post(
        f"/units/communes/{world.ids['commune_a']}/documents",
        data={"register_by_type": "type", "letter_drafting_unit": "V P", "receipt_symbol": "TNHS"},
    )
    assert bad.status_code == 422 and _beside(
        "letter_drafting_unit", "viết hoa, không dấu cách", bad.get_data(as_text=True)
    )
    saved = staff.post(
        f"/units/communes/{world.ids['commune_a']}/documents",
        data={"register_by_type": "type", "letter_drafting_unit": "vp", "receipt_symbol": "TNHS"},
    )
    assert saved.status_code == 302
    case_id = log_request(app, staff, world.households["a1"], "20/10/2026")
    staff.post("/logout")
    surveyor = login_as("rasoat")
    survey(app, surveyor, case_id, b1="300", day="20/10/2026")
    surveyor.post("/logout")
    with app.app_context():
        case = db.session.get(Case, case_id)
        case.state = "ready_for_decision"
        db.session.commit()
    chairman = login_as("chutich")
    form = chairman.get(f"/cases/{case_id}/refuse")
    assert "Số tiếp theo trong sổ: 01/UBND-VP." in _text(form)
    done = chairman.post(
        f"/cases/{case_id}/refuse",
        data={"reasons": "Điểm B1 = 300, cao hơn ngưỡng.", "number": "", "issued_on": "20/10/2026"},
    )
    assert done.status_code == 302, done.get_data(as_text=True)[:2000]
    with app.app_context():
        letter = db.session.execute(select(Document).where(Document.kind == "refusal_letter")).scalar_one()
        assert letter.document_number == "01/UBND-VP"
        assert "Số: 01/UBND-VP" in " ".join(pdf_text(letter.content).split())


def test_the_receipt_is_numbered_and_dated_from_the_register(app: Flask, world: World, login_as, decision_day) -> None:  # type: ignore[no-untyped-def]
    staff = login_as("canbo")
    first = log_request(app, staff, world.households["a1"], "19/10/2026")
    second = log_request(app, staff, world.households["a2"], "20/10/2026")
    with app.app_context():
        receipts = {
            d.case_id: d
            for d in db.session.execute(select(Document).where(Document.kind == "request_receipt")).scalars()
        }
        assert (receipts[first].document_number, receipts[first].issued_on) == ("01/TNHS", dt.date(2026, 10, 19))
        assert receipts[second].document_number == "02/TNHS"
        text = " ".join(pdf_text(receipts[first].content).split())
        assert "Số: 01/TNHS" in text and "ngày 19 tháng 10 năm 2026" in text


def test_a_decision_drafted_again_keeps_its_number_and_a_used_one_is_refused(  # type: ignore[no-untyped-def]
    app: Flask, world: World, login_as, decision_day
) -> None:
    run_id, _ = closed_cases(app, world, {"a1": "poor"})
    with app.app_context():  # 01/QĐ-UBND went to another decision this year
        commune = db.session.get_one(AdminUnit, world.ids["commune_a"])
        other = Document(kind="recognition_decision", sha256="0" * 64, context={})
        db.session.add(other)
        db.session.flush()
        Series.of(commune, "QĐ-UBND", decision_day).take(1, issued_on=dt.date(2026, 3, 2), document=other, actor=None)
        db.session.commit()
    staff = login_as("canbo")
    assert staff.post(f"/runs/{run_id}/prepare").status_code == 302
    staff.post("/logout")
    chairman = login_as("chutich")
    url = f"/runs/{run_id}/decision"
    used = chairman.post(url, data={"number": "1", "symbol": "QĐ-UBND", "issued_on": "20/10/2026"})
    assert used.status_code == 422
    assert _beside("number", "Số 01/QĐ-UBND đã được cấp ngày 02/03/2026", used.get_data(as_text=True))
    assert chairman.post(url, data={"number": "", "symbol": "QĐ-UBND", "issued_on": "20/10/2026"}).status_code == 302
    # The draft waiting for the signature gives its number back when the chairman drafts it again.
    assert "Số tiếp theo trong sổ: 02/QĐ-UBND." in _text(chairman.get(url))
    assert chairman.post(url, data={"number": "", "symbol": "QĐ-UBND", "issued_on": "20/10/2026"}).status_code == 302
    with app.app_context():
        entries = db.session.execute(select(RegisterEntry).order_by(RegisterEntry.number)).scalars().all()
        assert [(e.symbol, e.number) for e in entries] == [("QĐ-UBND", 1), ("QĐ-UBND", 2)]
        latest = db.session.execute(
            select(Document).where(Document.kind == "recognition_decision").order_by(Document.id.desc()).limit(1)
        ).scalar_one()
        assert (entries[1].document_id, latest.document_number) == (latest.id, "02/QĐ-UBND")


def test_the_report_to_the_upper_level_shows_and_takes_the_next_number(  # type: ignore[no-untyped-def]
    app: Flask, world: World, login_as, clock: Clock
) -> None:
    clock.set(dt.date(2025, 11, 20))  # inside the 2025 campaign window
    run_id, ids = campaign(app, world)
    chairman = login_as("chutich")
    assert "Số tiếp theo trong sổ: 01/BC-UBND." in _text(chairman.get(f"/runs/{run_id}/upper"))
    sent = chairman.post(f"/runs/{run_id}/upper", data={"number": "", "symbol": "BC-UBND"})
    assert sent.status_code == 302, sent.get_data(as_text=True)[:2000]
    assert {state_of(app, i) for i in ids.values()} == {"upper_review"}
    with app.app_context():
        report = db.session.execute(select(Document).where(Document.kind == "upper_report")).scalar_one()
        assert report.document_number == "01/BC-UBND"
        assert "Số: 01/BC-UBND" in " ".join(pdf_text(report.content).split())
