"""A synthetic province for load tests: units, users, households with members, campaigns with a case
in every state of the periodic review, their hash-chained events, surveys, statuses and documents.

    python bench/province.py --households 300000 --database-url postgresql+psycopg://...   # migrated database

Loaded with PostgreSQL's COPY (psycopg's ``cursor.copy``) after the units and users, which go through
the ORM. Personal ID numbers are encrypted with the app's keys (``crypto.encryptor``: the keys are
parsed once for the whole load) and indexed with its blind index, and case events are stamped with
the audit chain's own ``chain.stamp``, so `flask audit verify` holds on the generated data. The app
configured with the same keys then reads everything as if it had been typed in.

Sizes follow a mid-sized province: about 3,000 households per commune, 10 villages per commune,
1 to 6 members per household (about 3.4 on average), about 30 % of the households in this year's
campaign. Every user signs in with PASSWORD: `tinh` (province), and per commune n `canbo<n>`
(commune staff), `chutich<n>` (chairman), `dtv<n>` (surveyor) and `truongthon<n>` (head of its
first village).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import random
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert  # noqa: E402  (after the sys.path insert)

from casework import crypto  # noqa: E402
from casework.auth.passwords import hash_password  # noqa: E402
from casework.extensions import db  # noqa: E402
from casework.models import AdminUnit, CaseEvent, Ethnicity, Role, RoleAssignment, UnitLevel, User, Village  # noqa: E402
from casework.models.chain import stamp  # noqa: E402
from workflow.names import search_key, sort_key  # noqa: E402
from workflow.procedures.periodic_review import PROCEDURE  # noqa: E402

PASSWORD = "bench-ra-soat-2026"  # noqa: S105 -- synthetic accounts of a throwaway database
YEAR = 2026
NOW = dt.datetime(2026, 10, 15, 3, 0, tzinfo=dt.UTC)
HOUSEHOLDS_PER_COMMUNE = 3000
VILLAGES_PER_COMMUNE = 10
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Giàng", "Sùng", "Vàng", "Lò", "Thào", "Ma"]
MIDDLE = {"male": ["Văn", "Seo", "Mí", "Đức", "Quang"], "female": ["Thị", "Thị Mỷ", "Ngọc", "Thu"]}
GIVEN = {
    "male": ["Páo", "Sính", "Chứ", "Hùng", "Tráng", "Dũng", "Minh", "Lử", "Khai", "Tuấn"],
    "female": ["Mỷ", "Mai", "Lan", "Hoa", "Dí", "Chở", "Hương", "Sang", "Ly", "Thảo"],
}
ETHNICITIES = [("01", "Kinh"), ("02", "Tày"), ("08", "Hmông (Mông)"), ("43", "Lô Lô")]
# How often each state of this year's campaign occurs: early states are common in mid-October.
STATE_WEIGHTS = {
    "requested": 4, "listed": 20, "screened_out": 3, "surveyed": 12, "needs_resurvey": 2, "meeting_passed": 8,
    "posted": 8, "under_recheck": 2, "posting_closed": 6, "upper_review": 4, "ready_for_decision": 4,
    "recognised": 20, "not_recognised": 4, "withdrawn": 3,
}  # fmt: skip
SURVEYED = {
    *("surveyed", "meeting_passed", "posted", "under_recheck", "posting_closed", "upper_review"),
    *("ready_for_decision", "recognised", "not_recognised"),
}
ID_PREFIXES = ["008", "002", "004", "006", "010", "011", "012", "014", "015", "017"]


@dataclass
class Province:
    """What the load test needs to know of the generated province."""

    province_id: int
    communes: list[int]
    villages: dict[int, list[int]]  # commune id -> village ids
    staff: dict[int, int] = field(default_factory=dict)  # commune id -> commune staff user id
    households: int = 0
    members: int = 0
    cases: int = 0
    events: int = 0


def paths_to_states() -> dict[str, list[tuple[str | None, str, str]]]:
    """For each state, the shortest walk (from, trigger, to) a case takes to reach it, creation first."""
    walks: dict[str, list[tuple[str | None, str, str]]] = {}
    frontier = []
    for trigger, state in PROCEDURE.creations.items():
        walks[state] = [(None, trigger, state)]
        frontier.append(state)
    while frontier:
        state = frontier.pop(0)
        for spec in PROCEDURE.transitions:
            if state in spec.sources and spec.dest not in walks:
                walks[spec.dest] = [*walks[state], (state, spec.trigger, spec.dest)]
                frontier.append(spec.dest)
    return walks


def build_units(households: int) -> Province:
    """The province, its communes, villages and users, through the ORM (a few thousand rows)."""
    db.session.add_all([Ethnicity(code=code, name=name) for code, name in ETHNICITIES])
    province = AdminUnit(level=UnitLevel.PROVINCE, code="08", name="Tỉnh Tuyên Quang", unit_type="province")
    db.session.add(province)
    count = max(1, -(-households // HOUSEHOLDS_PER_COMMUNE))
    communes = [
        AdminUnit(
            level=UnitLevel.COMMUNE,
            code=f"{10000 + n:05d}",
            name=f"Xã {FAMILY[n % len(FAMILY)]} {GIVEN['male'][n % 10]} {n + 1}",
            unit_type="rural_commune",
            parent=province,
            area_type="rural",
        )
        for n in range(count)
    ]
    db.session.add_all(communes)
    db.session.flush()
    rows = [
        {"commune_id": c.id, "name": f"Thôn {GIVEN['female'][v % 10]} {v + 1}"}
        for c in communes
        for v in range(VILLAGES_PER_COMMUNE)
    ]
    table = Village.__table__
    village_ids = db.session.execute(
        insert(table).returning(table.c.id, table.c.commune_id, sort_by_parameter_order=True), rows
    ).all()
    result = Province(province.id, [c.id for c in communes], {c.id: [] for c in communes})
    for village_id, commune_id in village_ids:
        result.villages[commune_id].append(village_id)
    _users(province, communes, result)
    db.session.commit()
    return result


def _users(province: AdminUnit, communes: list[AdminUnit], result: Province) -> None:
    hashed = hash_password(PASSWORD)  # one hash for all: argon2 is slow on purpose

    def user(username: str, full_name: str, role: Role, unit: AdminUnit | None, village: int | None = None) -> User:
        made = User(username=username, full_name=full_name, password_hash=hashed)
        made.assignments.append(RoleAssignment(role=role, unit_id=unit.id if unit else None, village_id=village))
        db.session.add(made)
        return made

    user("tinh", "Trần Thu Hà", Role.PROVINCE_VIEWER, province)
    user("admin", "Quản trị hệ thống", Role.ADMIN, None)
    staff = []
    for n, commune in enumerate(communes, start=1):
        staff.append((commune.id, user(f"canbo{n}", f"Lò Thị Mai {n}", Role.COMMUNE_STAFF, commune)))
        user(f"chutich{n}", f"Vàng Seo Páo {n}", Role.COMMUNE_CHAIRMAN, commune)
        user(f"dtv{n}", f"Giàng Mí Chứ {n}", Role.REVIEWER, commune)
        user(f"truongthon{n}", f"Sùng Mí Sính {n}", Role.VILLAGE_HEAD, None, result.villages[commune.id][0])
    db.session.flush()
    result.staff = {commune_id: made.id for commune_id, made in staff}


def _copy(cursor: Any, table: str, columns: list[str], rows: Iterable[tuple[Any, ...]]) -> None:
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _name(rng: random.Random, sex: str, family: str) -> str:
    return f"{family} {rng.choice(MIDDLE[sex])} {rng.choice(GIVEN[sex])}"


def _person_id(member_id: int, born: dt.date, female: bool) -> str:
    century_sex = (2 if born.year >= 2000 else 0) + int(female)
    prefix = ID_PREFIXES[(member_id // 1_000_000) % len(ID_PREFIXES)]
    return f"{prefix}{century_sex}{born.year % 100:02d}{member_id % 1_000_000:06d}"


def people(province: Province, households: int, seed: int) -> Iterator[tuple[tuple[Any, ...], list[tuple[Any, ...]]]]:
    """(household row, member rows) for every household, ids from 1, villages in turn."""
    rng = random.Random(seed)  # noqa: S311 -- synthetic data, reproducible on purpose
    villages = [v for c in province.communes for v in province.villages[c]]
    encrypt, lookup = crypto.encryptor(), crypto.lookup_indexer()
    member_id = 0
    for h in range(1, households + 1):
        village = villages[(h - 1) * len(villages) // households]
        family = rng.choice(FAMILY)
        ethnicity = rng.choice(ETHNICITIES)[0]
        rows = []
        for position in range(1, rng.choice((1, 2, 3, 3, 4, 4, 4, 5, 5, 6)) + 1):
            member_id += 1
            sex = "male" if (position == 1) == (rng.random() < 0.7) else "female"
            year = rng.randint(1945, 1995) if position <= 2 else rng.randint(1995, 2024)
            born = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
            name = _name(rng, sex, family)
            pid = _person_id(member_id, born, sex == "female")
            relationship = "head" if position == 1 else "spouse" if position == 2 else "child"
            activity = "in_school" if year >= 2008 else "employed"
            rows.append(
                (
                    member_id, h, position, name, search_key(name), sort_key(name, birth_date_iso=born.isoformat()),
                    sex, born, "day", ethnicity, encrypt(pid), lookup(pid), False, "cccd", relationship, activity,
                )
            )  # fmt: skip
        address = f"Thôn {village}, tỉnh Tuyên Quang"
        keys = " | ".join(row[4] for row in rows)
        yield (h, village, address, address, rows[0][5], keys, NOW, NOW, 1), rows


HOUSEHOLD_COLUMNS = [
    *("id", "village_id", "permanent_address", "current_address", "head_sort_key", "search_text"),
    *("created_at", "updated_at", "version_id"),
]
MEMBER_COLUMNS = [
    *("id", "household_id", "position", "full_name", "name_search_key", "sort_key", "sex", "birth_date"),
    *("birth_date_precision", "ethnicity_code", "personal_id_ciphertext", "personal_id_lookup"),
    *("personal_id_confirmed", "id_document_type", "relationship_to_head", "activity_status"),
]


def load_people(cursor: Any, province: Province, households: int, seed: int, chunk: int = 20000) -> None:
    """Households and members in chunks: COPY households, then their members, so memory stays flat."""
    batch: list[tuple[tuple[Any, ...], list[tuple[Any, ...]]]] = []
    for item in people(province, households, seed):
        batch.append(item)
        if len(batch) == chunk:
            _load_batch(cursor, batch, province)
            batch = []
    if batch:
        _load_batch(cursor, batch, province)


def _load_batch(cursor: Any, batch: list[tuple[tuple[Any, ...], list[tuple[Any, ...]]]], province: Province) -> None:
    _copy(cursor, "households", HOUSEHOLD_COLUMNS, (household for household, _rows in batch))
    _copy(cursor, "household_members", MEMBER_COLUMNS, (row for _h, rows in batch for row in rows))
    province.households += len(batch)
    province.members += sum(len(rows) for _h, rows in batch)


CASE_COLUMNS = [
    *("id", "case_type", "run_id", "household_id", "origin", "state", "provisional_class", "final_class"),
    *("version_id", "created_at", "updated_at"),
]
EVENT_COLUMNS = [
    *("id", "case_id", "actor_user_id", "actor_role", "trigger", "from_state", "to_state", "facts", "occurred_at"),
    *("effective_on", "chain_seq", "row_hash", "column_digests"),
]
SURVEY_COLUMNS = [
    *("id", "household_id", "case_id", "status", "period", "reference_date", "answers_ciphertext"),
    *("household_class", "deprived_indicators", "unverified", "surveyor_id", "created_at", "updated_at"),
    *("completed_at", "version_id"),
]
STATUS_COLUMNS = ["household_id", "year", "household_class", "movement", "case_id", "source", "created_at"]
DOCUMENT_COLUMNS = [
    *("id", "kind", "case_id", "commune_id", "version", "sha256", "media_type", "template_name"),
    *("verification_code", "document_number", "issued_on", "created_by_id", "created_at"),
]
INDICATORS = ["employment", "health_insurance", "adult_education", "housing_quality", "water_source", "telecom_use"]


@dataclass
class _Rows:
    runs: list[tuple[Any, ...]] = field(default_factory=list)
    cases: list[tuple[Any, ...]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    surveys: list[tuple[Any, ...]] = field(default_factory=list)
    statuses: list[tuple[Any, ...]] = field(default_factory=list)
    documents: list[tuple[Any, ...]] = field(default_factory=list)


def _runs(province: Province, rows: _Rows) -> dict[int, int]:
    """Last year's closed campaign and this year's open one in every commune; commune -> this year's run."""
    current = {}
    for n, commune in enumerate(province.communes):
        last, this = 2 * n + 1, 2 * n + 2
        rows.runs.append((last, commune, "periodic_campaign", YEAR - 1, dt.date(YEAR - 1, 9, 1), "{}", "closed", NOW))
        rows.runs.append((this, commune, "periodic_campaign", YEAR, dt.date(YEAR, 9, 1), "{}", "open", NOW))
        current[commune] = this
    return current


def _case(rows: _Rows, ids: dict[str, int], case: dict[str, Any], walk: list[tuple[str | None, str, str]]) -> None:
    state, household, actor = case["state"], case["household"], case["actor"]
    klass = case["class"] if state in SURVEYED else None
    final = klass if state in ("recognised", "not_recognised") else None
    origin = "request" if walk[0][1] == "log_request" else "existing_list"
    rows.cases.append((case["id"], "periodic_review", case["run"], household, origin, state, klass, final, 1, NOW, NOW))
    for step, (source, trigger, dest) in enumerate(walk):
        ids["event"] += 1
        when = NOW - dt.timedelta(days=len(walk) - step)
        rows.events.append(
            {
                "id": ids["event"], "case_id": case["id"], "actor_user_id": actor, "actor_role": "commune_staff",
                "trigger": trigger, "from_state": source, "to_state": dest, "facts": {}, "occurred_at": when,
                "effective_on": when.date(), "late_reason": None,
            }
        )  # fmt: skip
    if klass:
        ids["survey"] += 1
        deprived = INDICATORS[: case["deprived"]] if klass != "not_poor" else []
        dates = (dt.date(YEAR, 1, 1), dt.date(YEAR, 10, 1), case["answers"], klass, deprived, False, None)
        rows.surveys.append((ids["survey"], household, case["id"], "completed", *dates, NOW, NOW, NOW, 1))
    if state == "recognised":
        rows.statuses.append((household, YEAR, klass, None, case["id"], "decision", NOW))
        ids["document"] += 1
        rows.documents.append(_document(ids["document"], "certificate", case["id"], None, actor))


def _document(number: int, kind: str, case_id: int | None, commune: int | None, actor: int) -> tuple[Any, ...]:
    """Metadata only: the content of a generated document is not stored."""
    digest = hashlib.sha256(f"{kind}-{number}".encode()).hexdigest()
    issued = dt.date(YEAR, 10, 10)
    return (
        number, kind, case_id, commune, 1, digest, "application/pdf", f"documents/{kind}/document.html",
        f"BX{number:010d}", f"{number}/QĐ-UBND", issued, actor, NOW,
    )  # fmt: skip


def campaign_rows(province: Province, share: float, seed: int) -> _Rows:
    """This year's cases (about `share` of the households, every state), their events, surveys, statuses."""
    rng = random.Random(seed + 1)  # noqa: S311 -- synthetic data
    walks = paths_to_states()
    states, weights = list(STATE_WEIGHTS), list(STATE_WEIGHTS.values())
    rows = _Rows()
    current = _runs(province, rows)
    communes = province.communes
    answers = crypto.encrypt_json({})
    ids = {"case": 0, "event": 0, "survey": 0, "document": 0}
    for household in range(1, province.households + 1):
        commune = communes[(household - 1) * len(communes) // province.households]
        if rng.random() < 0.22:
            rows.statuses.append((household, YEAR - 1, rng.choice(("poor", "near_poor")), None, None, "imported", NOW))
        if rng.random() >= share:
            continue
        ids["case"] += 1
        state = states[ids["case"] - 1] if ids["case"] <= len(states) else rng.choices(states, weights)[0]
        case = {
            "id": ids["case"], "state": state, "household": household, "run": current[commune],
            "actor": province.staff[commune], "class": rng.choice(("poor", "near_poor", "not_poor")),
            "deprived": rng.randint(0, 5), "answers": answers,
        }  # fmt: skip
        _case(rows, ids, case, walks[state])
    for commune in communes:
        ids["document"] += 1
        rows.documents.append(_document(ids["document"], "posting_notice", None, commune, province.staff[commune]))
    return rows


def load_campaigns(connection: Any, cursor: Any, province: Province, share: float, seed: int) -> None:
    rows = campaign_rows(province, share, seed)
    stamp(connection, CaseEvent.__table__, rows.events, (0, "0" * 64))
    _copy(cursor, "review_runs", ["id", "commune_id", "kind", "period_year", "starts_on", "settings", "status",
                                  "created_at"], rows.runs)  # fmt: skip
    _copy(cursor, "cases", CASE_COLUMNS, rows.cases)
    _copy(cursor, "case_events", EVENT_COLUMNS, (_event_row(event) for event in rows.events))
    _copy(cursor, "surveys", SURVEY_COLUMNS, (_json_row(row, 8) for row in rows.surveys))
    _copy(cursor, "household_statuses", STATUS_COLUMNS, rows.statuses)
    _copy(cursor, "documents", DOCUMENT_COLUMNS, rows.documents)
    province.cases, province.events = len(rows.cases), len(rows.events)


def _event_row(event: dict[str, Any]) -> tuple[Any, ...]:
    values = {**event, "facts": json.dumps(event["facts"]), "column_digests": json.dumps(event["column_digests"])}
    return tuple(values[column] for column in EVENT_COLUMNS)


def _json_row(row: tuple[Any, ...], index: int) -> tuple[Any, ...]:
    return (*row[:index], json.dumps(row[index]), *row[index + 1 :])


SEQUENCED = [
    *("villages", "households", "household_members", "review_runs", "cases", "case_events", "surveys"),
    *("household_statuses", "documents"),
]


def generate(households: int, *, share: float = 0.3, seed: int = 7) -> Province:
    """Fill the app's (migrated, empty) database; inside an app context with the keys the server will use."""
    province = build_units(households)
    connection = db.session.connection()
    cursor = connection.connection.driver_connection.cursor()
    load_people(cursor, province, households, seed)
    load_campaigns(connection, cursor, province, share, seed)
    for table in SEQUENCED:  # the app's own inserts continue after the generated ids
        cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")  # noqa: S608
    db.session.commit()
    with db.engine.connect() as plain:
        plain.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("ANALYZE")
    return province


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--households", type=int, default=300_000)
    parser.add_argument("--database-url", required=True, help="a migrated, empty PostgreSQL database")
    args = parser.parse_args()
    from casework import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": args.database_url})  # keys from CASEWORK_* like the server
    with app.app_context():
        made = generate(args.households)
    print(f"households {made.households}, members {made.members}, cases {made.cases}, events {made.events}")


if __name__ == "__main__":
    main()
