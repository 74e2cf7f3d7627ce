"""Rendering speed and memory of the official documents (WeasyPrint), one page and big lists.

    python bench/bench_documents.py
    BENCH_DOCUMENTS_SIZES=1000 BENCH_DOCUMENTS_REPEAT=5 python bench/bench_documents.py   # shorter

Prints `BENCH <name> <value> <unit>` lines:
- median wall time of a one-page document (the upper level's công văn), target <= 0.15 s;
- for a posting notice whose annexed public list has 1,000 and 5,000 households, rendered the way
  the app's jobs render it: `render_list` with the app's settings (LIST_CHUNK_ROWS rows a chunk,
  LIST_WORKERS processes of the job process's shared renderer pool, pypdf merge, page numbers
  stamped afterwards; casework/documents/lists.py), in a pool already started, as in a job worker
  that has rendered a list before (the pool's start-up is printed apart, `documents_pool_start`,
  and so is the first list, `..._first_wall`, which also makes the page-number overlay). Wall time
  (median of BENCH_DOCUMENTS_LIST_REPEAT renders), pages per second, and peak memory per process
  as the peak resident set size (VmHWM from /proc/self/status; ru_maxrss where there is no /proc)
  of the worker processes and of this parent process; target for 5,000 rows <= 15 s and <= 300 MB
  per process;
- the same 1,000-row list in one piece (one WeasyPrint render of the whole HTML in this process),
  for comparison (BENCH_DOCUMENTS_SINGLE=0 skips it);
- when `chromium` is on PATH, the time of headless Chromium printing the same HTML (fonts given
  as file paths, since Chromium has no asset: fetcher; median of the same number of runs, its
  start-up included) and WeasyPrint's time as a ratio of it, all in the same run:
  `documents_list_1000_weasyprint_to_chromium_ratio` (target <= 1.0) for the app's path above,
  `documents_list_1000_single_piece_weasyprint_to_chromium_ratio` for the list in one piece;
- CPU seconds (user + system) of the app's path, its pool workers included, and of Chromium, its
  processes included (`..._cpu`, `documents_list_1000_weasyprint_to_chromium_cpu_ratio`). The wall
  ratio holds on a machine with its cores free: Chromium's wall is mostly its start-up, and the
  pool renders the chunks side by side. On a busy machine (Linux autogroup scheduling gives this
  run one session's share, however many processes it has) the pool gains nothing over one process
  and the wall ratio drifts towards the CPU ratio;
- the load average before and after (`bench_load_average_*`): the machine may be shared, so only
  the ratios of one run compare.

Other knobs: BENCH_DOCUMENTS_WORKERS and BENCH_DOCUMENTS_CHUNK (default: the app's LIST_WORKERS and
LIST_CHUNK_ROWS), BENCH_DOCUMENTS_LIST_REPEAT (5), BENCH_DOCUMENTS_CHROMIUM (1).
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from _support import bench_app  # noqa: E402  (bench/ is the script's folder)

from casework.documents.context.pieces import counts_from_rows  # noqa: E402
from casework.documents.context.posting import posting_notice as build_posting_notice  # noqa: E402
from casework.documents.context.values import AgencyHeader, Issue, Signer  # noqa: E402
from casework.documents.lists import peak_rss_mb, render_list, warm_pool  # noqa: E402
from casework.documents.render import ASSETS, render, render_html  # noqa: E402
from tests.support import document_samples as samples  # noqa: E402

ONE_PAGE_KIND = "upper_approval"
CHROMIUM_CPU: list[float] = []  # CPU seconds of each Chromium run
LIST_KIND = "posting_notice"


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def bench(name: str, value: float, unit: str) -> None:
    print(f"BENCH {name} {value:.3f} {unit}", flush=True)


def make_app() -> Any:
    return bench_app()


def posting_notice(households: int) -> dict[str, Any]:
    rows = samples.sample_households(households, seed=households)
    return build_posting_notice(
        Issue(
            AgencyHeader.commune(samples.SAMPLE_COMMUNE),
            symbol="TB-UBND",
            number=88,
            issued_on=date(2025, 10, 20),
            verification=samples.SAMPLE_VERIFICATION,
        ),
        period_label="năm 2025",
        commune=samples.SAMPLE_COMMUNE,
        legal_bases=samples.SAMPLE_LEGAL_BASES_2026,
        counts=counts_from_rows(rows),
        households=rows,
        places=("Nhà văn hóa các thôn", "Trụ sở Ủy ban nhân dân xã"),
        posting_start=date(2025, 10, 21),
        posting_end=date(2025, 10, 23),
        working_days=3,
        first_day_counts=True,  # 21 to 23 October: three working days counting the first
        complaint_contact="Ban Chỉ đạo rà soát xã",
        signer=Signer("Nguyễn Văn Hùng"),
        recipients=("Các thôn trên địa bàn xã",),
        archive="VT, VHXH",
    )


def one_page(repeat: int) -> float:
    context = samples.sample_context(ONE_PAGE_KIND)
    render(ONE_PAGE_KIND, context)  # warm-up: fonts, template compilation
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        render(ONE_PAGE_KIND, context)
        times.append(time.perf_counter() - start)
    median = statistics.median(times)
    bench("documents_one_page_median", median, "s")
    return median


def cpu_seconds() -> float:
    """CPU time (user + system) of this process and of its live children (the renderer pool's workers)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    total = usage.ru_utime + usage.ru_stime
    for child in multiprocessing.active_children():
        try:
            fields = Path(f"/proc/{child.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime
    return total


def big_list(households: int, repeat: int) -> tuple[float, float]:
    """The app's path (render_list with the app's settings); the median wall and CPU of `repeat` renders."""
    context = posting_notice(households)
    times, cpus = [], []
    for _ in range(repeat):
        start, cpu = time.perf_counter(), cpu_seconds()
        result = render_list(LIST_KIND, context)
        times.append(time.perf_counter() - start)
        cpus.append(cpu_seconds() - cpu)
    elapsed = statistics.median(times[1:] if repeat > 1 else times)
    cpu = statistics.median(cpus[1:] if repeat > 1 else cpus)
    bench(f"documents_list_{households}_first_wall", times[0], "s")
    bench(f"documents_list_{households}_wall", elapsed, "s")
    bench(f"documents_list_{households}_cpu", cpu, "s")
    bench(f"documents_list_{households}_pages", result.pages, "pages")
    bench(f"documents_list_{households}_chunks", result.chunks, "chunks")
    bench(f"documents_list_{households}_pages_per_second", result.pages / elapsed, "pages/s")
    bench(f"documents_list_{households}_worker_peak_rss", result.worker_peak_rss_mb, "MB")
    bench(f"documents_list_{households}_parent_peak_rss", peak_rss_mb(), "MB")
    return elapsed, cpu


def single_piece(households: int) -> float:
    context = posting_notice(households)
    start = time.perf_counter()
    pdf = render(LIST_KIND, context).pdf
    elapsed = time.perf_counter() - start
    bench(f"documents_list_{households}_single_piece_wall", elapsed, "s")
    bench(f"documents_list_{households}_single_piece_bytes", len(pdf), "bytes")
    return elapsed


def chromium_seconds(html: str, folder: Path) -> float | None:
    """Headless Chromium printing the same HTML; asset: URLs become file paths for it."""
    binary = shutil.which("chromium")
    if binary is None:
        return None
    page = folder / "document.html"
    page.write_text(html.replace("asset:", ASSETS.as_uri() + "/"), encoding="utf-8")
    command = [
        binary,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        f"--user-data-dir={folder / 'profile'}",
        "--no-pdf-header-footer",
        f"--print-to-pdf={folder / 'document.pdf'}",
        page.as_uri(),
    ]
    start, before = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, check=True, capture_output=True, timeout=300)  # noqa: S603  (fixed command)
    elapsed, after = time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN)
    CHROMIUM_CPU.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return elapsed


def compare_with_chromium(
    name: str, html: str, weasyprint: dict[str, float], repeat: int = 1, cpu: float | None = None
) -> None:
    """Chromium's median wall on `html`, and each WeasyPrint time of `weasyprint` (ratio name: seconds) over it."""
    with tempfile.TemporaryDirectory(prefix="bench-chromium-") as folder:
        runs = [chromium_seconds(html, Path(folder)) for _ in range(repeat)]
    if runs[0] is None:
        print(f"# chromium not on PATH: no {name} comparison", flush=True)
        return
    seconds = statistics.median(run for run in runs if run is not None)
    bench(f"{name}_chromium_wall", seconds, "s")
    for ratio, value in weasyprint.items():
        bench(f"{name}{ratio}_weasyprint_to_chromium_ratio", value / seconds, "x")
    # CPU time, Chromium's processes included: on a busy machine the wall ratio drifts towards this one.
    chromium_cpu = statistics.median(CHROMIUM_CPU[-repeat:])
    bench(f"{name}_chromium_cpu", chromium_cpu, "s")
    if cpu is not None:
        bench(f"{name}_weasyprint_to_chromium_cpu_ratio", cpu / chromium_cpu, "x")


def load_average(when: str) -> None:
    bench(f"bench_load_average_{when}", os.getloadavg()[0], "")


def main() -> None:
    sizes = [int(size) for size in os.environ.get("BENCH_DOCUMENTS_SIZES", "1000,5000").split(",") if size]
    repeat = env_int("BENCH_DOCUMENTS_REPEAT", 20)
    list_repeat = max(1, env_int("BENCH_DOCUMENTS_LIST_REPEAT", 5))
    with_chromium = env_int("BENCH_DOCUMENTS_CHROMIUM", 1) == 1
    app = make_app()
    for knob, setting in (("BENCH_DOCUMENTS_WORKERS", "LIST_WORKERS"), ("BENCH_DOCUMENTS_CHUNK", "LIST_CHUNK_ROWS")):
        if knob in os.environ:
            app.config[setting] = int(os.environ[knob])
    workers = app.config["LIST_WORKERS"]
    print(f"# lists: chunks of {app.config['LIST_CHUNK_ROWS']} rows, {workers} worker processes", flush=True)
    load_average("start")
    with app.app_context():
        median = one_page(repeat)
        if with_chromium:
            html = render_html(ONE_PAGE_KIND, samples.sample_context(ONE_PAGE_KIND))
            compare_with_chromium("documents_one_page", html, {"": median})
        if workers > 1:
            start = time.perf_counter()
            warm_pool(workers)
            bench("documents_pool_start", time.perf_counter() - start, "s")
        walls = {size: big_list(size, list_repeat + 1 if size == min(sizes) else 1) for size in sizes}
        if sizes and env_int("BENCH_DOCUMENTS_SINGLE", 1) == 1:
            size = min(sizes)
            times = {"": walls[size][0], "_single_piece": single_piece(size)}
            if with_chromium:
                html = render_html(LIST_KIND, posting_notice(size))
                compare_with_chromium(f"documents_list_{size}", html, times, repeat=list_repeat, cpu=walls[size][1])
    load_average("end")


if __name__ == "__main__":  # the worker processes are spawned and import this module again
    main()
