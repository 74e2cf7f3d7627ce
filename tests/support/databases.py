"""Each test's database, copied from a migrated template instead of built and emptied again.

Per backend and test process, the schema is built once with `upgrade head` into a template, and the test world
(tests/support/world.py, with the officials' certificates) once into a second template. Before every test the
database the tests use is replaced by a fresh copy of one of them: a file copy on SQLite, `CREATE DATABASE …
TEMPLATE` on PostgreSQL. The test's database always has the same address, so the apps share one engine.
"""

from __future__ import annotations

import copy
import shutil
from collections.abc import Callable
from pathlib import Path

from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import Engine, create_engine
from sqlalchemy.pool import NullPool

from casework.extensions import db
from tests.support import postgres
from tests.support.world import World, build_world

MIGRATIONS = Path(__file__).resolve().parent.parent.parent / "migrations"
EMPTY, WITH_WORLD = "empty", "world"


class Databases:
    """The test database of one backend and its two templates (`empty`, `world`)."""

    url: str
    world: World
    current: str | None = None  # the template the test database was last copied from

    def restore(self, template: str) -> None:
        raise NotImplementedError

    def keep_as(self, template: str) -> None:
        """The test database as it is now becomes the template of that name (no connection may be open)."""
        raise NotImplementedError

    def prepare(self, make_app: Callable[[str], Flask], register_officials: Callable[[], None]) -> None:
        app = make_app(self.url)
        with app.app_context():
            upgrade(directory=str(MIGRATIONS))
            db.session.remove()
            db.engine.dispose()
        self.keep_as(EMPTY)
        with app.app_context():
            self.world = build_world()
            register_officials()
            db.session.remove()
            db.engine.dispose()
        self.keep_as(WITH_WORLD)

    def world_ids(self) -> World:
        assert self.current == WITH_WORLD, "the test database was copied before the test asked for `world`"
        return copy.deepcopy(self.world)


class SqliteDatabases(Databases):
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.live = folder / "test.sqlite3"
        self.url = f"sqlite:///{self.live}"

    def _template(self, name: str) -> Path:
        return self.folder / f"template-{name}.sqlite3"

    def keep_as(self, template: str) -> None:
        shutil.copyfile(self.live, self._template(template))

    def restore(self, template: str) -> None:
        self.copy_to(template, self.live)
        self.current = template

    def copy_to(self, template: str, path: Path) -> None:
        for leftover in (path.with_name(path.name + suffix) for suffix in ("-journal", "-wal", "-shm")):
            leftover.unlink(missing_ok=True)
        shutil.copyfile(self._template(template), path)


class PostgresDatabases(Databases):
    def __init__(self, cluster: postgres.Cluster) -> None:
        self.admin: Engine = create_engine(cluster.url("postgres"), isolation_level="AUTOCOMMIT", poolclass=NullPool)
        self.url = postgres.create_database(cluster, "casework_test")

    def _run(self, *statements: str) -> None:
        with self.admin.connect() as connection:
            for statement in statements:
                connection.exec_driver_sql(statement)

    def keep_as(self, template: str) -> None:
        self._run(
            f"DROP DATABASE IF EXISTS template_{template}",
            f"CREATE DATABASE template_{template} TEMPLATE casework_test",
        )

    def restore(self, template: str) -> None:
        # FORCE: a connection a test left open (a thread, a second app) does not keep the old database alive.
        self._run(
            "DROP DATABASE casework_test WITH (FORCE)", f"CREATE DATABASE casework_test TEMPLATE template_{template}"
        )
        self.current = template
