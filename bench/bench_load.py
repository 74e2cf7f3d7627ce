"""Load test: a generated province on PostgreSQL, the app under gunicorn, simulated users from Locust.

    python bench/bench_load.py                 # make bench-load: 300,000 households, 50 users, 60 s
    BENCH_LOAD_HOUSEHOLDS=30000 BENCH_LOAD_USERS=20 BENCH_LOAD_SECONDS=30 python bench/bench_load.py

Starts a throwaway PostgreSQL cluster with the settings the README recommends for small machines
(deploy/postgresql-small.conf: no parallel query plans, no JIT, memory), migrates it, loads the
province (bench/province.py), starts
`gunicorn -w BENCH_LOAD_WORKERS wsgi:app` (with deploy/gunicorn.conf.py when there is one) and
runs bench/locustfile.py headless for BENCH_LOAD_SECONDS. Prints per page
`BENCH load_<page>_p50|p95|p99 <ms> ms` and `BENCH load_<page>_rps <n> req/s`, the same for the
floor (a static file of the same server), each page's p95 as a multiple of the floor's
(`BENCH load_<page>_p95_to_floor <x> x`), the slowest page's p95 (the sign-in included: commune staff
also sign in again now and then, as on another device), and `BENCH load_total_rps`, `BENCH load_failures`.

Before the users start, the province officer opens the dashboard and each Mẫu 7.x once, as someone
does after every import of a province: those first views count the province from its rows
(`BENCH load_first_view_<page> <ms> ms`); every later view, in any web process, reads the kept
figures (casework/reports/kept.py) and recounts only the communes changed since.
Not part of `make test`; `make bench` runs it with the other benchmarks, `make bench-load` alone.
"""

from __future__ import annotations

import csv
import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cryptography.fernet import Fernet  # noqa: E402  (after the sys.path insert)
from flask_migrate import upgrade  # noqa: E402

from tests.support import postgres  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from page_forms import REPORT_FORMS, first_report_unit, form_fields, report_url  # noqa: E402

HOUSEHOLDS = int(os.environ.get("BENCH_LOAD_HOUSEHOLDS", "300000"))
USERS = int(os.environ.get("BENCH_LOAD_USERS", "50"))
SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", "60"))
WORKERS = int(os.environ.get("BENCH_LOAD_WORKERS", "2"))
BIN = Path(sys.executable).parent


def server_environment(database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "CASEWORK_ENV": "production",
        "DATABASE_URL": database_url,
        "CASEWORK_SECRET_KEY": "bench-secret-key-" + "x" * 32,
        "CASEWORK_PID_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "CASEWORK_PID_LOOKUP_KEY": "bench-lookup-key-" + "y" * 32,
        "CASEWORK_SESSION_COOKIE_SECURE": "0",  # plain HTTP on 127.0.0.1
        "CASEWORK_REMEMBER_COOKIE_SECURE": "0",
    }


def prepare(cluster: postgres.Cluster, environment: dict[str, str]) -> int:
    """Create, tune, migrate and fill the database; returns the number of communes."""
    url = postgres.create_database(cluster, "load")
    environment["DATABASE_URL"] = url
    os.environ.update(environment)
    import province

    from casework import create_app

    app = create_app()
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        started = time.perf_counter()
        made = province.generate(HOUSEHOLDS)
        print(f"BENCH load_generate_{made.households} {time.perf_counter() - started:.1f} s", flush=True)
        print(f"BENCH load_members {made.members} members", flush=True)
        print(f"BENCH load_cases {made.cases} cases", flush=True)
        from casework.extensions import db

        db.engine.dispose()
    return len(made.communes)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_gunicorn(environment: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    command = [str(BIN / "gunicorn"), "-w", str(WORKERS), "-b", f"127.0.0.1:{port}", "--log-level", "warning"]
    config = ROOT / "deploy" / "gunicorn.conf.py"
    if config.exists():
        command[1:1] = ["-c", str(config)]
    server = subprocess.Popen([*command, "wsgi:app"], cwd=ROOT, env=environment)  # noqa: S603
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=5) as answer:
                if answer.status == 200:
                    return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise RuntimeError("gunicorn did not answer within 60 s")


def first_views(port: int) -> None:
    """The province officer's first look at the dashboard and each Mẫu 7.x: the counts from the rows."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    base = f"http://127.0.0.1:{port}"
    with opener.open(base + "/login", timeout=60) as page:
        fields = dict(form_fields(page.read().decode()))
    fields.update(username="tinh", password=os.environ.get("BENCH_PASSWORD", "bench-ra-soat-2026"))
    opener.open(base + "/login", urllib.parse.urlencode(fields).encode(), timeout=60).close()
    with opener.open(base + "/reports/", timeout=60) as page:
        unit = first_report_unit(page.read().decode())
    pages = [("dashboard", "/dashboard"), *((f"mau{form}", report_url(form, unit)) for form in REPORT_FORMS)]
    for name, url in pages:
        started = time.perf_counter()
        with opener.open(base + url, timeout=120) as answer:
            answer.read()
        print(f"BENCH load_first_view_{slug(name)} {1000 * (time.perf_counter() - started):.0f} ms", flush=True)


def run_locust(port: int, communes: int, folder: Path) -> Path:
    environment = {**os.environ, "BENCH_COMMUNES": str(communes)}
    subprocess.run(  # noqa: S603 -- fixed command
        [
            str(BIN / "locust"),
            "-f",
            str(ROOT / "bench" / "locustfile.py"),
            "--headless",
            "--only-summary",
            "--reset-stats",  # the figures start once every user has signed in
            "-u",
            str(USERS),
            "-r",
            str(max(1, USERS // 25)),  # two sign-ins a second: argon2 is slow on purpose
            "-t",
            f"{SECONDS}s",
            "--host",
            f"http://127.0.0.1:{port}",
            "--csv",
            str(folder / "load"),
            "--loglevel",
            "WARNING",
        ],
        check=False,
        env=environment,
        cwd=ROOT,
    )
    return folder / "load_stats.csv"


def slug(name: str) -> str:
    plain = name.replace("Mẫu 7.x", "mau7x").replace("floor: ", "floor_")
    return re.sub(r"[^a-z0-9]+", "_", plain.lower()).strip("_")


def report(stats: Path) -> None:
    with stats.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    floor = next((float(row["95%"]) for row in rows if row["Name"].startswith("floor")), None)
    slowest = ("", 0.0)
    for row in rows:
        name = "total" if row["Name"] == "Aggregated" else slug(row["Name"])
        if row["95%"] == "N/A":  # opened only while the users were starting (the figures start after)
            print(f"# {name}: no request once every user had started")
            continue
        if name != "total":
            for percentile in ("50%", "95%", "99%"):
                print(f"BENCH load_{name}_p{percentile[:-1]} {row[percentile]} ms")
            if floor and not name.startswith("floor"):
                print(f"BENCH load_{name}_p95_to_floor {float(row['95%']) / floor:.1f} x")
            if not name.startswith("floor") and float(row["95%"]) > slowest[1]:
                slowest = (name, float(row["95%"]))
        print(f"BENCH load_{name}_rps {float(row['Requests/s']):.1f} req/s")
        if name == "total":
            print(f"BENCH load_failures {row['Failure Count']} requests")
    print(f"# slowest page: {slowest[0]}")
    print(f"BENCH load_slowest_page_p95 {slowest[1]:.0f} ms")


def main() -> None:
    # PostgreSQL as the README sets it up on a small machine (deploy/postgresql-small.conf): no parallel
    # plans or JIT (they cost more CPU than they save when the web workers need the same two cores), memory.
    cluster = postgres.start_cluster(postgres.small_machine_settings(planner_only=False))
    server = None
    try:
        environment = server_environment("")
        communes = prepare(cluster, environment)
        port = free_port()
        server = start_gunicorn(environment, port)
        first_views(port)
        with tempfile.TemporaryDirectory(prefix="bench-load-") as folder:
            stats = run_locust(port, communes, Path(folder))
            print(f"BENCH load_users {USERS} users")
            report(stats)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        cluster.stop()


if __name__ == "__main__":
    main()
