"""The context builders: ND 30 number and date rules, signature blocks, public-list fields, JSON."""

from __future__ import annotations

import json
from datetime import date, time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casework import formatting
from casework.documents.context.decision import refusal_letter
from casework.documents.context.formatting import (
    WORD_JOINER,
    date_line,
    legal_basis_lines,
    money,
    number_line,
    recipient_lines,
)
from casework.documents.context.labels import KINDS
from casework.documents.context.meeting import meeting_minutes
from casework.documents.context.pieces import class_annexes, public_rows
from casework.documents.context.review import review_list
from casework.documents.context.values import AgencyHeader, HouseholdRow, Issue, MeetingVote, Signer
from tests.support import document_samples as samples


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)))
def test_date_line_pads_the_day_and_only_months_one_and_two(d: date) -> None:
    line = date_line("Lũng Cú", d)
    day, month = line.split("ngày ")[1].split(" tháng ")
    month = month.split(" năm ")[0]
    assert day == f"{d.day:02d}"
    assert month == (f"{d.month:02d}" if d.month <= 2 else str(d.month))
    assert line.startswith("Lũng Cú, ngày ") and line.endswith(f"năm {d.year}")


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2026, 1, 5), "Lũng Cú, ngày 05 tháng 01 năm 2026"),
        (date(2026, 2, 28), "Lũng Cú, ngày 28 tháng 02 năm 2026"),
        (date(2026, 3, 15), "Lũng Cú, ngày 15 tháng 3 năm 2026"),
        (date(2026, 12, 9), "Lũng Cú, ngày 09 tháng 12 năm 2026"),
    ],
)
def test_date_line_examples_from_documents_md(d: date, expected: str) -> None:
    assert date_line("Lũng Cú", d) == expected


def test_draft_date_line_is_blank() -> None:
    assert date_line("Lũng Cú", None) == "Lũng Cú, ngày …… tháng …… năm 20……"


@pytest.mark.parametrize(
    ("number", "expected"),
    [(5, "Số: 05/QĐ-UBND"), (12, "Số: 12/QĐ-UBND"), (2315, "Số: 2315/QĐ-UBND"), (None, "Số: ……/QĐ-UBND")],
)
def test_number_line_pads_below_ten(number: int | None, expected: str) -> None:
    assert number_line(number, "QĐ-UBND") == expected


@pytest.mark.parametrize("symbol", ["qđ-ubnd", "QĐ UBND", "QĐ/UBND", ""])
def test_bad_symbols_are_refused(symbol: str) -> None:
    with pytest.raises(ValueError, match="symbol"):
        number_line(1, symbol)


def test_money_and_percent_are_vietnamese() -> None:
    assert formatting.money(1_500_000, unit="đồng") == "1.500.000 đồng"
    assert money(2_250_000) == {"amount": 2_250_000, "text": "2.250.000 đồng"}
    assert formatting.percent_of(38, 42) == "90,5%"
    assert formatting.percent_of(1, 0) == "0%"


def test_recipients_and_legal_bases_punctuation() -> None:
    assert recipient_lines(["Như Điều 3;", "Sở Nông nghiệp và Môi trường"], "VT, VHXH") == [
        "- Như Điều 3;",
        "- Sở Nông nghiệp và Môi trường;",
        "- Lưu: VT, VHXH.",
    ]
    assert legal_basis_lines(["Căn cứ A.", "Căn cứ B", "Xét đề nghị C;"]) == [
        "Căn cứ A;",
        "Căn cứ B;",
        "Xét đề nghị C.",
    ]


@pytest.mark.parametrize(
    ("signer", "lines"),
    [
        (Signer("A"), ["CHỦ TỊCH"]),
        (Signer("A", "kt_chairman"), ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]),
        (Signer("A", "tm_committee"), ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]),
        (Signer("A", "tm_committee_kt"), ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]),
        (Signer("A", "q_chairman"), ["Q. CHỦ TỊCH"]),
        (Signer("A", "tl_chairman", "Chánh Văn phòng"), ["TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG"]),
        (
            Signer("A", "tuq_chairman", "Trưởng phòng Văn hóa - Xã hội"),
            ["TUQ. CHỦ TỊCH", "TRƯỞNG PHÒNG VĂN HÓA - XÃ HỘI"],
        ),
        (Signer("A", "tm_steering"), ["TM. BAN CHỈ ĐẠO", "TRƯỞNG BAN"]),
        (
            Signer("A", "tm_committee", body="ỦY BAN NHÂN DÂN HUYỆN ĐỒNG VĂN"),
            ["TM. ỦY BAN NHÂN DÂN HUYỆN ĐỒNG VĂN", "CHỦ TỊCH"],
        ),
    ],
)
def test_signature_blocks(signer: Signer, lines: list[str]) -> None:
    assert signer.lines() == lines


@pytest.mark.parametrize(
    ("role", "speaks_for", "lines"),
    [
        ("commune_chairman", "chairman", ["CHỦ TỊCH"]),
        ("vice_chairman", "chairman", ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]),
        ("commune_chairman", "committee", ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]),
        ("vice_chairman", "committee", ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]),
    ],
)
def test_the_block_follows_the_signers_role_and_whom_the_document_speaks_for(
    role: str, speaks_for: str, lines: list[str]
) -> None:
    """Mẫu 02 and 03 are the chairman's own; reports, notices and letters the People's Committee's."""
    signer = Signer.for_role("Lý Thị Sen", role, speaks_for=speaks_for)
    assert signer.lines() == lines and signer.name == "Lý Thị Sen"


def test_delegated_blocks_need_a_title_and_unknown_blocks_fail() -> None:
    with pytest.raises(ValueError, match="title"):
        Signer("A", "tl_chairman").lines()
    with pytest.raises(ValueError, match="unknown"):
        Signer("A", "chairman_of_everything").lines()


def test_a_final_document_needs_number_and_date() -> None:
    agency = AgencyHeader.commune("Lũng Cú")
    with pytest.raises(ValueError, match="draft"):
        Issue(agency, symbol="QĐ-UBND", number=5)
    draft = Issue(agency, symbol="QĐ-UBND", number=5, issued_on=date(2026, 1, 5), draft=True)
    assert draft.shown_number is None and draft.shown_date is None


def test_appendix_reference_is_blank_for_drafts_and_electronic_documents() -> None:
    agency = AgencyHeader.commune("Lũng Cú")
    paper = Issue(agency, symbol="QĐ-UBND", number=5, issued_on=date(2025, 12, 12))
    assert paper.reference().replace(WORD_JOINER, "") == "số 05/QĐ-UBND ngày 12 tháng 12 năm 2025"
    assert f"05/{WORD_JOINER}QĐ-{WORD_JOINER}UBND" in paper.reference()  # never broken after / or -
    electronic = Issue(agency, symbol="QĐ-UBND", number=5, issued_on=date(2025, 12, 12), electronic=True)
    assert electronic.reference().replace(WORD_JOINER, "") == "số ……/QĐ-UBND ngày …… tháng …… năm 20……"


def test_commune_headers() -> None:
    assert AgencyHeader.commune("Lũng Cú").name_lines == ("ỦY BAN NHÂN DÂN", "XÃ LŨNG CÚ")
    unit = AgencyHeader.commune_unit("Lũng Cú", ["Thôn Lô Lô Chải"])
    assert unit.supervising == ("UBND XÃ LŨNG CÚ",)
    assert unit.name_lines == ("THÔN LÔ LÔ CHẢI",)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("draft", [False, True])
def test_every_sample_context_is_json(kind: str, draft: bool) -> None:
    context = samples.sample_context(kind, draft=draft)
    assert json.loads(json.dumps(context)) == context
    assert context["kind"] == kind
    assert context["draft"] is draft


def test_public_list_carries_minimum_fields_only() -> None:
    context = samples.sample_context("posting_notice")
    (annex,) = context["annexes"]
    assert [column["key"] for column in annex["columns"]] == ["no", "head_name", "village", "classification"]
    for row in annex["rows"]:
        assert set(row) == {"no", "head_name", "village", "classification"}


def test_public_list_birth_year_is_opt_in() -> None:
    rows = samples.sample_households(3)
    assert "head_birth_year" not in public_rows(rows)[0]
    assert public_rows(rows, show_birth_year=True)[0]["head_birth_year"] == str(rows[0].head_birth_year)


def test_meeting_consent_rule_is_half_of_attendees_inclusive() -> None:
    assert MeetingVote("A", "new_poor", 21, 42).passed
    assert not MeetingVote("A", "new_poor", 20, 42).passed
    context = samples.sample_context("meeting_minutes")
    assert context["failed"] == ["Ly Mí Dính"]
    assert context["copies"] == 2


def whole_list_minutes(agree: int) -> dict:  # type: ignore[type-arg]
    return meeting_minutes(
        Issue(AgencyHeader.commune_unit("Lũng Cú", ["Thôn Thèn Pả"])),
        year=2025,
        period_label="năm 2025",
        commune="Lũng Cú",
        village="Thèn Pả",
        held_on=date(2025, 10, 16),
        started_at=time(8, 0),
        ended_at=time(9, 0),
        venue="Nhà văn hóa thôn Thèn Pả",
        chair="Chủ trì",
        secretary="Thư ký",
        attendee_count=30,
        attendees=(),
        supervisors=(),
        vote_mode="whole_list",
        votes=(MeetingVote("Hộ A", "new_poor", 0, 30), MeetingVote("Hộ B", "exited_poor", 0, 30)),
        household_signers=(),
        whole_list_vote=MeetingVote("", "new_poor", agree, 30),
    )


def test_whole_list_vote_decides_for_every_household() -> None:
    failed = whole_list_minutes(14)
    assert failed["whole_list_vote"]["passed"] is False
    assert (failed["passed"], failed["failed"]) == ([], ["Hộ A", "Hộ B"])
    passed = whole_list_minutes(15)
    assert (passed["passed"], passed["failed"]) == (["Hộ A", "Hộ B"], [])


def test_refusal_needs_reasons() -> None:
    with pytest.raises(ValueError, match="reasons"):
        refusal_letter(
            Issue(AgencyHeader.commune("Lũng Cú"), symbol="UBND-VHXH", draft=True),
            request_kind="poverty_review",
            commune="Lũng Cú",
            applicant=samples.SAMPLE_APPLICANT,
            received_on=date(2025, 9, 22),
            receipt_number="1",
            steps=(),
            findings=(),
            reasons=("  ",),
            conclusion="",
            rule_set_id="vn_2022_2025",
            rule_set_version="1",
            complaint_right="",
            signer=Signer("A"),
            recipients=(),
            archive="VT",
        )


def test_decision_counts_and_annexes_follow_the_lists() -> None:
    context = samples.sample_context("recognition_decision")
    headings = [annex["heading"] for annex in context["annexes"]]
    assert headings == ["Phụ lục I", "Phụ lục II", "Phụ lục III", "Phụ lục IV"]
    households = sum(article["households"] for article in context["articles"])
    assert households == sum(len(annex["rows"]) for annex in context["annexes"]) == 60


def test_empty_class_gets_no_annex_and_the_rest_renumber() -> None:
    rows = samples.sample_households(20, seed=1)
    lists = {"poor": [r for r in rows if r.classification == "poor"], "exited_near_poor": rows[:2]}
    annexes, headings = class_annexes(lists, title_suffix="NĂM 2026", reference="")
    assert headings == {"poor": "Phụ lục I", "exited_near_poor": "Phụ lục II"}
    assert len(annexes) == 2


def test_certificate_pads_the_member_table_and_splits_birth_years_by_sex() -> None:
    context = samples.sample_context("certificate")
    assert len(context["members"]) == 8
    head, wife = context["members"][:2]
    assert (head["birth_year_male"], head["birth_year_female"]) == ("1984", "")
    assert (wife["birth_year_male"], wife["birth_year_female"]) == ("", "1987")
    assert context["certify_line"].endswith("Chủ tịch Ủy ban nhân dân xã Lũng Cú chứng nhận:")


def test_survey_record_collects_unverified_items() -> None:
    context = samples.sample_context("survey_record")
    assert context["score_b2"] == 50 and context["deprivation_count"] == 5
    assert "Chỉ số 4. Bảo hiểm y tế" in context["unverified"]
    assert context["rule_set_id"] == "vn_2022_2025"


def test_every_relationship_the_household_form_stores_prints_in_vietnamese() -> None:
    from casework.documents.context.pieces import member_rows
    from casework.documents.context.values import MemberRow
    from casework.models import Relationship

    rows = member_rows([MemberRow("Vàng Thị Súa", "female", 1948, kind.value) for kind in Relationship])
    printed = [row["relationship"] for row in rows]
    assert not {kind.value for kind in Relationship} & set(printed), printed  # no code reaches the paper
    assert "Bố/mẹ" in printed


def test_the_review_list_never_says_a_village_type_twice() -> None:
    villages = {
        "Thôn Thèn Pả": [HouseholdRow("Vàng Thị Mỷ", "Thôn Thèn Pả", "poor", 1, origin="existing_poor")],
        "Tổ dân phố 1": [HouseholdRow("Nguyễn Thị Đào", "Tổ dân phố 1", "poor", 2, origin="request")],
        "Lô Lô Chải": [HouseholdRow("Giàng Seo Páo", "Lô Lô Chải", "poor", 1, origin="request")],
    }
    issue = Issue(AgencyHeader.steering("Lũng Cú"))
    context = review_list(
        issue, year=2026, commune="Lũng Cú", villages=villages, signer=Signer("", block="tm_steering")
    )
    assert [section["title"] for section in context["sections"]] == ["Thôn Thèn Pả", "Tổ dân phố 1", "Thôn Lô Lô Chải"]
    assert [section["total_label"] for section in context["sections"]] == [
        "Cộng thôn Thèn Pả: 1 hộ",
        "Cộng tổ dân phố 1: 1 hộ",
        "Cộng thôn Lô Lô Chải: 1 hộ",
    ]
    one = review_list(
        issue, year=2026, commune="Lũng Cú", villages={"Thôn Thèn Pả": villages["Thôn Thèn Pả"]}, signer=Signer("A")
    )
    assert one["summary"] == "Năm 2026 - Thôn Thèn Pả, xã Lũng Cú"
    # The steering committee's list: its header names the committee under the commune, as its block does.
    assert context["header"]["supervising"] == ["UBND XÃ LŨNG CÚ"]
    assert context["header"]["name_lines"] == ["BAN CHỈ ĐẠO RÀ SOÁT", "HỘ NGHÈO, HỘ CẬN NGHÈO"]
    assert context["signature"]["lines"] == ["TM. BAN CHỈ ĐẠO", "TRƯỞNG BAN"]
    assert context["signature"]["hint"] == "(Ký, ghi rõ họ tên)"  # the head's name is written by hand
