"""Report and dashboard pages: who may see them, scope, PDF and .xlsx as a user opens them."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from flask import Flask
from openpyxl import load_workbook

from casework.documents.html_tree import document_tree
from casework.extensions import db
from casework.models import Case, CaseType, Village
from casework.reports import output
from tests.casework.documents.pdftools import pdf_text
from tests.casework.documents.test_html_tree import differences, tinyhtml5_tree
from tests.casework.reports.figures import build_figures
from tests.support.world import World, monthly_run


@pytest.fixture
def figures(app: Flask, world: World) -> World:
    with app.app_context():
        build_figures(world)
        db.session.remove()
    return world


def _query(world: World, form: str = "7.1", unit: str = "") -> str:
    unit = unit or f"commune:{world.ids['commune_a']}"
    return f"/reports/view?form={form}&unit={unit}&period=year&year=2026"


def test_report_on_screen_has_grouped_headings_and_totals(figures: World, login_as) -> None:  # type: ignore[no-untyped-def]
    page = login_as("canbo").get(_query(figures)).get_data(as_text=True)
    assert "Tổng hợp kết quả rà soát hộ nghèo" in page
    assert 'colspan="3">Hộ nghèo</th>' in page
    assert "Thôn Lô Lô Chải" in page and "Thôn Thèn Pả" in page
    assert '<td data-key="poor_rate">50,00</td>' in page  # totals row: 4 of 8


def test_roles_without_reports_get_403(figures: World, login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("rasoat")
    assert client.get("/reports/").status_code == 403
    assert client.get(_query(figures)).status_code == 403
    assert client.get("/dashboard").status_code == 403


def test_other_communes_and_unknown_units_answer_404(figures: World, login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("canbo_b")
    assert client.get(_query(figures)).status_code == 404
    assert client.get(f"/dashboard?unit=commune:{figures.ids['commune_a']}").status_code == 404
    assert client.get(_query(figures, unit=f"village:{figures.ids['village_a1']}")).status_code == 404
    assert client.get(_query(figures, unit=f"province:{figures.ids['province']}")).status_code == 404
    own = client.get(_query(figures, unit=f"commune:{figures.ids['commune_b']}")).get_data(as_text=True)
    assert "Thôn Sà Phìn A" in own and "Thôn Lô Lô Chải" not in own


def test_district_official_reaches_the_successor_communes_only(figures: World, login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("huyen")
    page = client.get(_query(figures, unit=f"district:{figures.ids['district']}")).get_data(as_text=True)
    assert "Xã Lũng Cú" in page and "Xã Sà Phìn" in page and "Xã Pải Lủng" not in page
    assert client.get(_query(figures, unit=f"commune:{figures.ids['commune_c']}")).status_code == 404


def test_province_report_rows_are_communes(figures: World, login_as) -> None:  # type: ignore[no-untyped-def]
    page = login_as("tinh").get(_query(figures, unit=f"province:{figures.ids['province']}")).get_data(as_text=True)
    # Commune a: 4 poor of 8; commune b: 1 of 1; commune c: none of 1 -> 5 of 10 in the province.
    assert '<td data-key="poor_households">5</td>' in page


def test_bad_input_is_explained(figures: World, login_as) -> None:  # type: ignore[no-untyped-def]
    response = login_as("canbo").get(f"/reports/view?form=9.9&unit=commune:{figures.ids['commune_a']}&year=20x6")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Hãy chọn một biểu mẫu trong danh sách." in page
    assert "Năm phải là số có bốn chữ số" in page


def test_pdf_has_title_and_figures(figures: World, login_as) -> None:  # type: ignore[no-untyped-def]
    response = login_as("canbo").get(_query(figures, form="7.2") + "&format=pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    text = pdf_text(response.data, layout=True)
    assert "TỔNG HỢP DIỄN BIẾN HỘ NGHÈO" in text
    assert "Mẫu số 7.2" in text
    assert "Thôn Thèn Pả" in text
    total = next(line for line in text.splitlines() if "Tổng cộng" in line)
    assert total.split()[2:5] == ["3", "5", "1"]  # start: 3 households, 5 persons; to near-poor: 1


def test_the_report_pdf_is_read_by_the_fast_html_path_into_tinyhtml5s_tree(  # type: ignore[no-untyped-def]
    figures: World, login_as, monkeypatch: pytest.MonkeyPatch
) -> None:
    rendered: list[str] = []
    original = output.html_to_pdf
    monkeypatch.setattr(output, "html_to_pdf", lambda html: rendered.append(html) or original(html))
    assert login_as("canbo").get(_query(figures, form="7.1") + "&format=pdf").status_code == 200
    built = document_tree(rendered[0])
    assert built is not None and differences(tinyhtml5_tree(rendered[0]), built) is None


def test_xlsx_shows_grouped_headings_and_numbers(figures: World, login_as) -> None:  # type: ignore[no-untyped-def]
    response = login_as("canbo").get(_query(figures, form="7.1") + "&format=xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data))
    sheet = book.worksheets[0]
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    flat = [v for row in values for v in row if v is not None]
    assert "Hộ nghèo" in flat and "Tổng số hộ dân cư" in flat
    assert any(str(r.coord) for r in sheet.merged_cells.ranges)
    total = next(row for row in values if "Tổng cộng" in row)
    assert total[2:6] == [8, 16, 4, 10]
    assert total[6] == pytest.approx(0.5)
    assert sheet.page_setup.orientation == "landscape"


def test_bundles_hold_their_forms(figures: World, login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("chutich")
    unit = f"commune:{figures.ids['commune_a']}"
    page = client.get(f"/reports/bundle?bundle=periodic&unit={unit}&year=2026").get_data(as_text=True)
    assert page.count('class="report"') == 11
    response = client.get(f"/reports/bundle?bundle=monthly&unit={unit}&year=2026&month=10&format=xlsx")
    assert len(load_workbook(io.BytesIO(response.data)).worksheets) == 3
    assert client.get(f"/reports/bundle?bundle=monthly&unit={unit}&year=2026").status_code == 400  # no month


def test_dashboard_shows_rates_overdue_and_deadlines(app: Flask, figures: World, login_as) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        run = monthly_run(figures)
        db.session.flush()
        for household, deadline in (
            ("a1", dt.date(2026, 1, 5)),
            ("a2", dt.date(2099, 1, 5)),
            ("b1", dt.date(2026, 1, 5)),
        ):
            db.session.add(
                Case(
                    case_type=CaseType.REGULAR_REVIEW,
                    run_id=run.id,
                    household_id=figures.households[household],
                    state="surveyed",
                    deadline=deadline,
                )
            )
        db.session.commit()
    page = login_as("canbo").get("/dashboard").get_data(as_text=True)
    assert '<span class="figure" id="poor-rate">50,00 %</span>' in page
    assert '<span class="figure" id="overdue">1</span>' in page  # commune b's overdue case is not counted
    assert "Báo cáo chính thức kết quả rà soát định kỳ" in page
    assert "/reports/bundle?" in page
    assert "<svg" in page and 'role="img"' in page
    assert "Bảo hiểm y tế" in page


def test_navigation_links_reports_for_report_roles(figures: World, login_as) -> None:  # type: ignore[no-untyped-def]
    assert "/dashboard" in login_as("chutich").get("/").get_data(as_text=True)


def test_a_village_without_households_shows_dashes_and_the_caveats_stay_in_the_app(
    app: Flask, figures: World, login_as
) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        db.session.add(Village(commune_id=figures.ids["commune_a"], name="Thôn Xín Cái"))
        db.session.commit()
    staff = login_as("canbo")
    text = pdf_text(staff.get(_query(figures, form="7.1") + "&format=pdf").data, layout=True)
    empty = next(line for line in text.splitlines() if "Thôn Xín Cái" in line)
    assert empty.split("Thôn Xín Cái")[1].split() == ["—"] * 10  # no figures, not "0 hộ"
    total = next(line for line in text.splitlines() if "Tổng cộng" in line)
    assert total.split()[2:4] == ["8", "16"]  # the empty village adds nothing
    assert "Dấu “—”: không có số liệu." in text
    # The official report carries no disclaimer about the form; the app shows it beside the table.
    assert "chưa đối chiếu" not in text and "Ghi chú" not in text
    page = staff.get(_query(figures, form="7.1")).get_data(as_text=True)
    assert "chưa đối chiếu với văn bản chính thức" in page
    assert "đơn vị chưa có hộ gia đình nào trên hệ thống" in page
    row = page.split("Thôn Xín Cái")[1].split("</tr>")[0]
    assert row.count(">—</td>") == 10 and ">0</td>" not in row


def test_a_province_with_a_local_standard_gets_the_report_under_either_standard(figures: World, login_as) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import update

    from casework.models import AdminUnit
    from casework.models.surveys import Survey

    client = login_as("canbo")
    local = _query(figures) + "&standard=local"
    refused = client.get(local)
    assert refused.status_code == 400
    assert "Tỉnh của đơn vị này chưa áp dụng chuẩn nghèo riêng cho năm này." in refused.get_data(as_text=True)

    with client.application.app_context():
        province = db.session.get_one(AdminUnit, figures.ids["province"])
        province.settings = {**(province.settings or {}), "local_standard": "bac_ninh_2022"}
        # Under the province's higher lines every surveyed household is poor.
        db.session.execute(update(Survey).values(local_rule_set_id="bac_ninh_2022", local_household_class="poor"))
        db.session.commit()
    national = client.get(_query(figures)).get_data(as_text=True)
    assert '<td data-key="poor_rate">50,00</td>' in national and "theo Chuẩn nghèo của tỉnh" not in national
    page = client.get(local).get_data(as_text=True)
    assert "theo Chuẩn nghèo của tỉnh Bắc Ninh giai đoạn 2022-2025" in page
    assert '<td data-key="poor_rate">62,50</td>' in page  # totals row: the 5 surveyed of 8 households
    assert "standard=local" in page  # the downloads keep the standard
    pdf = client.get(local + "&format=pdf")
    assert pdf.status_code == 200
    assert "Chuẩn nghèo của tỉnh Bắc Ninh" in pdf_text(pdf.data)
    assert client.get(_query(figures) + "&standard=khac").status_code == 400
