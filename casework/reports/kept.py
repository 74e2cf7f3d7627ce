"""Report figures kept between views: the province dashboard and each Mẫu 7.x do not recount the province
on every view.

Every change to what reports count (a household, a member, a recognised status, a survey, a case, a run)
moves the counter of its commune on (`figures_generations`), in the transaction of the change: the ORM's
flush does it (`before_flush`), and the batch writes that bypass the ORM call `communes_changed`. Figures
are cached in the process keyed by unit, form/measures and period, stamped with the counters of the unit's
communes: a view reads the counters (one small query) and recounts only when one of them moved. A
change in one commune therefore invalidates exactly the figures that include that commune.

Figures with one row per commune (a province's or district's) are also kept in the database
(`figures_kept`, on PostgreSQL), so that every web process shares them: a process started or recycled
since finds the province counted by another one, and recounts only the communes that changed. Each entry
carries the counter it was counted at and a fingerprint of the report code (`CODE`), so a deploy that
changes how figures are counted never reads figures counted the old way. SQLite serves one process: the
process cache is enough there.

A survey draft does not move the counter: reports count completed surveys only.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from flask import current_app
from sqlalchemy import delete, event, inspect, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from casework import replica
from casework.extensions import db
from casework.models import (
    Case,
    FiguresGeneration,
    Household,
    HouseholdStatus,
    KeptFigures,
    Member,
    ReviewRun,
    Survey,
    SurveyStatus,
    Village,
)

T = TypeVar("T")
CAPACITY = 20_000  # kept results per process: a commune's row of a form and period is one
_lock = threading.Lock()
HOUSEHOLD_ROWS = (HouseholdStatus, Member, Survey, Case)
log = logging.getLogger(__name__)


def _code_fingerprint() -> str:
    """The report code and definitions as they count now: figures kept by other code are not read."""
    digest = hashlib.sha256()
    folder = Path(__file__).resolve().parent
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in {".py", ".toml", ".json"}):
        digest.update(path.relative_to(folder).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


CODE = _code_fingerprint()


def stamp(commune_ids: Iterable[int]) -> tuple[tuple[int, int], ...]:
    """The counters of the communes (0 for one never changed), in commune order."""
    ids = sorted(set(commune_ids))
    # Read where the figures are counted: a replica's counters are as old as its rows.
    found = dict(
        replica.session()
        .execute(
            select(FiguresGeneration.commune_id, FiguresGeneration.generation).where(
                FiguresGeneration.commune_id.in_(ids)
            )
        )
        .tuples()
        .all()
    )
    return tuple((commune_id, found.get(commune_id, 0)) for commune_id in ids)


def kept(key: tuple[Any, ...], commune_ids: Iterable[int], compute: Callable[[], T]) -> T:
    """`compute()`, or the figures kept under `key` while no counter of the communes has moved."""
    full_key = key
    cache = _cache()
    current = stamp(commune_ids)
    with _lock:
        hit = cache.get(full_key)
        if hit is not None and hit[0] == current:
            cache.move_to_end(full_key)
            return hit[1]  # type: ignore[no-any-return]
    value = compute()
    with _lock:
        cache[full_key] = (current, value)
        cache.move_to_end(full_key)
        while len(cache) > CAPACITY:
            cache.popitem(last=False)
    return value


def per_commune(
    key: tuple[Any, ...], commune_ids: Iterable[int], compute: Callable[[frozenset[int]], dict[int, T]]
) -> dict[int, T]:
    """Figures with one row per commune, each kept apart: `compute(ids)` recounts only the communes whose
    counter moved (or never counted) and returns their rows (a commune without households has none).
    Rows must be plain JSON values (numbers, strings, lists, dicts with string keys): they are shared
    through the database."""
    cache = _cache()
    current = dict(stamp(commune_ids))
    rows: dict[int, T] = {}
    missing = set()
    with _lock:
        for commune_id, generation in current.items():
            hit = cache.get((*key, commune_id))
            if hit is not None and hit[0] == generation:
                if hit[1] is not None:
                    rows[commune_id] = hit[1]
            else:
                missing.add(commune_id)
    if not missing:
        return rows
    shared = _shared_key(key)
    found = _read_shared(shared, {c: current[c] for c in missing}) if shared else {}
    recount = frozenset(missing - found.keys())
    fresh = compute(recount) if recount else {}
    counted = {**found, **{c: fresh.get(c) for c in recount}}
    with _lock:
        for commune_id, value in counted.items():
            cache[(*key, commune_id)] = (current[commune_id], value)
            cache.move_to_end((*key, commune_id))
        while len(cache) > CAPACITY:
            cache.popitem(last=False)
    if shared and recount:
        _write_shared(shared, {c: (current[c], fresh.get(c)) for c in recount})
    rows.update({c: v for c, v in counted.items() if v is not None})
    return rows


def _shared_key(key: tuple[Any, ...]) -> str | None:
    """The key's row in `figures_kept`, or None where figures are kept in the process alone (SQLite)."""
    if db.engine.dialect.name != "postgresql":
        return None
    return hashlib.sha256(repr(key).encode()).hexdigest()


def _read_shared(shared: str, generations: dict[int, int]) -> dict[int, Any]:
    """The rows of `figures_kept` counted at the communes' current counters by the current code."""
    query = select(KeptFigures.commune_id, KeptFigures.generation, KeptFigures.payload).where(
        KeptFigures.key == shared, KeptFigures.code == CODE, KeptFigures.commune_id.in_(generations)
    )
    return {
        commune_id: json.loads(payload)
        for commune_id, generation, payload in db.session.execute(query).tuples()
        if generations[commune_id] == generation
    }


def _write_shared(shared: str, counted: dict[int, tuple[int, Any]]) -> None:
    """Keep the recounted rows for every process, in a transaction of their own (the view's may only read);
    figures counted by other code go at the first write of a process. Losing a write only costs a recount."""
    table = KeptFigures.__table__
    values = [
        {"key": shared, "commune_id": c, "code": CODE, "generation": g, "payload": json.dumps(v)}
        for c, (g, v) in counted.items()
    ]
    statement = pg_insert(table).values(values)
    statement = statement.on_conflict_do_update(
        index_elements=[table.c.key, table.c.commune_id],
        set_={"code": statement.excluded.code, "generation": statement.excluded.generation,
              "payload": statement.excluded.payload},
    )  # fmt: skip
    try:
        with db.engine.begin() as connection:
            if not current_app.extensions.get("kept_figures_pruned"):
                connection.execute(delete(table).where(table.c.code != CODE))
                current_app.extensions["kept_figures_pruned"] = True
            connection.execute(statement)
    except SQLAlchemyError:
        log.warning("kept figures not shared (next view recounts them)", exc_info=True)


def _cache() -> OrderedDict[tuple[Any, ...], tuple[tuple[Any, ...], Any]]:
    """The app's own cache (one app per process; every test has its own app and database state)."""
    return current_app.extensions.setdefault("kept_figures", OrderedDict())  # type: ignore[no-any-return]


def clear() -> None:
    with _lock:
        _cache().clear()


def communes_changed(session: Session, commune_ids: Iterable[int]) -> None:
    """Move the counters of the communes on, in the session's transaction."""
    ids = sorted({c for c in commune_ids if c is not None})
    if not ids:
        return
    connection = session.connection()
    insert = pg_insert if connection.dialect.name == "postgresql" else sqlite_insert
    table = FiguresGeneration.__table__
    statement = insert(table).values([{"commune_id": c, "generation": 1} for c in ids])
    statement = statement.on_conflict_do_update(
        index_elements=[table.c.commune_id], set_={"generation": table.c.generation + 1}
    )
    connection.execute(statement)


def households_changed(session: Session, household_ids: Iterable[int]) -> None:
    communes_changed(session, _household_communes(session, set(household_ids)))


def _household_communes(session: Session, household_ids: set[int]) -> set[int]:
    ids = {h for h in household_ids if h is not None}
    if not ids:
        return set()
    communes = select(Village.commune_id).join(Household, Household.village_id == Village.id)
    return set(session.connection().execute(communes.where(Household.id.in_(ids)).distinct()).scalars())


def cases_changed(session: Session, case_ids: Iterable[int]) -> None:
    """For a batch UPDATE of cases that bypasses the ORM (a whole run's step)."""
    query = select(Case.household_id).where(Case.id.in_(set(case_ids)))
    households_changed(session, session.connection().execute(query).scalars())


def villages_changed(session: Session, village_ids: Iterable[int]) -> None:
    """For a batch INSERT of households that bypasses the ORM (an import)."""
    communes_changed(session, _village_communes(session, set(village_ids)))


def _village_communes(session: Session, village_ids: set[int]) -> set[int]:
    if not village_ids:
        return set()
    query = select(Village.commune_id).where(Village.id.in_(village_ids))
    return set(session.connection().execute(query).scalars())


@event.listens_for(Session, "before_flush")
def _before_flush(session: Session, flush_context: Any, instances: Any) -> None:
    households: set[int] = set()
    villages: set[int] = set()
    communes: set[int] = set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, HOUSEHOLD_ROWS):
            if obj in session.dirty and not session.is_modified(obj, include_collections=False):
                continue
            if isinstance(obj, Survey) and not _completed_now_or_before(obj):
                continue
            owner = getattr(obj, "household", None)
            households.add(obj.household_id or getattr(owner, "id", None))
            if owner is not None and owner.village_id:
                villages.add(owner.village_id)
        elif isinstance(obj, Household):
            if obj in session.dirty and not session.is_modified(obj, include_collections=False):
                continue
            villages.add(obj.village_id)
            villages.update(inspect(obj).attrs.village_id.history.deleted or ())
        elif isinstance(obj, ReviewRun):
            communes.add(obj.commune_id)
    villages.discard(None)  # type: ignore[arg-type]
    households.discard(None)  # type: ignore[arg-type]
    if not (households or villages or communes):
        return
    communes |= _village_communes(session, villages) | _household_communes(session, households)
    communes_changed(session, communes)


def _completed_now_or_before(survey: Survey) -> bool:
    """Reports read completed surveys only: a draft saved, or deleted, changes no figure."""
    if survey.status == SurveyStatus.COMPLETED:
        return True
    return SurveyStatus.COMPLETED in (inspect(survey).attrs.status.history.deleted or ())
