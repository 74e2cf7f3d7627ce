"""Very large lists (a posting list, a decision annex of thousands of households) in bounded memory.

WeasyPrint lays out a whole document at once: a 5,000-row list in one piece takes about a
gigabyte. Here the document is cut into chunks of about 500 rows, each chunk is rendered on its
own (optionally in worker processes), and the PDFs are merged with pypdf.

A chunk cannot know its first page number while the chunks before it are still rendering, so
chunks render without page numbers (`page_numbers: "stamp"`) and the numbers are stamped on the
merged PDF afterwards: the main document numbered from page 2, each appendix on its own, again
without a number on its first page (ND 30). The stamps are pages of a tiny WeasyPrint render of the
same page box and font, so the numbers sit exactly where the template puts them; that render is made
once per process and reused by every list.

Each chunk starts on a new page, so the last page of a chunk may be part-empty; row numbers run
on because the context numbers the rows, not the template.

The template contract (templates/documents/base.html): `main_head` / `main_tail` switch the
document's head (header, title, body) and tail (signature, Nơi nhận) on and off; `sections` are
lists printed between them, `annexes` appendices after them; a sliced list carries `continued`
(no title again) and `continues` (no total yet).
"""

from __future__ import annotations

import gc
import io
import logging
import multiprocessing
import resource
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from typing import Any

from flask import current_app, render_template
from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, StreamObject

from casework.documents.render import Rendered, html_to_pdf, render, render_html, template_name

log = logging.getLogger(__name__)

CHUNK_ROWS = 500
WORKERS = 2
PAGE_NUMBER_TEMPLATE = "documents/_page_numbers.html"
OVERLAY_STEP = 50  # the page-number overlay is made for a multiple of this many pages

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Slice:
    part: str  # "sections" or "annexes"
    index: int
    start: int
    stop: int


@dataclass(frozen=True)
class Chunk:
    """One render: optionally the document's head and tail, and slices of its lists."""

    main_head: bool
    main_tail: bool
    slices: tuple[Slice, ...]
    group: str  # "main", or "annex-<i>": each appendix is numbered on its own

    @property
    def rows(self) -> int:
        return sum(piece.stop - piece.start for piece in self.slices)


@dataclass(frozen=True)
class ListRender:
    pdf: bytes
    pages: int
    rows: int
    chunks: int
    template_name: str
    # Highest peak resident memory (VmHWM) of the processes that rendered the chunks: the worker
    # processes, or this process when it rendered them itself.
    worker_peak_rss_mb: float


def total_rows(context: dict[str, Any]) -> int:
    return sum(len(item["rows"]) for part in ("sections", "annexes") for item in context.get(part, ()))


def plan_chunks(context: dict[str, Any], chunk_rows: int = CHUNK_ROWS) -> list[Chunk]:
    """Head and inline lists fill chunks in order, the tail rides on the last; then each appendix."""
    if chunk_rows < 1:
        raise ValueError("chunk_rows must be positive")
    chunks = _main_chunks(context.get("sections", []), chunk_rows)
    for index, annex in enumerate(context.get("annexes", [])):
        count = len(annex["rows"])
        starts = range(0, count, chunk_rows) if count else [0]
        chunks += [
            Chunk(False, False, (Slice("annexes", index, start, min(start + chunk_rows, count)),), f"annex-{index}")
            for start in starts
        ]
    return chunks


def _main_chunks(sections: list[dict[str, Any]], chunk_rows: int) -> list[Chunk]:
    slices: list[list[Slice]] = [[]]
    room = chunk_rows
    for index, section in enumerate(sections):
        count = len(section["rows"])
        start = 0
        while True:
            if room == 0:
                slices.append([])
                room = chunk_rows
            stop = min(count, start + room)
            slices[-1].append(Slice("sections", index, start, stop))
            room -= stop - start
            start = stop
            if start >= count:
                break
    last = len(slices) - 1
    return [Chunk(number == 0, number == last, tuple(part), "main") for number, part in enumerate(slices)]


def chunk_context(context: dict[str, Any], chunk: Chunk) -> dict[str, Any]:
    """The context of one chunk: a shallow copy with only its slices of the lists."""
    sliced: dict[str, list[dict[str, Any]]] = {"sections": [], "annexes": []}
    for piece in chunk.slices:
        source = context[piece.part][piece.index]
        sliced[piece.part].append(
            {
                **source,
                "rows": source["rows"][piece.start : piece.stop],
                "continued": piece.start > 0,
                "continues": piece.stop < len(source["rows"]),
            }
        )
    return {
        **context,
        **sliced,
        "main_head": chunk.main_head,
        "main_tail": chunk.main_tail,
        "page_numbers": "stamp",
    }


def page_labels(groups: list[tuple[str, int]]) -> list[str]:
    """Per merged page, its printed number ('' for none): groups are (group, pages) in order."""
    labels: list[str] = []
    counters: dict[str, int] = {}
    for group, pages in groups:
        for _ in range(pages):
            counters[group] = counters.get(group, 0) + 1
            labels.append("" if counters[group] == 1 else str(counters[group]))
    return labels


def render_list(
    kind: str,
    context: dict[str, Any],
    *,
    chunk_rows: int | None = None,
    workers: int | None = None,
    on_progress: Progress | None = None,
    executor: Executor | None = None,
) -> ListRender:
    """Render `kind` with big lists in chunks; must run inside an app context (templates).

    `chunk_rows` and `workers` default to the app's LIST_CHUNK_ROWS and LIST_WORKERS: the jobs that
    render posting notices, decisions and the run's lists all take this one path.
    With `workers` > 1 chunks render in this process's shared pool of that many spawned processes
    (spawn, not fork: the caller may be a threaded web or job process), whose main module must be
    safe to import again (the `if __name__ == "__main__":` idiom); otherwise in this process, one
    after another. A caller may pass its own long-lived `executor` (a ProcessPoolExecutor) instead;
    `workers` then only bounds the chunks in flight.
    """
    config = current_app.config
    chunk_rows = chunk_rows or config.get("LIST_CHUNK_ROWS", CHUNK_ROWS)
    workers = workers or config.get("LIST_WORKERS", WORKERS)
    rows = total_rows(context)
    progress = on_progress or (lambda done, total: None)
    if rows <= chunk_rows:
        # Small enough for one piece: the ordinary render, with the template's own page numbers.
        single = render(kind, context)
        progress(rows, rows)
        return _single(single, rows)
    chunks = plan_chunks(context, chunk_rows)
    pdfs, peak = _render_chunks(kind, context, chunks, workers, progress, executor)
    merged, pages = _merge(pdfs, [chunk.group for chunk in chunks])
    log.info("rendered %s in %d chunks: %d rows, %d pages", kind, len(chunks), rows, pages)
    return ListRender(merged, pages, rows, len(chunks), template_name(kind), peak)


def _single(rendered: Rendered, rows: int) -> ListRender:
    pages = len(PdfReader(io.BytesIO(rendered.pdf)).pages)
    return ListRender(rendered.pdf, pages, rows, 1, rendered.template_name, peak_rss_mb())


def _render_chunks(
    kind: str,
    context: dict[str, Any],
    chunks: list[Chunk],
    workers: int,
    progress: Progress,
    executor: Executor | None,
) -> tuple[list[bytes], float]:
    total = sum(chunk.rows for chunk in chunks)
    if executor is not None:
        return _render_in_pool(executor, kind, context, chunks, max(1, workers), progress, total)
    if workers <= 1:
        pdfs = []
        done = 0
        for chunk in chunks:
            pdfs.append(html_to_pdf(render_html(kind, chunk_context(context, chunk))))
            done += chunk.rows
            progress(done, total)
        return pdfs, peak_rss_mb()
    # The workers outlive the list: a fresh spawn costs more than a chunk (imports, fonts), and their
    # peak stays flat from chunk to chunk (measured by bench/bench_documents.py).
    return _render_in_pool(shared_pool(workers), kind, context, chunks, workers, progress, total)


_POOLS: dict[int, ProcessPoolExecutor] = {}
_POOLS_LOCK = threading.Lock()  # job worker threads share the process's pool


def shared_pool(workers: int) -> ProcessPoolExecutor:
    """This process's pool of `workers` spawned renderers, started (and warmed) on first use and kept:
    the second list a job worker renders pays no start-up. A broken pool (a worker killed) is replaced."""
    with _POOLS_LOCK:
        pool = _POOLS.get(workers)
        if pool is None or getattr(pool, "_broken", False):
            pool = ProcessPoolExecutor(
                max_workers=workers, mp_context=multiprocessing.get_context("spawn"), initializer=_warm_worker
            )
            _POOLS[workers] = pool
        return pool


def start_pool(workers: int) -> None:
    """Start this process's pool of `workers` renderers without waiting for them (none for one worker:
    chunks then render in the calling process)."""
    if workers > 1:
        pool = shared_pool(workers)
        for _ in range(workers):
            pool.submit(peak_rss_mb)


def warm_pool(workers: int) -> None:
    """Start the shared pool's processes now and wait until each has loaded WeasyPrint and the fonts."""
    pool = shared_pool(workers)
    wait([pool.submit(peak_rss_mb) for _ in range(workers)])


def _warm_worker() -> None:
    """Runs once in each new worker: imports, font configuration and a first layout, before any chunk.

    What is loaded by then lives as long as the worker: frozen, the collection after each chunk
    (memory.py) no longer walks it."""
    html_to_pdf('<html><body><p style="font-family: Tinos">Ấp</p></body></html>')
    gc.collect()
    gc.freeze()


def _render_in_pool(
    pool: Executor,
    kind: str,
    context: dict[str, Any],
    chunks: list[Chunk],
    workers: int,
    progress: Progress,
    total: int,
) -> tuple[list[bytes], float]:
    """At most `workers` chunks in flight, so only that many chunks' HTML exist at once."""
    results: list[bytes | None] = [None] * len(chunks)
    peak = 0.0
    done = 0
    pending: dict[Future[tuple[bytes, float]], int] = {}
    queue = iter([(number, chunk) for number, chunk in enumerate(chunks) if chunk.rows])
    _fill(pool, pending, queue, workers, kind, context)
    _hand_over(pending)
    # A chunk without rows (the head and tail of a document whose list is an appendix: a page or two)
    # renders here while the workers lay out the rows, instead of delaying one of them.
    for number, chunk in enumerate(chunks):
        if not chunk.rows:
            results[number] = html_to_pdf(render_html(kind, chunk_context(context, chunk)))
    while pending:
        finished, _ = wait(pending, return_when=FIRST_COMPLETED)
        for future in finished:
            number = pending.pop(future)
            results[number], worker_peak = future.result()
            peak = max(peak, worker_peak)
            done += chunks[number].rows
            progress(done, total)
        _fill(pool, pending, queue, workers, kind, context)
    return [pdf for pdf in results if pdf is not None], peak


def _fill(
    pool: Executor,
    pending: dict[Future[tuple[bytes, float]], int],
    queue: Iterator[tuple[int, Chunk]],
    workers: int,
    kind: str,
    context: dict[str, Any],
) -> None:
    while len(pending) < workers:
        item = next(queue, None)
        if item is None:
            return
        number, chunk = item
        html = render_html(kind, chunk_context(context, chunk))
        pending[pool.submit(_worker_render, html)] = number


HAND_OVER_WAIT = 0.05  # seconds, at most


def _hand_over(pending: dict[Future[tuple[bytes, float]], int]) -> None:
    """Let the pool's threads send the chunks to the workers before this thread lays out a head.

    They need the interpreter lock, which a layout gives up only every few milliseconds: the workers
    started 10-20 ms late. A future runs once its chunk is on the queue; the sleep lets the queue's
    feeder thread write it to the pipe."""
    deadline = time.monotonic() + HAND_OVER_WAIT
    while not all(future.running() or future.done() for future in pending) and time.monotonic() < deadline:
        time.sleep(0.0005)
    time.sleep(0.001)


def _worker_render(html: str) -> tuple[bytes, float]:
    """Runs in a worker process: HTML to PDF, and the process's peak memory so far."""
    return html_to_pdf(html), peak_rss_mb()


def peak_rss_mb() -> float:
    """This process's peak resident memory in MB: VmHWM from /proc where there is one.

    Not ru_maxrss: on Linux a spawned worker inherits its parent's ru_maxrss through fork and
    exec, so it would report the parent's peak instead of its own. VmHWM belongs to the address
    space, which exec starts afresh.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def _merge(pdfs: list[bytes], groups: list[str]) -> tuple[bytes, int]:
    writer = PdfWriter()
    counts: list[tuple[str, int]] = []
    for pdf, group in zip(pdfs, groups, strict=True):
        reader = PdfReader(io.BytesIO(pdf))
        if not counts:
            writer.add_metadata({key: str(value) for key, value in (reader.metadata or {}).items()})
        writer.append(reader, import_outline=False)
        counts.append((group, len(reader.pages)))
    labels = page_labels(counts)
    _stamp(writer, labels)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), len(labels)


def _stamp(writer: PdfWriter, labels: list[str]) -> None:
    """Overlay each numbered page with its number, drawn by the same @page rules as the template.

    The overlay's page for a number becomes a form XObject that the page draws after its own content,
    which stays as it is: pypdf's merge_page would parse and rewrite every page's content instead."""
    numbered = [int(label) for label in labels if label]
    if not numbered:
        return
    overlay = number_overlay(max(numbered))
    for page, label in zip(writer.pages, labels, strict=True):
        if label:
            _draw_over(writer, page, f"/CaseworkPage{label}", _number_form(writer, overlay.pages[int(label) - 2]))


def _number_form(writer: PdfWriter, overlay_page: PageObject) -> IndirectObject:
    form = StreamObject()
    form.set_data(overlay_page.get_contents().get_data())
    form.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): overlay_page.mediabox,
            NameObject("/Resources"): overlay_page["/Resources"].clone(writer),
        }
    )
    return writer._add_object(form)


def _draw_over(writer: PdfWriter, page: PageObject, name: str, form: IndirectObject) -> None:
    """The page's content, its graphics state saved and restored around it, then the form on top.

    The name is the number's own: pages of one chunk share a resources dictionary."""
    resources = page["/Resources"].get_object()
    xobjects = resources.setdefault(NameObject("/XObject"), DictionaryObject()).get_object()
    xobjects[NameObject(name)] = form
    contents = page["/Contents"].get_object()
    streams = list(contents) if isinstance(contents, ArrayObject) else [page.raw_get("/Contents")]
    before, after = StreamObject(), StreamObject()
    before.set_data(b"q\n")
    after.set_data(b"\nQ q " + name.encode() + b" Do Q\n")
    page[NameObject("/Contents")] = ArrayObject([writer._add_object(before), *streams, writer._add_object(after)])


_OVERLAY: list[tuple[int, bytes]] = []  # this process's (highest number, overlay PDF), the largest made so far


def number_overlay(highest: int) -> PdfReader:
    """One page per number from 2 up to at least `highest` (page 1 never shows one), rendered once per
    process and reused: every list's stamps then cost no render of their own."""
    made = _OVERLAY[-1] if _OVERLAY else None
    if made is None or made[0] < highest:
        top = -(-highest // OVERLAY_STEP) * OVERLAY_STEP
        labels = [str(number) for number in range(2, top + 1)]
        made = (top, html_to_pdf(render_template(PAGE_NUMBER_TEMPLATE, labels=labels)))
        _OVERLAY[:] = [made]
    return PdfReader(io.BytesIO(made[1]))
