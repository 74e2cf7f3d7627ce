"""Big lists: chunk plan, continuous page numbers across merged chunks, row count, progress."""

from __future__ import annotations

import re
from datetime import date

import pytest
from flask import Flask
from pypdf import PdfReader

from casework.documents.context.decision import recognition_decision
from casework.documents.context.labels import DECISION_CLASSES
from casework.documents.context.review import review_list as build_review_list
from casework.documents.context.values import AgencyHeader, Issue, Signer
from casework.documents.lists import (
    Chunk,
    Slice,
    chunk_context,
    number_overlay,
    page_labels,
    plan_chunks,
    render_list,
    total_rows,
)
from casework.documents.render import render
from tests.support import document_samples as samples

from .pdftools import page_count, page_images, page_texts, pdf_text


def decision(count: int) -> dict:  # type: ignore[type-arg]
    rows = samples.sample_households(count, seed=42)
    lists = {name: [row for row in rows if row.classification == name] for name in DECISION_CLASSES}
    return recognition_decision(
        Issue(AgencyHeader.commune("Lũng Cú"), symbol="QĐ-UBND", number=5, issued_on=date(2025, 12, 12)),
        period_label="năm 2026",
        commune="Lũng Cú",
        legal_bases=samples.SAMPLE_LEGAL_BASES_2026,
        lists=lists,
        effective="Quyết định này có hiệu lực kể từ ngày ký.",
        implementers="Các hộ gia đình có tên tại Điều 1",
        signer=Signer("Nguyễn Văn Hùng"),
        recipients=("Như Điều 3",),
        archive="VT, VHXH",
    )


def review_list(per_village: int) -> dict:  # type: ignore[type-arg]
    villages = {
        village: samples.sample_households(per_village, seed=index, villages=(village,))
        for index, village in enumerate(samples.SAMPLE_VILLAGES[:3])
    }
    return build_review_list(
        Issue(AgencyHeader.commune_unit("Lũng Cú", ["Ban Chỉ đạo rà soát"]), issued_on=date(2025, 9, 15)),
        year=2025,
        commune="Lũng Cú",
        villages=villages,
        signer=Signer("Nguyễn Văn Hùng", block="tm_steering"),
    )


def covered(context: dict, chunks: list[Chunk]) -> dict[tuple[str, int], list[int]]:  # type: ignore[type-arg]
    seen: dict[tuple[str, int], list[int]] = {}
    for chunk in chunks:
        for piece in chunk.slices:
            seen.setdefault((piece.part, piece.index), []).extend(range(piece.start, piece.stop))
    return seen


def test_plan_covers_every_row_once_in_order() -> None:
    context = review_list(130)
    chunks = plan_chunks(context, chunk_rows=100)
    seen = covered(context, chunks)
    for index, section in enumerate(context["sections"]):
        assert seen[("sections", index)] == list(range(len(section["rows"])))
    assert [chunk.main_head for chunk in chunks] == [True] + [False] * (len(chunks) - 1)
    assert [chunk.main_tail for chunk in chunks] == [False] * (len(chunks) - 1) + [True]
    assert all(chunk.rows <= 100 for chunk in chunks)
    assert sum(chunk.rows for chunk in chunks) == total_rows(context) == 390


def test_each_appendix_is_its_own_numbering_group() -> None:
    context = decision(300)
    chunks = plan_chunks(context, chunk_rows=40)
    assert chunks[0] == Chunk(True, True, (), "main")
    groups = [chunk.group for chunk in chunks[1:]]
    assert groups == sorted(groups) and set(groups) == {f"annex-{i}" for i in range(len(context["annexes"]))}
    for chunk in chunks[1:]:
        (piece,) = chunk.slices
        assert piece.part == "annexes" and 0 < chunk.rows <= 40


def test_chunk_context_marks_continuations() -> None:
    context = decision(300)
    piece = Slice("annexes", 1, 40, 80)
    sliced = chunk_context(context, Chunk(False, False, (piece,), "annex-1"))
    (annex,) = sliced["annexes"]
    assert annex["continued"] and annex["continues"] == (len(context["annexes"][1]["rows"]) > 80)
    assert annex["rows"] == context["annexes"][1]["rows"][40:80]
    assert sliced["sections"] == [] and sliced["page_numbers"] == "stamp"
    assert not sliced["main_head"] and not sliced["main_tail"]


def test_page_labels_restart_per_group_without_number_on_first_page() -> None:
    labels = page_labels([("main", 2), ("annex-0", 3), ("annex-0", 2), ("annex-1", 1)])
    assert labels == ["", "2", "", "2", "3", "4", "5", ""]


def row_numbers(pdf: bytes, villages: tuple[str, ...]) -> list[int]:
    """TT of every household row, read from the layout text: 'TT   name   village ...'."""
    pattern = re.compile(r"^\s*(\d+)\s+\S.*?\s{2,}(?:" + "|".join(map(re.escape, villages)) + r")\b", re.M)
    return [int(match.group(1)) for match in pattern.finditer(pdf_text(pdf, layout=True))]


@pytest.mark.parametrize("workers", [1, 2])
def test_chunked_review_list_numbers_pages_continuously_and_keeps_every_row(documents_app: Flask, workers: int) -> None:
    context = review_list(170)
    progress: list[tuple[int, int]] = []
    result = render_list(
        "review_list", context, chunk_rows=120, workers=workers, on_progress=lambda d, t: progress.append((d, t))
    )
    assert result.chunks == 5 and result.rows == 510
    assert progress[-1] == (510, 510)
    assert [done for done, _ in progress] == sorted(done for done, _ in progress)
    assert page_count(result.pdf) == result.pages
    texts = page_texts(result.pdf)
    assert "DANH SÁCH HỘ GIA ĐÌNH CẦN RÀ SOÁT" in texts[0]
    assert "TM. BAN CHỈ ĐẠO" in texts[-1] and "Tổng cộng toàn xã: 510 hộ" in texts[-1]
    for number, text in enumerate(texts, start=1):
        first_line = next(line.strip() for line in text.splitlines() if line.strip())
        if number == 1:
            assert not first_line.isdigit()
        else:
            assert first_line == str(number), (number, first_line)
    names = [text for text in texts if "Họ và tên chủ hộ" in text]
    assert len(names) == len(texts), "the table header repeats on every page"
    assert row_numbers(result.pdf, samples.SAMPLE_VILLAGES[:3]) == list(range(1, 511))


def test_chunked_decision_restarts_numbers_in_each_appendix(documents_app: Flask) -> None:
    context = decision(900)
    result = render_list("recognition_decision", context, chunk_rows=150, workers=1)
    texts = page_texts(result.pdf)
    starts = [index for index, text in enumerate(texts) if text.lstrip().startswith("Phụ lục")]
    assert len(starts) == len(context["annexes"])
    group_start = 0
    for index, text in enumerate(texts):
        if index in starts:
            group_start = index
        first_line = next(line.strip() for line in text.splitlines() if line.strip())
        if index == group_start:
            assert not first_line.isdigit(), index
        else:
            assert first_line == str(index - group_start + 1), (index, first_line)
    for annex, start in zip(context["annexes"], starts, strict=True):
        assert annex["heading"] in texts[start]
    joined = " ".join(texts)
    for annex in context["annexes"]:
        assert annex["total_label"] in joined
    numbers = row_numbers(result.pdf, samples.SAMPLE_VILLAGES)
    expected = [number for annex in context["annexes"] for number in range(1, len(annex["rows"]) + 1)]
    assert numbers == expected and len(numbers) == result.rows == 900


def test_small_list_takes_the_ordinary_render(documents_app: Flask) -> None:
    context = review_list(10)
    result = render_list("review_list", context, chunk_rows=500)
    assert result.chunks == 1 and result.rows == 30


def test_stamped_numbers_sit_where_the_template_prints_them(documents_app: Flask) -> None:
    context = review_list(40)
    by_template = render("review_list", context).pdf
    stamped = render_list("review_list", context, chunk_rows=50, workers=1).pdf
    dpi = 100
    box = tuple(round(mm * dpi / 25.4) for mm in (80, 2, 145, 18))  # the top margin, centred
    template_page, stamped_page = (page_images(pdf, dpi, last=2)[1].crop(box) for pdf in (by_template, stamped))
    assert template_page.getextrema()[0] < 128, "page 2 of the template render has its number"
    assert stamped_page.tobytes() == template_page.tobytes()


def test_a_long_lived_executor_can_be_passed_in(documents_app: Flask) -> None:
    from concurrent.futures import ThreadPoolExecutor

    context = review_list(50)
    with ThreadPoolExecutor(max_workers=1) as executor:
        result = render_list("review_list", context, chunk_rows=60, executor=executor)
    assert result.chunks == 3
    assert row_numbers(result.pdf, samples.SAMPLE_VILLAGES[:3]) == list(range(1, 151))


def test_the_page_number_overlay_is_made_once_and_grows_for_a_longer_list(
    documents_app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    from casework.documents import lists

    monkeypatch.setattr(lists, "_OVERLAY", [])  # as in a fresh process
    short = number_overlay(12)
    assert [text.strip() for text in page_texts(_pdf(short))] == [str(number) for number in range(2, 51)]
    assert number_overlay(40) is not short and _pdf(number_overlay(40)) == _pdf(short)  # reused, not redrawn
    longer = number_overlay(51)
    assert len(longer.pages) == 99 and page_texts(_pdf(longer))[-1].strip() == "100"


def _pdf(reader: PdfReader) -> bytes:
    return reader.stream.getvalue()  # type: ignore[union-attr]


def test_a_list_renders_with_the_apps_chunk_and_worker_settings(
    documents_app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The jobs (posting notice, decision, the run's list) pass no sizes: the app's settings decide."""
    monkeypatch.setitem(documents_app.config, "LIST_CHUNK_ROWS", 45)
    monkeypatch.setitem(documents_app.config, "LIST_WORKERS", 1)
    result = render_list("review_list", review_list(30))
    assert (result.rows, result.chunks) == (90, 2)
    assert row_numbers(result.pdf, samples.SAMPLE_VILLAGES[:3]) == list(range(1, 91))


def test_the_head_of_a_document_with_an_appendix_renders_beside_the_pool(documents_app: Flask) -> None:
    """The decision's head and tail (no rows) render in this process; its appendices in the workers."""
    from concurrent.futures import ThreadPoolExecutor

    context = decision(120)
    with ThreadPoolExecutor(max_workers=2) as executor:
        pooled = render_list("recognition_decision", context, chunk_rows=50, executor=executor)
    alone = render_list("recognition_decision", context, chunk_rows=50, workers=1)
    assert pooled.chunks == alone.chunks and page_texts(pooled.pdf) == page_texts(alone.pdf)
