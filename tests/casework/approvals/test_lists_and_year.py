"""Every count has its list, and one campaign names its lists with one year: the report to the upper level,
its annexes, the upper level's pages, its letter, the decision, the certificates and the statuses recorded."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from casework.extensions import db
from casework.models import AdminUnit, Document, HouseholdStatus, UpperReview
from tests.casework.approvals.test_upper import campaign, review_id, send, switch
from tests.casework.cases.helpers import sign_step
from tests.casework.documents.pdftools import pdf_text
from tests.support.clock import Clock
from tests.support.signing import TestPki
from tests.support.world import World


def flat(text: str) -> str:
    return " ".join(text.split())


def section(text: str, heading: str) -> str:
    """The text of one annex: from its title to the next annex (or the end)."""
    start = text.index(heading)
    following = text.find("Phụ lục", start + len(heading))
    return text[start : following if following > 0 else len(text)]


def groups_of(page: str) -> dict[str, str]:
    """The households' lists of an upper-level page: heading -> the table under it."""
    parts = re.split(r"<h3>([^<(]+?) \(\d+\)</h3>", page)
    return {parts[i].strip(): parts[i + 1] for i in range(1, len(parts) - 1, 2)}


def test_the_report_and_the_upper_pages_list_every_household_they_count(
    app: Flask, world: World, client: FlaskClient, login_as, clock: Clock
) -> None:  # type: ignore[no-untyped-def]
    clock.set(dt.date(2025, 11, 20))
    run_id, _ids = campaign(app, world)  # a1 poor, a2 near-poor, Thào Mí Dế poor last year and near-poor now
    chairman = login_as("chutich")
    page = chairman.get(f"/runs/{run_id}/upper").get_data(as_text=True)
    groups = groups_of(page)
    assert set(groups) == {"Hộ nghèo", "Hộ cận nghèo", "Hộ thoát nghèo"}
    assert "Vàng Thị Mỷ" in groups["Hộ cận nghèo"] and "Thào Mí Dế" in groups["Hộ cận nghèo"]
    assert "Thào Mí Dế" in groups["Hộ thoát nghèo"] and "Giàng Seo Páo" in groups["Hộ nghèo"]
    assert re.search(r"<td>Hộ cận nghèo</td><td>2</td>", page)  # the count the near-poor list matches

    assert send(chairman, run_id).status_code == 302
    with app.app_context():
        report = db.session.execute(select(Document).where(Document.kind == "upper_report")).scalar_one()
        text = flat(pdf_text(report.content))
    near_poor = section(text, "DANH SÁCH HỘ CẬN NGHÈO")
    assert "Vàng Thị Mỷ" in near_poor and "Thào Mí Dế" in near_poor and "Tổng cộng: 2 hộ" in near_poor
    exited = section(text, "DANH SÁCH HỘ THOÁT NGHÈO")
    assert "Thào Mí Dế" in exited and "Tổng cộng: 1 hộ" in exited

    official = switch(client, login_as, "huyen")
    review = official.get(f"/upper/{review_id(app, run_id)}").get_data(as_text=True)
    groups = groups_of(review)
    assert "Thào Mí Dế" in groups["Hộ cận nghèo"] and "Thào Mí Dế" in groups["Hộ thoát nghèo"]
    # One box per household to name it for a re-check: on the list of its own class.
    assert len(re.findall(r'name="case_ids" value="\d+"', review)) == 3


@pytest.mark.parametrize(("list_year", "year"), [(None, 2025), ("campaign", 2025), ("following", 2026)])
def test_one_campaign_names_its_lists_with_one_year_everywhere(
    app: Flask,
    world: World,
    client: FlaskClient,
    login_as,
    clock: Clock,
    test_pki: TestPki,
    list_year: str | None,
    year: int,
) -> None:  # type: ignore[no-untyped-def]
    clock.set(dt.date(2025, 11, 20))
    if list_year:
        with app.app_context():
            db.session.get_one(AdminUnit, world.ids["province"]).settings = {"list_year": list_year}
            db.session.commit()
    run_id, ids = campaign(app, world)
    chairman = login_as("chutich")
    assert send(chairman, run_id).status_code == 302
    official = switch(client, login_as, "huyen")
    letter = official.post(
        f"/upper/{review_id(app, run_id)}", data={"action": "approve", "number": "9", "symbol": "UBND"}
    )
    assert sign_step(official, letter, test_pki, "huyen").status_code == 302
    chairman = switch(client, login_as, "chutich")
    decision = chairman.post(
        f"/runs/{run_id}/decision", data={"number": "30", "symbol": "QĐ-UBND", "issued_on": "20/11/2025"}
    )
    assert sign_step(chairman, decision, test_pki, "chutich").status_code == 302

    with app.app_context():

        def text_of(kind: str) -> str:
            found = db.session.execute(
                select(Document).where(Document.kind == kind).order_by(Document.version.desc()).limit(1)
            ).scalar_one()
            return flat(pdf_text(found.content))

        reply = db.session.get_one(UpperReview, review_id(app, run_id))
        letter_text = flat(pdf_text(db.session.get_one(Document, reply.reply_document_id).content))
        report, decision_text = text_of("upper_report"), text_of("recognition_decision")
        certificates = [
            document.context
            for document in db.session.execute(select(Document).where(Document.kind == "certificate")).scalars()
        ]
        statuses = (
            db.session.execute(select(HouseholdStatus.year).where(HouseholdStatus.case_id.in_(ids.values())))
            .scalars()
            .all()
        )
    other = year + 1 if year == 2025 else 2025
    assert f"DANH SÁCH HỘ NGHÈO NĂM {year}" in report and f"DANH SÁCH HỘ NGHÈO NĂM {other}" not in report
    assert f"hộ thoát cận nghèo năm {year} theo quy định" in letter_text
    named = re.findall(r"(?:DANH SÁCH|danh sách|địa bàn xã Lũng Cú)[^.]*? (?:NĂM|năm) (\d{4})", decision_text)
    assert named and set(named) == {str(year)}, named
    assert sorted(statuses) == [year, year, year]
    # Each certificate has a row a year of the period; the decision endorses the row of the lists' year.
    endorsed = [[row["year"] for row in c["endorsements"] if "30/QĐ-UBND" in row["decision"]] for c in certificates]
    assert certificates and all(years == [year] for years in endorsed), endorsed
