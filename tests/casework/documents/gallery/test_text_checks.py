"""Text checks on every kind of document the walk issued, on both databases (checks.py says what each reads).

KNOWN_DEFECTS is the one table of (kind, check) pairs that fail today because of a defect of issue 13
being fixed elsewhere. Each is a strict xfail: when the fix lands the pair passes, the XPASS fails the
run, and the entry must be removed from the table.
"""

from __future__ import annotations

import pytest

from casework.documents.context.labels import KINDS
from tests.casework.documents.gallery.checks import CHECKS
from tests.casework.documents.gallery.conftest import WalkedCampaign

ALL_KINDS = (*KINDS, "report_table")

# (kind, check): the defect of issue 13 that makes the pair fail today.
KNOWN_DEFECTS: dict[tuple[str, str], str] = {
    ("request_receipt", "date_filled"): "issue 13 defect 6: the receipt's place-and-date line is left blank",
    ("review_list", "no_doubled_word"): "issue 13 defect 8: village headings read 'Thôn Thôn Xín Cái'",
    ("review_list", "date_filled"): "issue 13 defect 8 (sibling): the review list's date line is left blank",
    ("survey_record", "no_snake_case"): "issue 13 defect 2: configuration keys (codes:latrine, rule:b1) listed",
    ("survey_record", "no_rule_set_id"): "issue 13 defect 2: 'vn_2022_2025, phiên bản 1.0.0' printed",
    ("survey_record", "no_database_id"): "issue 13 defect 2: members shown as 'thành viên 1533'",
    ("survey_record", "no_doubled_word"): "issue 13 defect 8: 'thôn Thôn Lô Lô Chải', 'đầu người người'",
    ("survey_record", "no_unconfirmed_note"): "issue 13 defect 2: 'chưa được xác minh' notes on the household's sheet",
    ("recheck_record", "no_stray_punctuation"): "issue 13 defect 8: team lines read '…, - Tổ trưởng;' and '…, ;'",
    ("recognition_decision", "legal_bases_cited"): "issue 13 defect 1: legal bases are a bare list",
    ("certificate", "no_number_from_id"): "issue 13 defect 3: the certificate number is the case's database id",
    ("certificate", "legal_bases_cited"): "issue 13 defect 1: legal bases are a bare list",
    ("refusal_letter", "no_snake_case"): "issue 13 defect 2: 'Kết quả rà soát: not_poor'",
    ("refusal_letter", "no_rule_set_id"): "issue 13 defect 2: 'vn_2022_2025, phiên bản 1.0.0' printed",
    ("report_table", "no_unconfirmed_note"): "issue 13 defect 9: the 'chưa đối chiếu' disclaimer is printed",
}  # fmt: skip


def _param(kind: str, check: str):  # type: ignore[no-untyped-def]
    reason = KNOWN_DEFECTS.get((kind, check))
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    return pytest.param(kind, check, marks=marks, id=f"{kind}-{check}")


PAIRS = [_param(kind, check) for kind in ALL_KINDS for check in CHECKS]


def test_every_known_defect_names_a_kind_and_a_check() -> None:
    assert {kind for kind, _ in KNOWN_DEFECTS} <= set(ALL_KINDS)
    assert {check for _, check in KNOWN_DEFECTS} <= set(CHECKS)


@pytest.mark.parametrize(("kind", "check"), PAIRS)
def test_issued_documents_read_as_a_records_clerk_expects(walked: WalkedCampaign, kind: str, check: str) -> None:
    samples = walked.of_kind(kind)
    assert samples, f"the walk issued no {kind}"
    problems = {f"{s.name} #{s.issued.document_id}": found for s in samples if (found := CHECKS[check](s))}
    assert not problems, f"{kind}: {check} fails in {len(problems)} of {len(samples)} documents:\n" + "\n".join(
        f"  {name}: {found[:5]}" for name, found in problems.items()
    )
