"""A live server on SQLite and Debian's chromium driven by Playwright (no browser download)."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, sync_playwright
from werkzeug.serving import make_server

from casework.extensions import db
from tests.conftest import make_app
from tests.support.databases import EMPTY, SqliteDatabases
from tests.support.world import World, build_world

ARTIFACTS = Path(__file__).resolve().parent.parent / ".artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    raise RuntimeError("Debian's chromium is missing: `make test` installs it (apt-get install chromium)")


@pytest.fixture
def live_app(tmp_path: Path, sqlite_templates: SqliteDatabases) -> Iterator[tuple[Flask, World]]:
    sqlite_templates.copy_to(EMPTY, tmp_path / "browser.sqlite3")  # the schema as `upgrade head` built it
    app = make_app(f"sqlite:///{tmp_path / 'browser.sqlite3'}", tmp_path, WTF_CSRF_ENABLED=True)
    with app.app_context():
        world = build_world()
    yield app, world
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def base_url(live_app: tuple[Flask, World]) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, live_app[0], threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="vi-VN", is_mobile=True, has_touch=True
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def desktop(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = context.new_page()
    yield page
    context.close()


def screenshot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def wait_until(page: Page, expression: str, seconds: float = 15) -> None:
    """Poll a JavaScript expression from the test: `page.wait_for_function` polls with eval inside the page,
    which the app's Content-Security-Policy (no 'unsafe-eval') rightly refuses."""
    for _ in range(int(seconds * 10)):
        if page.evaluate(expression):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"still false after {seconds} s: {expression}")
