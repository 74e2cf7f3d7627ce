"""The documents of a walked campaign, once per database backend for the whole session.

The walk (casework/documents/gallery) seeds the demo on its own throwaway database, walks it through
the pages and collects every document issued; a refused page fails every test here, naming the step.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from html import unescape
from pathlib import Path

import pytest
from flask import Flask, render_template

from casework.documents.gallery.walk import REPORT_TEMPLATE, Issued, run_walk
from casework.documents.render import render_html
from tests.casework.documents.pdftools import pdf_text
from tests.conftest import BACKENDS
from tests.support import postgres

HOUSEHOLDS = 30  # the demo commune's size: about ten households on last year's lists, in six villages


@dataclass
class Sample:
    """An issued document with the text a reader's tool extracts from its PDF."""

    issued: Issued
    text: str  # what pdftotext reads from the PDF
    html_text: str  # the rendered HTML's text, one segment per cell or paragraph, split by " ¦ "

    @property
    def kind(self) -> str:
        return self.issued.kind

    @property
    def name(self) -> str:
        return f"{self.issued.kind}-{self.issued.walk}"


@dataclass
class WalkedCampaign:
    backend: str
    samples: list[Sample]
    seconds: float

    def of_kind(self, kind: str) -> list[Sample]:
        return [s for s in self.samples if s.kind == kind]


BLOCK = re.compile(r"</?(td|th|tr|p|div|li|h\d|table|thead|tbody|section|header|footer|br|hr)\b[^>]*>", re.I)


def html_of(issued: Issued) -> str:
    """The document's HTML as rendered from its stored context (the reports from their own template)."""
    if issued.kind == "report_table":
        return render_template(REPORT_TEMPLATE, **issued.context)
    return render_html(issued.kind, issued.context)


def text_of_html(html: str) -> str:
    body = re.sub(r"<style.*?</style>|<svg.*?</svg>", " ", html, flags=re.S | re.I)
    body = BLOCK.sub(" ¦ ", body)
    return " ".join(unescape(re.sub(r"<[^>]+>", "", body)).split())


@pytest.fixture(scope="session", params=BACKENDS)
def walked(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, documents_app: Flask
) -> WalkedCampaign:
    backend = str(request.param)
    workdir: Path = tmp_path_factory.mktemp(f"gallery-{backend}")
    url = None
    if backend == "postgresql":
        url = postgres.create_database(request.getfixturevalue("postgres_cluster"), "casework_gallery")
    started = time.monotonic()
    result = run_walk(url, workdir, HOUSEHOLDS)
    with documents_app.app_context():
        samples = [Sample(issued, pdf_text(issued.pdf), text_of_html(html_of(issued))) for issued in result.documents]
    seconds = time.monotonic() - started
    print(f"\nwalked campaign on {backend}: {len(samples)} documents in {seconds:.0f} s")
    return WalkedCampaign(backend, samples, seconds)
