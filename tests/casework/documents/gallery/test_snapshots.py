"""HTML snapshots of the contexts the services really stored during the walk, one per kind and walk.

What changes from run to run is normalised: the verification code and its QR code, the time of
day a receipt was made, and today's date where a document is dated on the real day (the reports).
After reading the diff, accept a change with UPDATE_SNAPSHOTS=1.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from typing import Any

import pytest
from flask import Flask, render_template

from casework.clock import VIETNAM
from casework.documents.gallery.walk import REPORT_TEMPLATE
from casework.documents.render import render_html
from tests.casework.documents.gallery.conftest import Sample, WalkedCampaign
from tests.casework.documents.test_snapshots import SNAPSHOTS, check_snapshot

CODE = "XXXX-XXXX"
NAMES = [
    "request_form-regular", "request_form-refusal", "request_form-periodic", "exit_request_form-exit",
    "request_receipt-regular", "request_receipt-refusal", "request_receipt-exit",
    "request_receipt-periodic", "review_list-periodic", "survey_record-regular",
    "survey_record-refusal", "survey_record-periodic", "meeting_minutes-regular", "meeting_minutes-periodic",
    "posting_notice-regular", "posting_notice-periodic", "complaint_record-periodic", "recheck_record-periodic",
    "upper_report-periodic", "upper_approval-periodic", "recognition_decision-regular",
    "recognition_decision-periodic", "certificate-regular", "certificate-periodic", "refusal_letter-refusal",
    "report_table-reports",
]  # fmt: skip


def normalised_context(context: dict[str, Any]) -> dict[str, Any]:
    stable = copy.deepcopy(context)
    verification = stable.get("verification") or {}
    code = verification.get("code")
    if verification.get("qr"):
        verification["qr"] = {**verification["qr"], "path": "M0 0h1v1h-1z"}
    if code:
        stable = json.loads(json.dumps(stable, ensure_ascii=False).replace(code, CODE))
    return stable


def normalised_html(html: str) -> str:
    for today in {dt.datetime.now(VIETNAM).date(), dt.datetime.now(dt.UTC).date()}:
        for real in (f"ngày {today:%d} tháng {today.month} năm {today.year}", f"{today:%d/%m/%Y}"):
            html = html.replace(real, "ngày HÔM NAY" if real.startswith("ngày") else "HÔM NAY")
    return re.sub(r"\b\d{1,2} giờ \d{1,2} phút", "HH giờ MM phút", html)


def first(walked: WalkedCampaign, name: str) -> Sample:
    found = [sample for sample in walked.samples if sample.name == name]
    assert found, f"the walk issued no {name}"
    return found[0]


@pytest.mark.parametrize("name", NAMES)
def test_a_walked_context_renders_as_its_snapshot(documents_app: Flask, walked: WalkedCampaign, name: str) -> None:
    sample = first(walked, name)
    (SNAPSHOTS / "walked").mkdir(exist_ok=True)
    context = normalised_context(sample.issued.context)
    if sample.kind == "report_table":  # rendered on request from its own template, never stored
        html = render_template(REPORT_TEMPLATE, **context)
    else:
        html = render_html(sample.kind, context)
    check_snapshot(f"walked/{name}", normalised_html(html))


def test_every_kind_and_walk_has_a_snapshot(walked: WalkedCampaign) -> None:
    assert {sample.name for sample in walked.samples} == set(NAMES)
