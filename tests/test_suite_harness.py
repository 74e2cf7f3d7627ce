"""The shortcuts tests/support/speed.py takes leave the app's own behaviour pinned."""

from __future__ import annotations

from argon2 import Type
from flask import Flask
from jinja2 import DictLoader, Environment

from casework.auth import passwords
from tests.support import speed


def test_the_app_hashes_passwords_with_argon2id_at_full_cost() -> None:
    """The tests hash cheaply; the app's own hasher keeps the RFC 9106 cost (64 MiB, 3 passes, 4 lanes)."""
    hasher = speed.PRODUCTION_HASHER
    assert hasher.type is Type.ID
    assert hasher.memory_cost >= 65536
    assert hasher.time_cost >= 3
    assert hasher.parallelism >= 1
    stored = hasher.hash("mat-khau-that-dai")
    assert stored.startswith("$argon2id$") and "m=65536" in stored
    assert passwords.verify_password(stored, "mat-khau-that-dai")  # a production hash verifies in the tests too
    assert not passwords.verify_password(stored, "mat-khau-sai")


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
