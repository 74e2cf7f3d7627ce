"""Write the walked documents to a folder: each as PDF and as PNG pages, with an index.html to look at.

The index is plain HTML (no script, no CDN): one section per kind, every document of the kind with
its walk, number and pages; the signed copy is shown where the official signed one.
"""

from __future__ import annotations

import html
import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from casework.documents.context.labels import KINDS
from casework.documents.gallery.setup import GalleryError
from casework.documents.gallery.walk import Issued

ORDER = (*KINDS, "report_table")
EXTRA_LABELS = {"report_table": "Báo cáo kết quả rà soát (Mẫu số 7.x)"}
WALK_LABELS = {
    "periodic": "Rà soát định kỳ (đợt 2026)",
    "regular": "Rà soát thường xuyên (kỳ tháng 3/2026)",
    "refusal": "Yêu cầu bị từ chối (kỳ tháng 3/2026)",
    "exit": "Đề nghị thoát nghèo, Mẫu 04 (kỳ tháng 3/2026)",
    "reports": "Báo cáo năm 2026 và tháng 3/2026",
}
DPI = 70


@dataclass
class Written:
    issued: Issued
    name: str  # file stem
    pdf: str
    pages: list[str]
    signed: bool


def pdftoppm() -> str:
    found = shutil.which("pdftoppm")
    if found is None:
        raise GalleryError(
            "pdftoppm is missing: install poppler-utils (Debian: apt-get install poppler-utils, "
            "or `make test-system-deps`) to turn the PDF pages into images."
        )
    return found


def _pages(tool: str, pdf_path: Path) -> list[str]:
    stem = pdf_path.with_suffix("")
    command = [tool, "-r", str(DPI), "-png", str(pdf_path), str(stem)]
    subprocess.run(command, check=True, capture_output=True)  # noqa: S603 -- our own files, poppler's tool
    return sorted(p.name for p in pdf_path.parent.glob(f"{stem.name}-*.png"))


def _ordered(documents: Iterable[Issued]) -> list[Issued]:
    rank = {kind: index for index, kind in enumerate(ORDER)}
    return sorted(documents, key=lambda d: rank.get(d.kind, len(rank)))


def write_files(documents: list[Issued], out: Path) -> list[Written]:
    tool = pdftoppm()
    folder = out / "documents"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    written = []
    for index, issued in enumerate(_ordered(documents), start=1):
        name = f"{index:03d}-{issued.kind}-{issued.walk}"
        content = issued.signed_pdf or issued.pdf
        path = folder / f"{name}.pdf"
        path.write_bytes(content)
        written.append(Written(issued, name, f"documents/{path.name}", [f"documents/{p}" for p in _pages(tool, path)],
                               issued.signed_pdf is not None))  # fmt: skip
    return written


def kind_title(kind: str) -> str:
    if kind in EXTRA_LABELS:
        return EXTRA_LABELS[kind]
    from flask import current_app, has_request_context

    from casework.documents.views import kind_label

    if has_request_context():
        return kind_label(kind)
    with current_app.test_request_context():  # the labels are translated strings: Vietnamese by default
        return kind_label(kind)


def _figure(item: Written) -> str:
    issued = item.issued
    facts = [WALK_LABELS.get(issued.walk, issued.walk)]
    if issued.number:
        facts.append(f"số {issued.number}")
    if issued.draft:
        facts.append("bản dự thảo (chưa có số)")
    if item.signed:
        facts.append("bản đã ký số")
    caption = " · ".join(html.escape(fact) for fact in facts)
    images = "".join(
        f'<a href="{item.pdf}#page={n}"><img src="{page}" alt="{html.escape(item.name)} trang {n}" loading="lazy"></a>'
        for n, page in enumerate(item.pages, start=1)
    )
    return (
        f'<figure id="{item.name}"><figcaption><a href="{item.pdf}">{html.escape(item.name)}.pdf</a> — {caption} '
        f'({len(item.pages)} trang)</figcaption><div class="pages">{images}</div></figure>'
    )


STYLE = """
body { font-family: sans-serif; margin: 1.5rem; background: #eee; color: #222; }
nav a { margin-right: 1rem; } h2 { margin-top: 2.5rem; border-bottom: 2px solid #999; }
figure { margin: 1rem 0 2rem; } figcaption { margin-bottom: .5rem; }
.pages { display: flex; flex-wrap: wrap; gap: 12px; }
.pages img { background: #fff; box-shadow: 0 1px 4px #0005; width: 420px; }
.missing { color: #a00; }
"""


def write_index(written: list[Written], out: Path) -> Path:
    by_kind: dict[str, list[Written]] = {}
    for item in written:
        by_kind.setdefault(item.issued.kind, []).append(item)
    nav = " ".join(
        f'<a href="#{kind}">{html.escape(kind_title(kind))} ({len(by_kind.get(kind, []))})</a>' for kind in ORDER
    )
    sections = []
    for kind in ORDER:
        items = by_kind.get(kind, [])
        body = "".join(_figure(item) for item in items) or '<p class="missing">Không có văn bản nào loại này.</p>'
        sections.append(f'<section id="{kind}"><h2>{html.escape(kind_title(kind))}</h2>{body}</section>')
    page = (
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">'
        f"<title>Văn bản do hệ thống ban hành</title><style>{STYLE}</style></head><body>"
        "<h1>Văn bản do hệ thống ban hành trong một đợt rà soát mẫu</h1>"
        f"<p>{len(written)} văn bản, {sum(len(w.pages) for w in written)} trang "
        f"(ảnh {DPI} dpi; bấm vào một trang để mở bản PDF ở trang đó). "
        "Dữ liệu là dữ liệu mẫu của Xã Lũng Cú; mọi người trong đó đều là hư cấu.</p>"
        f"<nav>{nav}</nav>{''.join(sections)}</body></html>"
    )
    index = out / "index.html"
    index.write_text(page, encoding="utf-8")
    return index


def write_gallery(documents: list[Issued], out: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    return write_index(write_files(documents, out), out)
