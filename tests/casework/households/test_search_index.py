"""Household search at scale: PostgreSQL answers `search_text LIKE '%key%'` from the trigram index
(pg_trgm, GIN); both databases find the same households, diacritics or not."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import text

from casework.extensions import db
from casework.households.queries import households_statement
from casework.models import User
from tests.support.world import World


@pytest.mark.parametrize("typed", ["seo páo", "SEO PAO", "Giàng Seo", "giang seo pao"])
def test_search_finds_the_same_household_on_both_databases(app: Flask, world: World, typed: str) -> None:
    with app.app_context():
        admin = db.session.get_one(User, world.users["admin"])
        found = db.session.execute(households_statement(admin, query=typed)).scalars().all()
        assert [h.id for h in found] == [world.households["a1"]]
        assert db.session.execute(households_statement(admin, query="páo xyz")).scalars().all() == []


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_postgresql_searches_through_the_trigram_index(app: Flask, world: World) -> None:
    with app.app_context():
        admin = db.session.get_one(User, world.users["admin"])
        statement = households_statement(admin, query="seo pao")
        # The compiled literal doubles '%' for the driver's paramstyle; EXPLAIN gets the pattern itself.
        sql = str(statement.compile(db.engine, compile_kwargs={"literal_binds": True})).replace("%%", "%")
        assert "households.search_text LIKE '%seo%pao%'" in sql
        # On the tiny test table a scan would win: rule out whole-table and whole-index scans, which leaves a
        # bitmap scan of an index that can answer the LIKE itself.
        db.session.execute(text("SET LOCAL enable_seqscan = off"))
        db.session.execute(text("SET LOCAL enable_indexscan = off"))
        plan = "\n".join(db.session.execute(text(f"EXPLAIN {sql}")).scalars())
        db.session.rollback()
        assert "ix_households_search_trgm" in plan, plan
        extension = db.session.execute(text("SELECT extname FROM pg_extension WHERE extname = 'pg_trgm'")).scalar()
        assert extension == "pg_trgm"
