"""The decision (Mẫu 02) and certificates (Mẫu 03) as the services build them from a walked case: their
legal bases, the upper level's opinion, who signs and for whom, the certificate's yearly rows."""

from __future__ import annotations

import datetime as dt
import re

from flask import Flask
from sqlalchemy import select

from casework.extensions import db
from casework.households.data import HouseholdData
from casework.households.service import save_household
from casework.models import Case, CaseType, Decision, Document, HouseholdStatus, Relationship, Role, Sex
from tests.casework.cases.helpers import sign_step
from tests.casework.cases.test_periodic_flow import (
    test_a_request_goes_from_mau_01_to_recognition_through_every_step as walk_periodic_campaign,
)
from tests.casework.decisions.test_decisions import pdf_text, signed_decision
from tests.support.clock import Clock
from tests.support.signing import TestPki
from tests.support.world import World, add_user, member, monthly_run

BASIS = re.compile(r"^(Căn cứ|Xét|Theo) ")


def flat(text: str) -> str:
    return " ".join(text.split())


def bases_of(text: str) -> list[str]:
    """The italic lines between the authority line and "QUYẾT ĐỊNH:", one per basis (each ends ';' or '.')."""
    body = flat(text).split("CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ LŨNG CÚ", 1)[1].split("QUYẾT ĐỊNH:", 1)[0]
    return re.split(r"(?<=;) ", body.strip())


def ready_cases(app: Flask, world: World, households: dict[str, str]) -> tuple[int, dict[str, int]]:
    """A regular-review cycle whose cases have closed their posting (no upper level in this procedure)."""
    with app.app_context():
        run = monthly_run(world)
        db.session.add(run)
        ids = {}
        for key, household_class in households.items():
            case = Case(
                case_type=CaseType.REGULAR_REVIEW,
                run=run,
                household_id=world.households[key],
                origin="request",
                state="ready_for_decision",
                provisional_class=household_class,
            )
            db.session.add(case)
            db.session.flush()
            ids[key] = case.id
        db.session.commit()
        return run.id, ids


def decide(app: Flask, client, run_id: int, pki: TestPki, username: str, number: str = "12") -> None:  # type: ignore[no-untyped-def]
    drafted = client.post(
        f"/runs/{run_id}/decision", data={"number": number, "symbol": "QĐ-UBND", "issued_on": "20/10/2026"}
    )
    done = sign_step(client, drafted, pki, username)
    assert done.status_code == 302, done.get_data(as_text=True)[:3000]


def issued_certificate(case_id: int) -> Document:
    """The case's certificate as generated (the context the services built, and its PDF)."""
    return db.session.execute(
        select(Document)
        .where(Document.kind == "certificate", Document.case_id == case_id)
        .order_by(Document.id)
        .limit(1)
    ).scalar_one()


def certificate_text(case_id: int) -> str:
    return pdf_text(issued_certificate(case_id).content)


def test_a_campaign_decision_cites_its_bases_the_upper_opinion_and_the_proposal(
    app: Flask, world: World, clock: Clock, test_pki: TestPki
) -> None:
    walk_periodic_campaign(app, world, clock, test_pki)  # the district's opinion: Công văn 88/UBND
    with app.app_context():
        text = pdf_text(signed_decision().content)
        bases = bases_of(text)
        assert all(BASIS.match(line) for line in bases), bases
        assert bases[0] == "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;"
        assert (
            "Căn cứ Nghị định số 07/2021/NĐ-CP ngày 27 tháng 01 năm 2021 của Chính phủ quy định chuẩn nghèo "
            "đa chiều giai đoạn 2021 - 2025;" in bases
        )
        assert any(line.startswith("Căn cứ Nghị định số 351/2025/NĐ-CP ngày 30 tháng 12 năm 2025") for line in bases)
        assert any(line.startswith("Căn cứ Quyết định số 24/2021/QĐ-TTg ngày 16 tháng 7 năm 2021") for line in bases)
        assert bases[-2].startswith("Xét ý kiến của Ủy ban nhân dân huyện Đồng Văn tại Công văn số 88/UBND ngày")
        assert bases[-1] == "Theo đề nghị của Ban Chỉ đạo rà soát hộ nghèo, hộ cận nghèo xã Lũng Cú."
        assert all(line.endswith(";") for line in bases[:-1])
        assert "vn_2022_2025" not in text and "Luật Tổ chức chính quyền địa phương số 72/2025/QH15" not in text
        # Addressed to the upper level the campaign was configured with: the report went to the district.
        assert "- Ủy ban nhân dân huyện Đồng Văn;" in text and "Ủy ban nhân dân tỉnh" not in text
        assert "CHỦ TỊCH" in text and "KT. CHỦ TỊCH" not in text and "TM. ỦY BAN" not in text

        report = db.session.execute(select(Document).where(Document.kind == "upper_report")).scalar_one()
        report_text = pdf_text(report.content)
        assert re.search(r"TM\. ỦY BAN NHÂN DÂN *\n(.*\n)? +CHỦ TỊCH *\n", report_text), report_text
        report_text = flat(report_text)
        assert "kính báo cáo và đề nghị Ủy ban nhân dân huyện Đồng Văn cho ý kiến" in report_text

        case_id = db.session.execute(select(Case.id)).scalar_one()
        certificate = flat(certificate_text(case_id))
        assert "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;" in certificate
        assert "Căn cứ Nghị định số 351/2025/NĐ-CP" in certificate
        assert "Thuộc diện: Hộ nghèo năm 2026" in certificate
        assert "II. Kết quả phân loại hộ gia đình giai đoạn 2022 - 2025" in certificate
        # The survey of the walk found indicators 4 and 7-12 deprived (no insurance, the poor house).
        assert "4, 7, 8, 9, 10," in certificate and "11, 12" in certificate and "số 30/QĐ-UBND" in certificate
        rows = issued_certificate(case_id).context["endorsements"]
        assert [row["year"] for row in rows] == [2022, 2023, 2024, 2025, 2026]
        assert rows[-1] == {
            "year": 2026,
            "poor": "X",
            "near_poor": "",
            "deprivations": "4, 7, 8, 9, 10, 11, 12",
            "decision": "số 30/QĐ-UBND ngày 15/10/2026",
        }


def test_a_decision_without_an_upper_level_cites_no_opinion_and_goes_to_the_province(
    app: Flask, world: World, login_as, clock: Clock, test_pki: TestPki
) -> None:  # type: ignore[no-untyped-def]
    clock.set(dt.date(2026, 10, 20))
    run_id, _ids = ready_cases(app, world, {"a1": "poor"})
    decide(app, login_as("chutich"), run_id, test_pki, "chutich")
    with app.app_context():
        text = pdf_text(signed_decision().content)
        bases = bases_of(text)
        assert all(BASIS.match(line) for line in bases), bases
        assert not any(line.startswith("Xét ý kiến") for line in bases)
        assert bases[-1].startswith("Theo đề nghị của Ban Chỉ đạo rà soát hộ nghèo, hộ cận nghèo xã Lũng Cú.")
        assert "- Ủy ban nhân dân tỉnh Tuyên Quang;" in text


def test_a_vice_chairman_signs_for_the_chairman(
    app: Flask, world: World, login_as, clock: Clock, test_pki: TestPki
) -> None:  # type: ignore[no-untyped-def]
    clock.set(dt.date(2026, 10, 20))
    with app.app_context():
        from casework.models import AdminUnit

        vice = add_user("phochutich", Role.VICE_CHAIRMAN, unit=db.session.get(AdminUnit, world.ids["commune_a"]))
        vice.full_name = "Lý Thị Sen"
        db.session.commit()
        test_pki.register(vice)
        db.session.commit()
    run_id, ids = ready_cases(app, world, {"a1": "near_poor"})
    decide(app, login_as("phochutich"), run_id, test_pki, "phochutich")
    with app.app_context():
        decision = pdf_text(signed_decision().content)
        assert re.search(r"KT\. CHỦ TỊCH *\n(.*\n)? +PHÓ CHỦ TỊCH *\n", decision) and "Lý Thị Sen" in decision
        assert "TM. ỦY BAN NHÂN DÂN" not in decision
        certificate = certificate_text(ids["a1"])
        assert re.search(r"KT\. CHỦ TỊCH *\n(.*\n)? +PHÓ CHỦ TỊCH *\n", certificate) and "Lý Thị Sen" in certificate
        assert db.session.execute(select(Decision.signer_name)).scalar_one() == "Lý Thị Sen"


def test_a_certificate_lists_every_member_and_a_row_for_each_year_of_the_period(
    app: Flask, world: World, login_as, clock: Clock, test_pki: TestPki
) -> None:  # type: ignore[no-untyped-def]
    clock.set(dt.date(2026, 10, 20))
    with app.app_context():
        data = HouseholdData(
            village_id=world.ids["village_a2"],
            permanent_address="Thôn Thèn Pả, xã Lũng Cú",
            current_address="Thôn Thèn Pả, xã Lũng Cú",
            members=[
                member("Sùng Mí Chơ", Sex.MALE, dt.date(1979, 4, 2), Relationship.HEAD),
                member("Vừ Thị Dung", Sex.FEMALE, dt.date(1983, 8, 9), Relationship.SPOUSE),
                member("Sùng Mí Pó", Sex.MALE, dt.date(2008, 1, 20), Relationship.CHILD),
                member("Sùng Thị Say", Sex.FEMALE, dt.date(2012, 6, 30), Relationship.CHILD),
            ],
        )
        household_id = save_household(None, data, actor=None).id
        # Recognised near-poor for 2025 by an earlier decision of the commune.
        db.session.add(HouseholdStatus(household_id=household_id, year=2025, household_class="near_poor"))
        db.session.commit()
        world.households["chơ"] = household_id
    run_id, ids = ready_cases(app, world, {"chơ": "poor"})
    decide(app, login_as("chutich"), run_id, test_pki, "chutich", number="31")
    with app.app_context():
        text = certificate_text(ids["chơ"])
        lines = [flat(line) for line in text.splitlines() if line.strip()]
        members = [line for line in lines if re.match(r"^\d \S", line) and ("Hmông" in line or "Kinh" in line)]
        assert [line.split()[1:3] for line in members] == [
            ["Sùng", "Mí"],
            ["Vừ", "Thị"],
            ["Sùng", "Mí"],
            ["Sùng", "Thị"],
        ], lines
        rows = {row["year"]: row for row in issued_certificate(ids["chơ"]).context["endorsements"]}
        assert sorted(rows) == [2022, 2023, 2024, 2025, 2026]
        assert rows[2022] == {"year": 2022, "poor": "", "near_poor": "", "deprivations": "", "decision": ""}
        assert (rows[2025]["poor"], rows[2025]["near_poor"], rows[2025]["decision"]) == ("", "X", "")
        assert (rows[2026]["poor"], rows[2026]["decision"]) == ("X", "số 31/QĐ-UBND ngày 20/10/2026")
        years = [line.split()[0] for line in lines if re.match(r"^20(2[2-6])\b", line)]
        assert years == ["2022", "2023", "2024", "2025", "2026"]
        assert "số 31/QĐ-UBND" in flat(text) and "20/10/2026" in flat(text)
        assert "Thuộc diện: Hộ nghèo năm 2026" in flat(text)
