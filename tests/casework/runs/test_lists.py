"""The run's whole list is rendered as a background job, in chunks, with its progress visible."""

from __future__ import annotations

import subprocess

from flask import Flask
from sqlalchemy import select

from casework.extensions import db
from casework.models import Case, CaseType, Document, Job
from tests.support.world import World, monthly_run


def test_the_list_job_renders_in_chunks_and_the_page_shows_it_done(app: Flask, world: World, login_as) -> None:  # type: ignore[no-untyped-def]
    app.config.update(LIST_CHUNK_ROWS=1, LIST_WORKERS=1)  # two households, two chunks
    with app.app_context():
        run = monthly_run(world)
        for key in ("a1", "a2"):
            db.session.add(
                Case(
                    case_type=CaseType.REGULAR_REVIEW,
                    run=run,
                    household_id=world.households[key],
                    origin="request",
                    state="surveyed",
                    provisional_class="poor",
                )
            )
        db.session.commit()
        run_id = run.id
    client = login_as("canbo")
    queued = client.post(f"/runs/{run_id}/lists/review")
    assert queued.status_code == 302
    page = client.get(queued.headers["Location"]).get_data(as_text=True)
    assert "Đã lập xong danh sách (2 hộ)." in page
    status = client.get(queued.headers["Location"], headers={"Accept": "application/json"}).get_json()
    assert (status["status"], status["done"], status["total"], status["percent"]) == ("done", 2, 2, 100)
    with app.app_context():
        job = db.session.execute(select(Job)).scalar_one()
        document = db.session.get(Document, job.document_id)
        text = subprocess.run(
            ["pdftotext", "-", "-"], input=document.content, capture_output=True, check=True
        ).stdout.decode()
        assert "Giàng Seo Páo" in text and "Vàng Thị Mỷ" in text
    other = app.test_client()
    other.post("/login", data={"username": "canbo_b", "password": "mat-khau-thu-nghiem"})
    assert other.get(queued.headers["Location"]).status_code == 404


def test_issuing_a_long_document_renders_it_in_chunks(app: Flask, world: World, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from casework.documents import lists as list_rendering
    from casework.documents import service
    from tests.support.document_samples import sample_context

    app.config["LIST_CHUNK_ROWS"] = 2
    chunked = []
    real = list_rendering.render_list

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        result = real(*args, **kwargs)
        chunked.append(result.chunks)
        return result

    monkeypatch.setattr(service, "render_list", spy)
    with app.test_request_context():
        context = sample_context("posting_notice")
        document = service.issue("posting_notice", context, actor=None)
        assert chunked and chunked[0] > 1
        assert document.content.startswith(b"%PDF") and len(document.sha256) == 64
        db.session.rollback()


def test_the_steering_committee_head_set_for_the_commune_signs_its_lists(app: Flask, world: World, login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("canbo")
    url = f"/units/communes/{world.ids['commune_a']}/documents"
    form = {"register_by_type": "type", "letter_drafting_unit": "", "receipt_symbol": "TNHS"}
    too_long = client.post(url, data={**form, "steering_head": "A" * 101})
    assert too_long.status_code == 422 and "Tối đa 100 ký tự." in too_long.get_data(as_text=True)
    assert client.post(url, data={**form, "steering_head": "  Vàng Mí Dính "}).status_code == 302
    assert 'value="Vàng Mí Dính"' in client.get(url).get_data(as_text=True)
    with app.app_context():
        run = monthly_run(world)
        db.session.add(
            Case(
                case_type=CaseType.REGULAR_REVIEW,
                run=run,
                household_id=world.households["a1"],
                origin="request",
                state="surveyed",
                provisional_class="poor",
            )
        )
        db.session.commit()
        run_id = run.id
    queued = client.post(f"/runs/{run_id}/lists/review")
    assert queued.status_code == 302
    with app.app_context():
        document = db.session.get(Document, db.session.execute(select(Job)).scalar_one().document_id)
        text = " ".join(
            subprocess.run(["pdftotext", "-", "-"], input=document.content, capture_output=True, check=True)
            .stdout.decode()
            .split()
        )
    assert "TRƯỞNG BAN" in text and "Vàng Mí Dính" in text
