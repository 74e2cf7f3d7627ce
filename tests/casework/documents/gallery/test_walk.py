"""The walk issues every kind of document the app has, in each of its walks, on both databases."""

from __future__ import annotations

from pathlib import Path

from casework.documents.context.labels import KINDS
from tests.casework.documents.gallery.conftest import WalkedCampaign

TEMPLATES = Path(__file__).resolve().parents[4] / "templates" / "documents"


def test_every_kind_of_document_comes_out_of_the_walk(walked: WalkedCampaign) -> None:
    kinds = {sample.kind for sample in walked.samples}
    templates = {path.parent.name for path in TEMPLATES.glob("*/document.html")} | {"report_table"}
    assert templates == {*KINDS, "report_table"}  # a new kind must be walked too
    assert kinds == templates, f"never issued by the walk: {sorted(templates - kinds)}"


def test_each_walk_issues_its_documents(walked: WalkedCampaign) -> None:
    by_walk: dict[str, set[str]] = {}
    for sample in walked.samples:
        by_walk.setdefault(sample.issued.walk, set()).add(sample.kind)
    assert {"request_form", "request_receipt", "refusal_letter"} <= by_walk["refusal"]
    assert {"exit_request_form", "request_receipt"} <= by_walk["exit"]
    assert {"survey_record", "meeting_minutes", "posting_notice", "recognition_decision", "certificate"} <= by_walk[
        "regular"
    ]
    assert {
        "review_list", "complaint_record", "recheck_record", "upper_report", "upper_approval",
        "recognition_decision", "certificate",
    } <= by_walk["periodic"]  # fmt: skip


def test_signed_documents_carry_the_officials_signature(walked: WalkedCampaign) -> None:
    signed = {sample.kind for sample in walked.samples if sample.issued.signed_pdf}
    assert {"upper_approval", "recognition_decision"} <= signed
    for sample in walked.samples:
        if sample.issued.signed_pdf:
            assert (
                sample.issued.signed_pdf.startswith(sample.issued.pdf[:1000])
                and b"/ByteRange" in sample.issued.signed_pdf
            )


def test_the_decision_names_the_households_it_recognises(walked: WalkedCampaign) -> None:
    decision = walked.of_kind("recognition_decision")[-1]
    certificates = [s for s in walked.of_kind("certificate") if s.issued.walk == decision.issued.walk]
    heads = {sample.issued.context["head"]["full_name"] for sample in certificates}
    assert heads and all(name in " ".join(decision.text.split()) for name in heads)
