"""PostgreSQL's defaults against deploy/postgresql-small.conf for a province's Mẫu 7.x, on this machine.

Loads the province of bench_reports.py (BENCH_REPORT_HOUSEHOLDS, default 300,000 households) into a
throwaway cluster, then builds every Mẫu 7.x for the province twice per setting (the first run warms
the cache) and prints, for the second run, the wall time and the CPU seconds the database server
spent (its backends and the parallel workers it started), e.g.
`BENCH pg_defaults_report_cpu_total 14.2 s`. Run: `.venv/bin/python bench/pg_settings.py`.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import bench_reports as province  # noqa: E402  (bench/ is the script's folder)
from _support import bench_app  # noqa: E402
from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import text  # noqa: E402

from casework.extensions import db  # noqa: E402
from casework.models import User  # noqa: E402
from casework.reports import tables  # noqa: E402
from casework.reports.definitions import form_for, form_ids  # noqa: E402
from casework.reports.queries import Period  # noqa: E402
from casework.reports.units import resolve  # noqa: E402
from tests.support import postgres  # noqa: E402

COMPARED = postgres.PLANNER_SETTINGS


def server_cpu_seconds(data_dir: Path) -> float:
    """CPU of the postmaster, of the backends it runs now and of the children it reaped (parallel workers)."""
    postmaster = (data_dir / "postmaster.pid").read_text().split()[0]
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, parent = stat.parent.name, fields[1]
        if pid == postmaster:
            total += sum(int(value) for value in fields[11:15])  # utime, stime, cutime, cstime
        elif parent == postmaster:
            total += sum(int(value) for value in fields[11:13])
    return total / os.sysconf("SC_CLK_TCK")


def run_reports(unit) -> dict[str, float]:  # type: ignore[no-untyped-def]
    timings = {}
    for form_id in form_ids():
        started = time.perf_counter()
        tables.build(form_for(form_id, 2026), unit, Period(2026))
        timings[form_id] = time.perf_counter() - started
    return timings


def measure(name: str, settings: dict[str, str], admin_id: int, province_id: int, data_dir: Path) -> None:
    db.session.commit()
    for setting in COMPARED:
        value = settings.get(setting)
        statement = (
            f"ALTER DATABASE bench SET {setting} = '{value}'" if value else f"ALTER DATABASE bench RESET {setting}"
        )
        db.session.execute(text(statement))
    db.session.commit()
    db.engine.dispose()  # new connections read the database's settings
    unit = resolve(db.session.get(User, admin_id), f"province:{province_id}")
    run_reports(unit)  # warm the cache
    cpu = server_cpu_seconds(data_dir)
    timings = run_reports(unit)
    cpu = server_cpu_seconds(data_dir) - cpu
    shown = ", ".join(f"{key}={value}" for key, value in settings.items()) or "PostgreSQL's defaults"
    print(f"# {name}: {shown}")
    for form_id, seconds in timings.items():
        print(f"BENCH pg_{name}_report_{form_id} {seconds:.2f} s")
    print(f"BENCH pg_{name}_report_slowest {max(timings.values()):.2f} s")
    print(f"BENCH pg_{name}_report_wall_total {sum(timings.values()):.2f} s")
    print(f"BENCH pg_{name}_report_cpu_total {cpu:.2f} s")


def main() -> None:
    cluster = postgres.start_cluster()
    try:
        app = bench_app(postgres.create_database(cluster, "bench"))
        with app.app_context():
            upgrade(directory=str(ROOT / "migrations"))
            province_id, commune_ids, admin_id = province._units()
            province._load(commune_ids)
            data_dir = cluster.root / "data"
            measure("defaults", {}, admin_id, province_id, data_dir)
            measure("small", postgres.small_machine_settings(), admin_id, province_id, data_dir)
            db.engine.dispose()
    finally:
        cluster.stop()


if __name__ == "__main__":
    main()
