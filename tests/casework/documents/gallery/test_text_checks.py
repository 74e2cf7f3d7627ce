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

# (kind, check): a known defect that makes the pair fail today (none left: issue 13's are all fixed).
KNOWN_DEFECTS: dict[tuple[str, str], str] = {}


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


def test_the_certificates_of_a_decision_take_consecutive_numbers_of_the_register(walked: WalkedCampaign) -> None:
    """Numbers are never invented (defect 3): each walk's certificates run on in the commune's register,
    one number each, in the order of the decision, and not the cases' database ids."""
    by_walk: dict[str, list[tuple[int, int]]] = {}
    for sample in walked.of_kind("certificate"):
        issued = sample.issued
        by_walk.setdefault(issued.walk, []).append((int(issued.context["number"]), issued.case_id or 0))
    assert by_walk, "the walk issued no certificate"
    for walk, pairs in by_walk.items():
        numbers = sorted(number for number, _ in pairs)
        assert numbers == list(range(numbers[0], numbers[0] + len(numbers))), (walk, numbers)
    every = [pair for pairs in by_walk.values() for pair in pairs]
    assert len(every) < 2 or any(number != case_id for number, case_id in every), every
