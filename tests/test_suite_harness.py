"""The shortcuts tests/support/speed.py takes leave the app's own behaviour pinned."""

from __future__ import annotations

from pathlib import Path

import pytest
from argon2 import PasswordHasher, Type
from flask import Flask
from jinja2 import DictLoader, Environment
from sqlalchemy import Engine, func, inspect, select

from casework.auth import passwords
from casework.extensions import db
from casework.models import Household, User
from tests.support import speed
from tests.support.world import World, add_household


def test_the_app_hashes_passwords_with_argon2id_at_full_cost() -> None:
    """The tests hash cheaply; the app's own hasher keeps OWASP's Argon2id cost (46 MiB, 1 pass, 1 lane)."""
    hasher = speed.PRODUCTION_HASHER
    assert hasher.type is Type.ID
    assert hasher.memory_cost >= 47104
    assert hasher.time_cost >= 1
    assert hasher.parallelism >= 1
    stored = hasher.hash("mat-khau-that-dai")
    assert stored.startswith("$argon2id$") and "m=47104,t=1,p=1" in stored
    assert passwords.verify_password(stored, "mat-khau-that-dai")  # a production hash verifies in the tests too
    assert not passwords.verify_password(stored, "mat-khau-sai")


def test_a_hash_made_with_other_parameters_is_made_again_at_the_next_sign_in() -> None:
    older = PasswordHasher().hash("mat-khau-that-dai")  # argon2-cffi's default, which the app used before
    assert passwords.verify_password(older, "mat-khau-that-dai")
    assert speed.PRODUCTION_HASHER.check_needs_rehash(older)
    assert not speed.PRODUCTION_HASHER.check_needs_rehash(speed.PRODUCTION_HASHER.hash("mat-khau-that-dai"))


def test_the_tests_still_hash_with_argon2id() -> None:
    stored = passwords.hash_password("mat-khau-thu")
    assert stored.startswith("$argon2id$")
    assert passwords.verify_password(stored, "mat-khau-thu")
    assert not passwords.verify_password(stored, "mat-khau-khac")


def test_a_changed_template_is_compiled_again_despite_the_shared_cache() -> None:
    templates = {"page.html": "Xin chào {{ name }}"}

    def environment() -> Environment:
        return Environment(loader=DictLoader(templates), bytecode_cache=speed.SHARED_BYTECODE, autoescape=True)

    assert environment().get_template("page.html").render(name="An") == "Xin chào An"
    templates["page.html"] = "Tạm biệt {{ name }}"
    assert environment().get_template("page.html").render(name="An") == "Tạm biệt An"


def test_every_app_the_tests_build_shares_the_compiled_templates(app: Flask) -> None:
    assert app.jinja_env.bytecode_cache is speed.SHARED_BYTECODE


def test_apps_on_one_database_share_an_engine_and_in_memory_databases_do_not(tmp_path: Path) -> None:
    from tests.conftest import make_app

    def engine_of(app: Flask) -> Engine:
        with app.app_context():
            return db.engine

    url = f"sqlite:///{tmp_path / 'one.sqlite3'}"
    assert engine_of(make_app(url, tmp_path)) is engine_of(make_app(url, tmp_path))
    assert engine_of(make_app("sqlite://", tmp_path)) is not engine_of(make_app("sqlite://", tmp_path))
    assert engine_of(make_app(url, tmp_path)) is not engine_of(make_app(url, tmp_path, SQLALCHEMY_ECHO=True))


@pytest.mark.parametrize("round_", [1, 2])
def test_every_test_starts_on_a_fresh_copy_of_the_world(app: Flask, world: World, round_: int) -> None:
    """The first round adds a household and a user; the second (and every other test) must not see them."""
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Household)) == len(world.households)
        assert set(db.session.scalars(select(User.username))) == set(world.users)
        add_household(world)
        db.session.add(User(username=f"them{round_}", full_name="Them", password_hash="x"))
        db.session.commit()


def test_a_test_without_the_world_starts_on_an_empty_migrated_database(app: Flask) -> None:
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 0
        assert db.session.scalar(select(func.count()).select_from(Household)) == 0
        assert "alembic_version" in inspect(db.engine).get_table_names()
