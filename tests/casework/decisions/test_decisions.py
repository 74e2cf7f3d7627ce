"""The chairman recognises the households of a run in one decision, or refuses a request with reasons."""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess

import pytest
from flask import Flask
from sqlalchemy import select

from casework.extensions import db
from casework.models import Case, CaseType, Document, HouseholdStatus
from casework.models.signing import SignatureValidation
from tests.casework.cases.helpers import log_request, sign_step, state_of, survey
from tests.support.clock import Clock
from tests.support.signing import PASSPHRASE, TestPki
from tests.support.world import World, monthly_run
from workflow.engine import TransitionNotAllowed


@pytest.fixture
def today(clock: Clock) -> dt.date:
    day = dt.date(2026, 10, 20)
    return clock.set(day)


def closed_cases(app: Flask, world: World, classes: dict[str, str]) -> tuple[int, dict[str, int]]:
    """Cases of a monthly cycle already past their posting, with their provisional class."""
    with app.app_context():
        run = monthly_run(world)
        db.session.add(run)
        ids = {}
        for key, household_class in classes.items():
            case = Case(
                case_type=CaseType.REGULAR_REVIEW,
                run=run,
                household_id=world.households[key],
                origin="request",
                state="posting_closed",
                provisional_class=household_class,
            )
            db.session.add(case)
            db.session.flush()
            ids[key] = case.id
        if "a2" in classes:  # Vàng Thị Mỷ was poor last year: now near-poor, she exits poverty
            db.session.add(
                HouseholdStatus(
                    household_id=world.households["a2"], year=2025, household_class="poor", source="imported"
                )
            )
        db.session.commit()
        return run.id, ids


def _redirect_to(location: str):  # type: ignore[no-untyped-def]
    """A response that sends the browser to `location`, as a link on a page does."""
    from werkzeug.test import TestResponse

    return TestResponse([], 302, {"Location": location}, request=None)


def pdf_text(content: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()


def signed_decision() -> Document:
    """The decision as signed (the generated draft is version 1, the signed copy the latest version)."""
    return db.session.execute(
        select(Document).where(Document.kind == "recognition_decision").order_by(Document.version.desc()).limit(1)
    ).scalar_one()


def test_one_decision_recognises_every_ready_household_with_certificates(
    app: Flask, world: World, login_as, today, test_pki: TestPki
) -> None:  # type: ignore[no-untyped-def]
    run_id, ids = closed_cases(app, world, {"a1": "poor", "a2": "near_poor"})
    staff = login_as("canbo")
    assert staff.post(f"/runs/{run_id}/prepare").status_code == 302
    assert {state_of(app, i) for i in ids.values()} == {"ready_for_decision"}
    assert (
        staff.post(
            f"/runs/{run_id}/decision", data={"number": "12", "symbol": "QĐ-UBND", "issued_on": "20/10/2026"}
        ).status_code
        == 403
    )
    staff.post("/logout")

    chairman = login_as("chutich")
    page = chairman.get(f"/runs/{run_id}/decision").get_data(as_text=True)
    assert "Hộ thoát nghèo" in page and "Hộ nghèo" in page
    assert "Số tiếp theo trong sổ: 01/QĐ-UBND." in page
    wrong = chairman.post(
        f"/runs/{run_id}/decision", data={"number": "12a", "symbol": "QĐ-UBND", "issued_on": "20/10/2026"}
    )
    assert wrong.status_code == 422 and "Số văn bản là số nguyên từ 01 đến 99999" in wrong.get_data(as_text=True)
    drafted = chairman.post(
        f"/runs/{run_id}/decision", data={"number": "12", "symbol": "QĐ-UBND", "issued_on": "20/10/2026"}
    )
    assert {state_of(app, i) for i in ids.values()} == {"ready_for_decision"}  # not before the signature
    done = sign_step(chairman, drafted, test_pki, "chutich")
    assert done.status_code == 302, done.get_data(as_text=True)[:3000]
    assert done.headers["Location"] == drafted.headers["Location"]  # the chairman stays on the signed decision
    landed = chairman.get(done.headers["Location"]).get_data(as_text=True)
    assert "Văn bản đã được ký số và kiểm tra chữ ký hợp lệ." in landed and "Mở văn bản đã ký (PDF)" in landed
    assert "Kết quả kiểm tra chữ ký số" in landed
    assert f'<a class="button" href="/runs/{run_id}">Quay lại đợt rà soát</a>' in landed
    assert {state_of(app, i) for i in ids.values()} == {"recognised"}
    with app.app_context():
        decision = signed_decision()
        assert decision.version == 2 and decision.context["signed_from"]
        text = pdf_text(decision.content)
        assert "12/QĐ-UBND" in text and "Giàng Seo Páo" in text and "Vàng Thị Mỷ" in text
        assert " ".join(text.split()).count("chịu trách nhiệm thi hành Quyết định này") == 1
        assert "002080001001" not in text  # annex lists carry no ID numbers
        certificates = (
            db.session.execute(select(Document).where(Document.kind == "certificate").order_by(Document.case_id))
            .scalars()
            .all()
        )
        # Both are certified: the poor household, and the one that left poverty and is now near-poor.
        assert [c.case_id for c in certificates] == [ids["a1"], ids["a2"]]
        assert "GIẤY CHỨNG NHẬN HỘ NGHÈO" in pdf_text(certificates[0].content)
        rows = {row["year"]: row for row in certificates[1].context["endorsements"]}
        assert (rows[2026]["poor"], rows[2026]["near_poor"]) == ("", "X")  # endorsed as near-poor
        assert (rows[2025]["poor"], rows[2025]["near_poor"]) == ("X", "")  # poor the year before
        # It is on the exited-poor list and on the near-poor list of the decision.
        annex = " ".join(text.split())
        assert annex.count("Vàng Thị Mỷ") == 2
        # Signing in the app, the chairman signed the certificate with the decision; its report is kept.
        (report,) = db.session.execute(
            select(SignatureValidation).where(SignatureValidation.document_id == certificates[0].id)
        ).scalars()
        assert report.valid and report.report["signatures"][0]["signer"] == "Chutich"
        code = certificates[0].verification_code
        statuses = dict(
            db.session.execute(
                select(HouseholdStatus.household_id, HouseholdStatus.household_class).where(
                    HouseholdStatus.year == 2026
                )
            ).all()
        )
        assert statuses == {world.households["a1"]: "poor", world.households["a2"]: "near_poor"}
        finals = dict(db.session.execute(select(Case.id, Case.final_class)).all())
        assert finals == {ids["a1"]: "poor", ids["a2"]: "exited_poor"}
    public = chairman.get(f"/v/{code}").get_data(as_text=True)
    assert "Chữ ký số hợp lệ" in public and "Chutich" in public


def test_a_request_is_refused_only_with_reasons(app: Flask, world: World, login_as, today) -> None:  # type: ignore[no-untyped-def]
    staff = login_as("canbo")
    case_id = log_request(app, staff, world.households["a1"], "20/10/2026")
    staff.post("/logout")
    surveyor = login_as("rasoat")
    survey(app, surveyor, case_id, b1="300", day="20/10/2026")
    surveyor.post("/logout")
    with app.app_context():
        case = db.session.get(Case, case_id)
        case.state = "ready_for_decision"  # the meeting and posting steps are tested on their own
        db.session.commit()
    chairman = login_as("chutich")
    empty = chairman.post(f"/cases/{case_id}/refuse", data={"reasons": " ", "number": "7", "issued_on": "20/10/2026"})
    assert empty.status_code == 422 and "Phải nêu lý do không công nhận." in empty.get_data(as_text=True)
    assert state_of(app, case_id) == "ready_for_decision"
    done = chairman.post(
        f"/cases/{case_id}/refuse",
        data={"reasons": "Điểm B1 = 300, cao hơn ngưỡng 140.", "number": "7", "issued_on": "20/10/2026"},
    )
    assert done.status_code == 302
    assert state_of(app, case_id) == "not_recognised"
    with app.app_context():
        letter = db.session.execute(select(Document).where(Document.kind == "refusal_letter")).scalar_one()
        text = pdf_text(letter.content)
        assert "Điểm B1 = 300" in text and "Giàng Seo Páo" in text


def test_withdrawal_needs_the_signed_letter_as_a_pdf(app: Flask, world: World, login_as, today) -> None:  # type: ignore[no-untyped-def]
    import io

    staff = login_as("canbo")
    case_id = log_request(app, staff, world.households["a1"], "20/10/2026")
    refused = staff.post(
        f"/cases/{case_id}/withdraw",
        data={"letter": (io.BytesIO(b"not a pdf"), "don.pdf")},
        content_type="multipart/form-data",
    )
    assert refused.status_code == 422 and "không phải PDF" in refused.get_data(as_text=True)
    assert state_of(app, case_id) == "requested"
    done = staff.post(
        f"/cases/{case_id}/withdraw",
        data={"letter": (io.BytesIO(b"%PDF-1.4 signed letter"), "don.pdf")},
        content_type="multipart/form-data",
    )
    assert done.status_code == 302 and state_of(app, case_id) == "withdrawn"


def test_a_big_decision_is_issued_by_a_job_with_progress(  # type: ignore[no-untyped-def]
    app: Flask, world: World, login_as, today, test_pki: TestPki
) -> None:
    app.config["DECISION_JOB_THRESHOLD"] = 1  # two households: more than the threshold
    run_id, ids = closed_cases(app, world, {"a1": "poor", "a2": "near_poor"})
    staff = login_as("canbo")
    assert staff.post(f"/runs/{run_id}/prepare").status_code == 302
    staff.post("/logout")
    chairman = login_as("chutich")
    queued = chairman.post(
        f"/runs/{run_id}/decision",
        data={"number": "12", "symbol": "QĐ-UBND", "issued_on": "20/10/2026"},
        base_url="http://localhost:8123",  # the address the chairman reached the app by
    )
    assert queued.status_code == 302 and "/jobs/" in queued.headers["Location"]
    page = chairman.get(queued.headers["Location"]).get_data(as_text=True)
    assert "Đã lập dự thảo quyết định; quyết định cần chữ ký số của Chủ tịch." in page
    sign_link = re.search(r'href="(/signing/\d+)"', page).group(1)
    assert {state_of(app, i) for i in ids.values()} == {"ready_for_decision"}

    signed = sign_step(chairman, _redirect_to(sign_link), test_pki, "chutich")
    assert signed.status_code == 302 and signed.headers["Location"] == sign_link  # the signed decision's page
    landed = chairman.get(sign_link).get_data(as_text=True)
    assert "Văn bản đã được ký số và kiểm tra chữ ký hợp lệ." in landed
    assert f'href="/runs/{run_id}"' in landed  # back to the campaign
    job_link = re.search(r'href="(/jobs/\d+)">Xem tiến độ lập giấy chứng nhận', landed).group(1)
    page = chairman.get(job_link).get_data(as_text=True)
    assert "Đã ban hành quyết định công nhận và giấy chứng nhận." in page
    status = chairman.get(job_link, headers={"Accept": "application/json"}).get_json()
    assert (status["status"], status["done"], status["total"]) == ("done", 2, 2)  # the poor and the near-poor
    assert {state_of(app, i) for i in ids.values()} == {"recognised"}
    with app.app_context():
        decision = signed_decision()
        assert decision.id == status["document_id"] and "12/QĐ-UBND" in pdf_text(decision.content)
        certificate = (
            db.session.execute(select(Document).where(Document.kind == "certificate").order_by(Document.case_id))
            .scalars()
            .first()
        )
        code = certificate.verification_code
        # Rendered in the background, the documents still link to the address the chairman used.
        original = db.session.get_one(Document, decision.signed_from_id)
        assert f"localhost:8123/v/{original.verification_code}" in pdf_text(decision.content)

    # The job could not hold the chairman's key: the certificate waits on the run page for a signature.
    page = chairman.get(f"/runs/{run_id}").get_data(as_text=True)
    assert "2 giấy chứng nhận chưa ký số" in page
    assert "Chưa ký số" in chairman.get(f"/v/{code}").get_data(as_text=True)

    def sign_certificates(passphrase: str):  # type: ignore[no-untyped-def]
        return chairman.post(
            f"/runs/{run_id}/certificates/sign",
            data={"certificate_file": (io.BytesIO(test_pki.p12("chutich")), "ct.p12"), "passphrase": passphrase},
            content_type="multipart/form-data",
        )

    wrong = sign_certificates("sai")
    assert wrong.status_code == 422 and "sai mật khẩu" in wrong.get_data(as_text=True)
    done = sign_certificates(PASSPHRASE)
    assert done.status_code == 302
    assert "Đã ký số giấy chứng nhận; còn 0 giấy chưa ký." in chairman.get(done.headers["Location"]).get_data(
        as_text=True
    )
    assert "giấy chứng nhận chưa ký số" not in chairman.get(f"/runs/{run_id}").get_data(as_text=True)
    public = chairman.get(f"/v/{code}").get_data(as_text=True)
    assert "Chữ ký số hợp lệ" in public and "Chutich" in public


def test_a_job_that_cannot_issue_the_decision_says_why_and_writes_nothing(  # type: ignore[no-untyped-def]
    app: Flask, world: World, login_as, today, monkeypatch: pytest.MonkeyPatch, test_pki: TestPki
) -> None:
    app.config["DECISION_JOB_THRESHOLD"] = 0
    run_id, ids = closed_cases(app, world, {"a1": "poor"})
    staff = login_as("canbo")
    staff.post(f"/runs/{run_id}/prepare")
    staff.post("/logout")

    def refused(case, trigger, **kwargs):  # type: ignore[no-untyped-def]
        raise TransitionNotAllowed(trigger, case.state, "Hồ sơ vừa thay đổi trong khi lập quyết định.")

    monkeypatch.setattr("casework.cases.transitions.apply", refused)
    chairman = login_as("chutich")
    queued = chairman.post(
        f"/runs/{run_id}/decision", data={"number": "13", "symbol": "QĐ-UBND", "issued_on": "20/10/2026"}
    )
    page = chairman.get(queued.headers["Location"]).get_data(as_text=True)
    signed = sign_step(chairman, _redirect_to(re.search(r'href="(/signing/\d+)"', page).group(1)), test_pki, "chutich")
    landed = chairman.get(signed.headers["Location"]).get_data(as_text=True)
    page = chairman.get(re.search(r'href="(/jobs/\d+)"', landed).group(1)).get_data(as_text=True)
    assert "Chưa ban hành được: Hồ sơ vừa thay đổi trong khi lập quyết định." in page
    assert state_of(app, ids["a1"]) == "ready_for_decision"
    with app.app_context():
        assert db.session.execute(select(Document).where(Document.kind == "certificate")).first() is None
        assert db.session.execute(select(HouseholdStatus).where(HouseholdStatus.year == 2026)).first() is None
