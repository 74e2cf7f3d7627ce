"""Member search over a province of 3 million members on PostgreSQL, as the household list page runs it.

Generates the people of a synthetic province (bench/province.py: households and members only, by COPY;
BENCH_SEARCH_MEMBERS, default 3,000,000, sets the size), gives a few members rare names, then times
`list_households` (the statement, the capped count and the page of 25 the household list shows) for
queries drawn from the generated names: a full name with and without diacritics, a family and a given
name, a given name alone (tens of thousands of households), a rare name and a name that matches
nothing; each as the province officer (all communes) and as a commune officer (one commune). Prints
`BENCH search_members_3m_p50|p95|p99 <ms> ms`, the same per query kind, and the raw-SQL anchor (the
same SELECTs run by psycopg directly) as a ratio. Target: p95 ≤ 300 ms. The machine's load average
is printed with the timings. Run: `.venv/bin/python bench/bench_search.py`.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import province  # noqa: E402  (bench/ is the script's folder)
from _support import bench_app  # noqa: E402
from flask import current_app  # noqa: E402
from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import func, select, text  # noqa: E402

from casework.extensions import db  # noqa: E402
from casework.households import queries  # noqa: E402
from casework.models import Household, User  # noqa: E402
from tests.support import postgres  # noqa: E402
from workflow.names import search_key  # noqa: E402

MEMBERS = int(os.environ.get("BENCH_SEARCH_MEMBERS", "3000000"))
ROUNDS = int(os.environ.get("BENCH_SEARCH_ROUNDS", "5"))  # timed runs of every query (after one warm-up)
EXPLAIN = os.environ.get("BENCH_SEARCH_EXPLAIN", "") == "1"  # print the plans of the slowest query of each kind
MEMBERS_PER_HOUSEHOLD = 3.7  # province.people: 1 to 6 members, 3.7 on average
RARE = ["Hầu A Dếnh", "Lầu Thị Xúa", "Mùa A Chớ"]  # names the generator never makes
NOTHING = ["Phùng Thị Nhung", "Quách Văn Khiêm"]
# Common words in a combination the generator never makes (Thị is a woman's middle name, Páo a man's
# given name): 40 households have it, while thousands have a Giàng, a Thị and a Páo among their members.
UNCOMMON = "Giàng Thị Páo"
UNCOMMON_HOUSEHOLDS = 40
WALK_SETTINGS = ("enable_bitmapscan", "enable_seqscan")  # queries._walking
KINDS = (
    *("full_diacritics", "full_plain", "family_given", "given_only", "rare", "uncommon_full", "nothing"),
    *("short", "no_query"),
)
NARROW_ONLY = {"short"}  # across the province a 1-2 letter query is refused before any SQL (check_query)


def load() -> tuple[province.Province, float]:
    """Households and members only (the list page joins nothing else), then ANALYZE."""
    households = int(MEMBERS / MEMBERS_PER_HOUSEHOLD * 1.01) + 1
    started = time.perf_counter()
    made = province.build_units(households)
    connection = db.session.connection()
    cursor = connection.connection.driver_connection.cursor()
    province.load_people(cursor, made, households, seed=7)
    for table in ("households", "household_members"):
        cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")  # noqa: S608
    db.session.commit()
    _rare_names(made)
    with db.engine.connect() as plain:
        plain.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("VACUUM ANALYZE")
    return made, time.perf_counter() - started


def _rare_names(made: province.Province) -> None:
    """Each rare name goes to the last member of three households (two in the first commune, one in the last),
    the uncommon one to 40 households across the province (villages the rare names do not use)."""
    first, last = made.villages[made.communes[0]], made.villages[made.communes[-1]]
    named = [(name, village) for n, name in enumerate(RARE) for village in (first[n], first[n + 3], last[n])]
    every = [v for commune in made.communes for v in made.villages[commune]]
    step = len(every) // UNCOMMON_HOUSEHOLDS
    named += [(UNCOMMON, every[n * step + 7 + n % 3]) for n in range(UNCOMMON_HOUSEHOLDS)]
    for name, village in named:
        household = db.session.execute(
            select(Household.id).where(Household.village_id == village).order_by(Household.id).limit(1)
        ).scalar_one()
        key = search_key(name)
        db.session.execute(
            text(
                "UPDATE household_members SET full_name = :name, name_search_key = :key WHERE id = "
                "(SELECT max(id) FROM household_members WHERE household_id = :household)"
            ),
            {"name": name, "key": key, "household": household},
        )
        db.session.execute(
            text(
                "UPDATE households SET search_text = (SELECT string_agg(name_search_key, ' | ' ORDER BY position)"
                " FROM household_members WHERE household_id = :household) WHERE id = :household"
            ),
            {"household": household},
        )
    db.session.commit()


def queries_to_time(seed: int = 11) -> dict[str, list[str]]:
    """What officers type, drawn from the generated names (three of each kind; the given names of three
    letters or more: across the province a shorter one is refused with a message, see the "short" kind)."""
    rng = random.Random(seed)  # noqa: S311 -- reproducible draws
    total = db.session.execute(text("SELECT max(id) FROM household_members")).scalar_one()
    drawn = text("SELECT full_name FROM household_members WHERE id = :id")
    names: list[str] = []
    while len(names) < 3:
        name = db.session.execute(drawn, {"id": rng.randint(1, total)}).scalar_one()
        if len(search_key(name.split()[-1])) >= queries.SHORTEST_WORD and name not in names:
            names.append(name)
    return {
        "full_diacritics": names,
        "full_plain": [search_key(name) for name in names],
        "family_given": [f"{name.split()[0]} {name.split()[-1]}" for name in names],
        "given_only": [name.split()[-1] for name in names],
        "rare": RARE,
        "uncommon_full": [UNCOMMON, search_key(UNCOMMON)],
        "short": ["Lò", "Ly", "Ma"],
        "no_query": [""],
        "nothing": [NOTHING[0], search_key(NOTHING[1]), "Nguyễn Văn Zzz"],
    }


def _timed(call: Callable[[], Any]) -> float:
    started = time.perf_counter()
    call()
    return 1000 * (time.perf_counter() - started)


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _literal(statement: Any) -> str:
    return str(statement.compile(db.engine, compile_kwargs={"literal_binds": True})).replace("%%", "%")


def _raw_sql(user: User, query: str, wide: bool) -> list[str]:
    """The SELECTs the app sends for one page (the first matches' ids, then the page's rows), as literal SQL."""
    statement = queries.households_statement(user, query=query, indexed=wide)
    cap = current_app.config["LIST_COUNT_CAP"]
    matches = queries.matches_statement(statement, cap)
    ids = list(db.session.execute(matches).scalars())
    if len(ids) <= cap:
        return [_literal(matches), _literal(queries.chosen_rows_statement(ids[:26]))]
    walk = queries.page_ids_statement(statement, page=1, size=25, walk=wide)
    chosen = list(db.session.execute(walk).scalars())
    rows = [_literal(walk), _literal(queries.chosen_rows_statement(chosen))]
    if not wide:
        return [_literal(matches), *rows]
    walking = [f"SET LOCAL {name} = {value}" for value in ("off", "on") for name in WALK_SETTINGS]
    return [_literal(matches), *walking[:2], rows[0], *walking[2:], rows[1]]


def exact_counts(user: User, typed: dict[str, list[str]]) -> None:
    """What the list did before the cap: count every match (db.paginate), for the first query of each kind."""
    for kind in KINDS:
        if kind in NARROW_ONLY:
            continue
        statement = queries.households_statement(user, query=typed[kind][0])
        count = select(func.count()).select_from(statement.with_only_columns(Household.id).subquery())
        db.session.execute(count).scalar_one()
        started = time.perf_counter()
        found = db.session.execute(count).scalar_one()
        print(
            f"BENCH search_members_3m_exact_count_{kind}_province {_timed_since(started):.0f} ms ({found} households)"
        )
        db.session.rollback()


def _timed_since(started: float) -> float:
    return 1000 * (time.perf_counter() - started)


def measure(users: dict[str, tuple[User, bool]], typed: dict[str, list[str]]) -> tuple[dict, dict]:
    """Milliseconds per (kind, officer) for the app's call and for the same SQL through psycopg."""
    app_times: dict[tuple[str, str], list[float]] = {}
    raw_times: dict[tuple[str, str], list[float]] = {}
    raw = db.engine.raw_connection()
    cursor = raw.cursor()
    try:
        for kind in KINDS:
            for who, (user, wide) in users.items():
                if wide and kind in NARROW_ONLY:
                    continue
                for query in typed[kind]:
                    sql = _raw_sql(user, query, wide)

                    def run_app(query: str = query, user: User = user, wide: bool = wide) -> None:
                        page = queries.list_households(user, query=query, page=1, size=25, wide=wide)
                        db.session.rollback()
                        assert page.items is not None

                    def run_raw(sql: list[str] = sql) -> None:
                        for statement in sql:
                            cursor.execute(statement)
                            if cursor.description:  # not after a SET
                                cursor.fetchall()
                        raw.rollback()

                    run_app()
                    run_raw()
                    for _ in range(ROUNDS):
                        app_times.setdefault((kind, who), []).append(_timed(run_app))
                        raw_times.setdefault((kind, who), []).append(_timed(run_raw))
    finally:
        raw.close()
    return app_times, raw_times


def report(app_times: dict, raw_times: dict, loads: list[tuple[float, float, float]]) -> None:
    everything = [t for times in app_times.values() for t in times]
    anchor = [t for times in raw_times.values() for t in times]
    for (kind, who), times in app_times.items():
        print(f"BENCH search_members_3m_{kind}_{who}_p95 {_percentile(times, 0.95):.0f} ms")
    for kind in KINDS:
        times = [t for (k, _who), values in app_times.items() if k == kind for t in values]
        print(f"BENCH search_members_3m_{kind}_p95 {_percentile(times, 0.95):.0f} ms")
    for name, share in (("p50", 0.5), ("p95", 0.95), ("p99", 0.99)):
        print(f"BENCH search_members_3m_{name} {_percentile(everything, share):.0f} ms")
    print(f"BENCH search_members_3m_raw_sql_p95 {_percentile(anchor, 0.95):.0f} ms")
    ratio = _percentile(everything, 0.95) / max(_percentile(anchor, 0.95), 0.001)
    print(f"BENCH search_members_3m_app_to_raw_sql_p95_ratio {ratio:.2f}")
    print(f"BENCH search_members_3m_mean {statistics.fmean(everything):.0f} ms")
    before, after = loads
    print(f"# load average before the timings {before[0]:.2f} {before[1]:.2f} {before[2]:.2f}, ", end="")
    print(f"after {after[0]:.2f} {after[1]:.2f} {after[2]:.2f} ({os.cpu_count()} cores)")


def explain(app_times: dict, users: dict[str, tuple[User, bool]], typed: dict[str, list[str]]) -> None:
    """EXPLAIN ANALYZE of both statements, for the slower officer of each kind (its first query)."""
    for kind in KINDS:
        who = max((w for w in users if (kind, w) in app_times), key=lambda w: _percentile(app_times[(kind, w)], 0.95))
        user, wide = users[who]
        for sql in _raw_sql(user, typed[kind][0], wide):
            if sql.startswith("SET"):
                db.session.execute(text(sql))
                continue
            print(f"# {kind}, {who}, {typed[kind][0]!r}")
            plan = db.session.execute(text(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")).scalars()
            print("\n".join(f"#   {line}" for line in plan))
        db.session.rollback()


def main() -> None:
    cluster = postgres.start_cluster(postgres.small_machine_settings())
    try:
        app = bench_app(postgres.create_database(cluster, "bench"))
        with app.app_context():
            upgrade(directory=str(ROOT / "migrations"))
            made, seconds = load()
            print(f"BENCH search_generate_{made.members}_members {seconds:.0f} s ({made.households} households)")
            officer = db.session.execute(select(User).where(User.username == "tinh")).scalar_one()
            staff = db.session.execute(select(User).where(User.username == "canbo1")).scalar_one()
            users = {"province": (officer, True), "commune": (staff, False)}  # as the page calls it for each
            typed = queries_to_time()
            exact_counts(officer, typed)
            loads = [os.getloadavg()]
            app_times, raw_times = measure(users, typed)
            loads.append(os.getloadavg())
            report(app_times, raw_times, loads)
            if EXPLAIN:
                explain(app_times, users, typed)
            db.session.remove()
            db.engine.dispose()
    finally:
        cluster.stop()


if __name__ == "__main__":
    main()
