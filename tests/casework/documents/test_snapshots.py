"""HTML snapshots, one per document kind (and the draft of each numbered kind).

A change in a template or a context builder shows here as a readable diff. After checking the
diff, accept it with UPDATE_SNAPSHOTS=1 pytest tests/casework/documents/test_snapshots.py.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest
from flask import Flask

from casework.documents.context.labels import KINDS
from casework.documents.render import render_html
from tests.support.document_samples import sample_context

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
NUMBERED = ("posting_notice", "upper_report", "upper_approval", "recognition_decision", "certificate", "refusal_letter")
CASES = [(kind, False) for kind in KINDS] + [(kind, True) for kind in NUMBERED]


def check_snapshot(name: str, html: str) -> None:
    path = SNAPSHOTS / f"{name}.html"
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        SNAPSHOTS.mkdir(exist_ok=True)
        path.write_text(html, encoding="utf-8")
        return
    if not path.exists():
        pytest.fail(f"no snapshot {path.name}: run with UPDATE_SNAPSHOTS=1 to create it")
    expected = path.read_text(encoding="utf-8")
    if html != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                html.splitlines(keepends=True),
                fromfile=f"snapshots/{path.name}",
                tofile="rendered",
                n=2,
            )
        )
        pytest.fail(f"{name}: the HTML changed (UPDATE_SNAPSHOTS=1 accepts it)\n{diff[:6000]}", pytrace=False)


@pytest.mark.parametrize(("kind", "draft"), CASES, ids=[f"{k}{'-draft' if d else ''}" for k, d in CASES])
def test_html_matches_snapshot(documents_app: Flask, kind: str, draft: bool) -> None:
    html = render_html(kind, sample_context(kind, draft=draft))
    check_snapshot(f"{kind}{'_draft' if draft else ''}", html)


def test_every_kind_has_a_template() -> None:
    templates = Path(__file__).resolve().parents[3] / "templates" / "documents"
    assert sorted(path.parent.name for path in templates.glob("*/document.html")) == sorted(KINDS)


def test_a_stored_final_context_marked_draft_shows_no_number_or_date(documents_app: Flask) -> None:
    context = {**sample_context("recognition_decision"), "draft": True}
    html = render_html("recognition_decision", context)
    assert "05/QĐ-UBND" not in html.split("<section", 1)[0].split("</style>", 1)[1]
    assert "Số: ……/QĐ-UBND" in html
    assert "Lũng Cú, ngày …… tháng …… năm 20……" in html
    assert "ngày 12 tháng 12 năm 2025" not in html.split("<section", 1)[0]
